import { checkValue, createGroup, createProperty, type LocalGroup, type LocalProperty, type ValueProblem } from "./properties";
import { searchRecords, type SearchRecord } from "./search";
import { contactGroups, contactProperties, SUPPORT_PIPELINE, ticketGroups, ticketProperties } from "./seed";
import { batchReply, errorReply, notFound, standardError, validationError, type Reply, type StandardError } from "./wire";

// The state of one HubSpot account (portal): contact and ticket properties, contacts, tickets and
// their associations, and the operations the routes call. Every method returns the reply HubSpot
// would send.

export const PORTAL_ID = 24_680_135;
export const MAX_BATCH_INPUTS = 100;
const MAX_ASSOCIATION_INPUTS = 1_000;

export type ObjectType = "contacts" | "tickets";

export type LocalContact = { id: string; properties: Record<string, string>; createdAt: string; updatedAt: string; archived: boolean };
export type LocalTicket = { id: string; properties: Record<string, string>; createdAt: string; updatedAt: string; contactIds: string[] };

export type NewTicket = {
  subject?: string;
  /** hs_pipeline_stage of the default support pipeline: "1" New … "4" Closed. */
  stage: string;
  contactIds?: string[];
  contactEmails?: string[];
  createdAt?: Date;
  /** hs_lastmodifieddate; defaults to createdAt. */
  modifiedAt?: Date;
};

/** Inputs of a batch call to answer as failed (207), as `failNext(op, { kind: "partial" })` asks. */
export type PartialFailure = { ids: string[]; message?: string; category?: string };

// Paths take plural names, singular names and object type ids alike.
const OBJECT_ALIASES: Record<string, ObjectType> = { contacts: "contacts", contact: "contacts", "0-1": "contacts", tickets: "tickets", ticket: "tickets", "0-5": "tickets" };
export const objectTypeOf = (segment: string): ObjectType | undefined => OBJECT_ALIASES[segment.toLowerCase()];

const DEFAULT_SEARCH_PROPERTIES: Record<ObjectType, string[]> = {
  contacts: ["firstname", "lastname", "email", "lastmodifieddate", "hs_object_id", "createdate"],
  tickets: ["content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject", "createdate", "hs_lastmodifieddate", "hs_object_id"],
};
const ALWAYS_PROPERTIES: Record<ObjectType, string[]> = {
  contacts: ["hs_object_id", "createdate", "lastmodifieddate"],
  tickets: ["hs_object_id", "createdate", "hs_lastmodifieddate"],
};
// HUBSPOT_DEFINED association type ids between contacts and tickets.
const ASSOCIATION_TYPE_IDS: Record<string, number> = { "tickets>contacts": 16, "contacts>tickets": 15 };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export class Portal {
  readonly contacts: LocalContact[] = [];
  readonly tickets: LocalTicket[] = [];
  readonly properties: Record<ObjectType, Map<string, LocalProperty>> = {
    contacts: new Map(contactProperties().map((p) => [p.name, p])),
    tickets: new Map(ticketProperties().map((p) => [p.name, p])),
  };
  readonly groups: Record<ObjectType, Map<string, LocalGroup>> = {
    contacts: new Map(contactGroups().map((g) => [g.name, g])),
    tickets: new Map(ticketGroups().map((g) => [g.name, g])),
  };
  private nextContactId = 101;
  private nextTicketId = 9_001;

  constructor(private readonly clock: () => number) {}

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  listProperties(type: ObjectType, archived: boolean): Reply {
    return { status: 200, body: { results: archived ? [] : [...this.properties[type].values()] } };
  }

  readProperty(type: ObjectType, name: string): Reply {
    const prop = this.properties[type].get(name);
    return prop ? { status: 200, body: prop } : notFound(`Unable to find property ${name} on object type ${type}.`);
  }

  createProperty(type: ObjectType, body: unknown): Reply {
    const created = createProperty(body, this.properties[type], this.groups[type], this.now());
    if ("status" in created) return created;
    this.properties[type].set(created.name, created);
    return { status: 201, body: created };
  }

  listGroups(type: ObjectType): Reply {
    return { status: 200, body: { results: [...this.groups[type].values()] } };
  }

  createGroup(type: ObjectType, body: unknown): Reply {
    const created = createGroup(body, this.groups[type]);
    if ("status" in created) return created;
    this.groups[type].set(created.name, created);
    return { status: 201, body: created };
  }

  /** Adds a contact directly (test setup); emails are stored lower-cased, as HubSpot does. */
  addContact(properties: Record<string, string>): LocalContact {
    const now = this.now();
    const id = String(this.nextContactId++);
    const contact: LocalContact = { id, createdAt: now, updatedAt: now, archived: false, properties: { ...properties, hs_object_id: id, createdate: now, lastmodifieddate: now } };
    if (contact.properties.email) contact.properties.email = contact.properties.email.toLowerCase();
    this.contacts.push(contact);
    return contact;
  }

  addTicket(input: NewTicket): LocalTicket {
    const created = (input.createdAt ?? new Date(this.clock())).toISOString();
    const modified = (input.modifiedAt ?? input.createdAt ?? new Date(this.clock())).toISOString();
    const byEmail = (input.contactEmails ?? []).map((email) => {
      const contact = this.findContact("email", email);
      if (!contact) throw new Error(`local HubSpot: no contact with email ${email}`);
      return contact.id;
    });
    const id = String(this.nextTicketId++);
    const ticket: LocalTicket = {
      id,
      createdAt: created,
      updatedAt: modified,
      contactIds: [...new Set([...(input.contactIds ?? []), ...byEmail])],
      properties: {
        subject: input.subject ?? `Ticket ${id}`,
        hs_pipeline: SUPPORT_PIPELINE,
        hs_pipeline_stage: input.stage,
        createdate: created,
        hs_lastmodifieddate: modified,
        hs_object_id: id,
      },
    };
    this.tickets.push(ticket);
    return ticket;
  }

  private findContact(idProperty: string, value: string): LocalContact | undefined {
    const wanted = value.toLowerCase();
    if (idProperty === "hs_object_id") return this.contacts.find((c) => c.id === value && !c.archived);
    return this.contacts.find((c) => !c.archived && c.properties[idProperty]?.toLowerCase() === wanted);
  }

  private contactView(c: LocalContact, names: readonly string[]) {
    return { id: c.id, properties: Object.fromEntries(names.map((n) => [n, c.properties[n] ?? null])), createdAt: c.createdAt, updatedAt: c.updatedAt, archived: c.archived };
  }

  /** POST /crm/v3/objects/contacts/batch/upsert */
  upsertContacts(body: unknown, partial?: PartialFailure): Reply {
    const startedAt = this.now();
    const inputs = batchInputs(body);
    if (typeof inputs === "string") return validationError(inputs);
    const parsed: Array<{ id: string; idProperty: string; properties: Record<string, string>; traceId?: string }> = [];
    for (const [i, input] of inputs.entries()) {
      if (!isRecord(input) || typeof input.id !== "string" || !isRecord(input.properties)) return validationError(`Invalid input JSON: inputs[${i}] needs id and properties.`);
      const values = Object.entries(input.properties);
      const nonString = values.find(([, v]) => typeof v !== "string");
      if (nonString) return validationError(`Invalid input JSON: inputs[${i}].properties.${nonString[0]} must be a string.`);
      const idProperty = typeof input.idProperty === "string" ? input.idProperty : "hs_object_id";
      const prop = this.properties.contacts.get(idProperty);
      if (idProperty !== "email" && !prop?.hasUniqueValue) return validationError(`Unable to perform update/upsert by non-unique 0-1 property ${idProperty} in portal ID ${PORTAL_ID}`);
      parsed.push({ id: input.id, idProperty, properties: Object.fromEntries(values) as Record<string, string>, traceId: typeof input.objectWriteTraceId === "string" ? input.objectWriteTraceId : undefined });
    }
    const seen = new Set<string>();
    const duplicates = parsed.map((p) => p.id.toLowerCase()).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    if (duplicates.length > 0) return validationError(`Duplicate IDs found in batch input: [${duplicates.join(", ")}]. IDs must be unique`);

    const results: unknown[] = [];
    const errors: StandardError[] = [];
    for (const input of parsed) {
      const context = { ids: [input.id], ...(input.traceId ? { objectWriteTraceId: [input.traceId] } : {}) };
      if (partial?.ids.some((id) => id.toLowerCase() === input.id.toLowerCase())) {
        errors.push(standardError(partial.category ?? "VALIDATION_ERROR", partial.message ?? "Injected failure", context));
        continue;
      }
      const problems: ValueProblem[] = [];
      const values: Record<string, string> = {};
      if (input.idProperty === "email") {
        const check = checkValue(this.properties.contacts.get("email"), "email", input.id);
        if ("problem" in check) problems.push(check.problem);
      }
      for (const [name, raw] of Object.entries(input.properties)) {
        const check = checkValue(this.properties.contacts.get(name), name, raw);
        if ("problem" in check) problems.push(check.problem);
        else values[name] = check.value;
      }
      if (problems.length > 0) {
        const details = problems.map((p) => ({ message: p.message, code: p.error, in: p.name }));
        errors.push(standardError("VALIDATION_ERROR", `Property values were not valid: ${JSON.stringify(problems)}`, context, details));
        continue;
      }
      const now = this.now();
      let contact = this.findContact(input.idProperty, input.id);
      const created = !contact;
      if (!contact) contact = this.addContact(input.idProperty === "email" ? { email: input.id } : { [input.idProperty]: input.id });
      if (input.idProperty === "email") values.email = input.id.toLowerCase();
      Object.assign(contact.properties, values, { lastmodifieddate: now });
      contact.updatedAt = now;
      const names = [...new Set([...Object.keys(values), "email", ...ALWAYS_PROPERTIES.contacts])];
      results.push({ ...this.contactView(contact, names), new: created, ...(input.traceId ? { objectWriteTraceId: input.traceId } : {}) });
    }
    return batchReply(200, results, errors, { startedAt, completedAt: this.now() });
  }

  /** POST /crm/v3/objects/contacts/batch/read */
  readContacts(body: unknown, archived: boolean, partial?: PartialFailure): Reply {
    const startedAt = this.now();
    const inputs = batchInputs(body);
    if (typeof inputs === "string") return validationError(inputs);
    if (inputs.some((i) => !isRecord(i) || typeof i.id !== "string")) return validationError("Invalid input JSON: every input needs an id.");
    const b = body as Record<string, unknown>;
    const idProperty = typeof b.idProperty === "string" ? b.idProperty : "hs_object_id";
    const requested = Array.isArray(b.properties) ? b.properties.filter((p): p is string => typeof p === "string") : [];
    const names = [...new Set([...(requested.length ? requested : DEFAULT_SEARCH_PROPERTIES.contacts), ...ALWAYS_PROPERTIES.contacts])];
    const ids = inputs.map((i) => (i as { id: string }).id);
    const results: unknown[] = [];
    const missing: string[] = [];
    const injected: string[] = [];
    for (const id of ids) {
      if (partial?.ids.some((x) => x.toLowerCase() === id.toLowerCase())) {
        injected.push(id);
        continue;
      }
      const contact = archived ? undefined : this.findContact(idProperty, id);
      if (contact) results.push(this.contactView(contact, names));
      else missing.push(id);
    }
    const errors: StandardError[] = [];
    if (missing.length > 0) errors.push(standardError("OBJECT_NOT_FOUND", "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.", { ids: missing }));
    if (injected.length > 0) errors.push(standardError(partial?.category ?? "INTERNAL_ERROR", partial?.message ?? "Injected failure", { ids: injected }));
    return batchReply(200, results, errors, { startedAt, completedAt: this.now() });
  }

  /** POST /crm/v3/objects/{objectType}/search */
  search(type: ObjectType, body: unknown): Reply {
    const records: SearchRecord[] =
      type === "contacts"
        ? this.contacts.filter((c) => !c.archived).map((c) => ({ ...c, associations: { ticket: this.tickets.filter((t) => t.contactIds.includes(c.id)).map((t) => t.id) } }))
        : this.tickets.map((t) => ({ ...t, associations: { contact: t.contactIds } }));
    return searchRecords(records, body, this.properties[type], DEFAULT_SEARCH_PROPERTIES[type], ALWAYS_PROPERTIES[type]);
  }

  /** POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read */
  readAssociations(from: ObjectType, to: ObjectType, body: unknown): Reply {
    const startedAt = this.now();
    const typeId = ASSOCIATION_TYPE_IDS[`${from}>${to}`];
    if (typeId === undefined) return validationError(`Associations from ${from} to ${to} are not modelled by the local HubSpot.`);
    if (!isRecord(body) || !Array.isArray(body.inputs)) return validationError("Invalid input JSON: expected { inputs: [...] }.");
    if (body.inputs.length > MAX_ASSOCIATION_INPUTS) return validationError(`The maximum number of inputs supported in a batch request is ${MAX_ASSOCIATION_INPUTS}.`);
    const results: unknown[] = [];
    const errors: StandardError[] = [];
    for (const input of body.inputs) {
      if (!isRecord(input) || typeof input.id !== "string") return validationError("Invalid input JSON: every input needs an id.");
      const id = input.id;
      const exists = from === "tickets" ? this.tickets.some((t) => t.id === id) : this.contacts.some((c) => c.id === id);
      const targets = from === "tickets" ? (this.tickets.find((t) => t.id === id)?.contactIds ?? []) : this.tickets.filter((t) => t.contactIds.includes(id)).map((t) => t.id);
      if (!exists || targets.length === 0) {
        errors.push(standardError("OBJECT_NOT_FOUND", `No ${to} is associated with ${from} ${id}.`, { fromObjectId: [id], toObjectType: [to] }, [], "crm.associations.NO_ASSOCIATIONS_FOUND"));
        continue;
      }
      // v4 returns numeric toObjectId.
      results.push({ from: { id }, to: targets.map((t) => ({ toObjectId: Number(t), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId, label: null }] })) });
    }
    return batchReply(200, results, errors, { startedAt, completedAt: this.now() });
  }
}

function batchInputs(body: unknown): unknown[] | string {
  if (!isRecord(body) || !Array.isArray(body.inputs)) return "Invalid input JSON: expected { inputs: [...] }.";
  if (body.inputs.length > MAX_BATCH_INPUTS) return `The maximum number of inputs supported in a batch request is ${MAX_BATCH_INPUTS}.`;
  return body.inputs;
}

export const unknownObjectType = (segment: string): Reply => errorReply(400, "VALIDATION_ERROR", `Unable to infer object type from: ${segment}`);
