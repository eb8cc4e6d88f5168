import { errorReply, notFound, validationError, type Reply } from "./wire";

// Lists (now "segments") of contacts and their memberships, as the v3 Lists API answers
// PUT /crm/v3/lists/{listId}/memberships/add and /remove: the body is a JSON array of record ids;
// the reply names the ids added, removed and missing (no such record). Ids already in (add) or not
// in (remove) the list are ignored, as HubSpot documents. Only MANUAL and SNAPSHOT lists take
// memberships by API. `recordsIdsAdded` is HubSpot's spelling (and the SDK's model field).

export type ProcessingType = "MANUAL" | "SNAPSHOT" | "DYNAMIC";
export type LocalList = { listId: string; name: string; processingType: ProcessingType; objectTypeId: "0-1"; members: Map<string, string> };

export class Lists {
  readonly lists = new Map<string, LocalList>();
  private nextListId = 201;

  constructor(
    private readonly clock: () => number,
    /** Whether a contact record with this id exists (and is not archived). */
    private readonly contactExists: (id: string) => boolean,
  ) {}

  add(input: { name: string; processingType?: ProcessingType }): LocalList {
    const list: LocalList = { listId: String(this.nextListId++), name: input.name, processingType: input.processingType ?? "MANUAL", objectTypeId: "0-1", members: new Map() };
    this.lists.set(list.listId, list);
    return list;
  }

  /** PUT /crm/v3/lists/{listId}/memberships/add */
  addMembers(listId: string, body: unknown): Reply {
    return this.change(listId, body, (list, id, out) => {
      if (list.members.has(id)) return;
      list.members.set(id, new Date(this.clock()).toISOString());
      out.recordsIdsAdded.push(id);
    });
  }

  /** PUT /crm/v3/lists/{listId}/memberships/remove */
  removeMembers(listId: string, body: unknown): Reply {
    return this.change(listId, body, (list, id, out) => {
      if (list.members.delete(id)) out.recordIdsRemoved.push(id);
    });
  }

  private change(listId: string, body: unknown, apply: (list: LocalList, id: string, out: MembershipReply) => void): Reply {
    const list = this.lists.get(listId);
    if (!list) return notFound(`List ${listId} does not exist.`);
    if (list.processingType === "DYNAMIC") return errorReply(400, "VALIDATION_ERROR", `List ${listId} has processingType DYNAMIC; memberships can only be changed for MANUAL or SNAPSHOT lists.`);
    if (!Array.isArray(body) || body.some((id) => typeof id !== "string" && typeof id !== "number")) return validationError("Invalid input JSON: expected an array of record ids.");
    const ids = body.map(String);
    if (ids.some((id) => !/^\d+$/.test(id))) return validationError(`Invalid input JSON: record ids must be numeric, got ${ids.find((id) => !/^\d+$/.test(id))}.`);
    const out: MembershipReply = { recordIdsMissing: [], recordIdsRemoved: [], recordsIdsAdded: [] };
    for (const id of new Set(ids)) {
      if (!this.contactExists(id)) out.recordIdsMissing.push(id);
      else apply(list, id, out);
    }
    return { status: 200, body: out };
  }
}

type MembershipReply = { recordIdsMissing: string[]; recordIdsRemoved: string[]; recordsIdsAdded: string[] };
