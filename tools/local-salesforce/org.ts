import { STANDARD_FIELDS, coerceValue, customFieldFromMetadata, describeField, formatDateTime, invalidDeveloperName, type FieldDef, type RecordError } from "./fields";
import { fail, notFound, ok, recordId, isSfError, type Reply } from "./wire";

// The data behind the local org: Contacts and Cases, the custom fields created so far, and the
// operations the REST API offers on them (describe, Tooling API CustomField create, upsert by
// external id one record at a time or as an sObject collection).

export type SObjectName = "Contact" | "Case";
export type SfRecord = { Id: string; [field: string]: unknown };
export type CustomField = FieldDef & { object: SObjectName };
/** Makes the next write of the record with this external id value fail with this error. */
export type RecordFailure = { record: string; statusCode: string; message?: string; fields?: string[] };

type UpsertResult = { id: string; success: true; errors: []; created: boolean } | { success: false; errors: RecordError[] };

/** sObject collections take at most 200 records per call. */
export const MAX_COLLECTION = 200;
const PREFIX: Record<SObjectName, string> = { Contact: "003", Case: "500" };

export class Org {
  readonly contacts: SfRecord[] = [];
  readonly cases: SfRecord[] = [];
  readonly fields: CustomField[] = [];
  readonly recordFailures: RecordFailure[] = [];
  private seq = 0;

  constructor(private readonly clock: () => number) {}

  static isSObject(name: string): name is SObjectName {
    return name === "Contact" || name === "Case";
  }

  records(object: SObjectName): SfRecord[] {
    return object === "Contact" ? this.contacts : this.cases;
  }

  fieldsOf(object: SObjectName): FieldDef[] {
    return [...STANDARD_FIELDS[object], ...this.fields.filter((f) => f.object === object)];
  }

  /** Field names are case-insensitive in Salesforce. */
  field(object: SObjectName, name: string): FieldDef | undefined {
    const lower = name.toLowerCase();
    return this.fieldsOf(object).find((f) => f.name.toLowerCase() === lower);
  }

  now(): string {
    return formatDateTime(this.clock());
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return recordId(prefix, this.seq);
  }

  /** Inserts a record as if created in the Salesforce UI (no validation), for test fixtures. */
  insert(object: SObjectName, values: Record<string, unknown>): SfRecord {
    const now = this.now();
    const record: SfRecord = { CreatedDate: now, LastModifiedDate: now, ...values, Id: this.nextId(PREFIX[object]) };
    if (object === "Contact") record.Name = fullName(record);
    this.records(object).push(record);
    return record;
  }

  describe(object: string, version: string): Reply {
    if (!Org.isSObject(object)) return fail(404, "NOT_FOUND", `The requested resource does not exist`);
    const base = `/services/data/v${version}/sobjects/${object}`;
    return ok({
      name: object,
      label: object,
      labelPlural: `${object}s`,
      keyPrefix: PREFIX[object],
      custom: false,
      createable: true,
      updateable: true,
      queryable: true,
      fields: this.fieldsOf(object).map(describeField),
      urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
    });
  }

  /** Tooling API `POST /tooling/sobjects/CustomField` with `{ FullName: "Contact.X__c", Metadata }`. */
  createField(body: unknown): Reply {
    if (typeof body !== "object" || body === null || Array.isArray(body)) return fail(400, "JSON_PARSER_ERROR", "Expected a JSON object");
    const { FullName, Metadata } = body as Record<string, unknown>;
    if (typeof FullName !== "string") return fail(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [FullName]", ["FullName"]);
    if (typeof Metadata !== "object" || Metadata === null) return fail(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [Metadata]", ["Metadata"]);
    const [object, fieldName, ...rest] = FullName.split(".");
    if (!object || !fieldName || rest.length > 0 || !Org.isSObject(object)) return fail(400, "FIELD_INTEGRITY_EXCEPTION", `Invalid FullName: ${FullName} (expected Contact.Field__c or Case.Field__c)`);
    const badName = invalidDeveloperName(fieldName);
    if (badName) return fail(400, "FIELD_INTEGRITY_EXCEPTION", badName);
    if (this.field(object, fieldName)) return fail(400, "DUPLICATE_DEVELOPER_NAME", `There is already a field named ${fieldName.slice(0, -3)} on ${object}.`);
    const field = customFieldFromMetadata(fieldName, Metadata as Record<string, unknown>);
    if (isSfError(field)) return { status: 400, body: [field] };
    const id = this.nextId("00N");
    this.fields.push({ ...field, id, object });
    return ok({ id, success: true, errors: [], warnings: [], infos: [] }, 201);
  }

  private externalIdField(object: SObjectName, name: string): FieldDef | Reply {
    const field = this.field(object, name);
    if (!field) return fail(404, "NOT_FOUND", `Provided external ID field does not exist or is not accessible: ${name}`);
    if (!field.externalId && field.name !== "Id") return fail(400, "INVALID_FIELD", `Field name provided, ${field.name} is not an External ID or indexed field for ${object}`);
    return field;
  }

  /** `PATCH /composite/sobjects/{object}/{extIdField}`: 200 with one UpsertResult per record, in order. */
  upsertCollection(object: string, extIdName: string, body: unknown): Reply {
    if (!Org.isSObject(object)) return fail(400, "INVALID_TYPE", `sObject type '${object}' is not supported.`);
    const extField = this.externalIdField(object, extIdName);
    if ("status" in extField) return extField;
    const { records, allOrNone } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    if (!Array.isArray(records)) return fail(400, "JSON_PARSER_ERROR", "records: expected an array of sObjects");
    if (records.length > MAX_COLLECTION) return fail(400, "EXCEEDED_ID_LIMIT", `record limit reached. cannot submit more than ${MAX_COLLECTION} records into this call`);
    for (const record of records) {
      const type = (record as { attributes?: { type?: unknown } } | null)?.attributes?.type;
      if (typeof type !== "string") return fail(400, "INVALID_TYPE", "Must send a concrete entity type.");
      if (type !== object) return fail(400, "INVALID_TYPE", `The sObject type ${type} in the request body doesn't match ${object} in the URI`);
    }
    const keys = records.map((r) => extKey((r as Record<string, unknown>)[extField.name]));
    const snapshot = this.records(object).map((r) => ({ ...r }));
    const results = records.map((r, i) => {
      if (keys[i] !== null && keys.filter((k) => k === keys[i]).length > 1) {
        return failure([{ statusCode: "DUPLICATE_EXTERNAL_ID", message: `Duplicate external id specified: ${String((r as Record<string, unknown>)[extField.name])}`, fields: [extField.name] }]);
      }
      return this.upsertOne(object, extField, r as Record<string, unknown>);
    });
    if (allOrNone === true && results.some((r) => !r.success)) {
      this.records(object).splice(0, Infinity, ...snapshot);
      return ok(results.map((r) => (r.success ? failure([{ statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK", message: "Record rolled back because not all records were valid and the request was using AllOrNone header", fields: [] }]) : r)));
    }
    return ok(results);
  }

  /** `PATCH /sobjects/{object}/{extIdField}/{value}`: 201 created, 200 updated (v46+), 300 ambiguous, 400 refused. */
  upsertSingle(object: string, extIdName: string, value: string, body: unknown, version: string): Reply {
    if (!Org.isSObject(object)) return notFound();
    const extField = this.externalIdField(object, extIdName);
    if ("status" in extField) return extField;
    if (typeof body !== "object" || body === null || Array.isArray(body)) return fail(400, "JSON_PARSER_ERROR", "Expected a JSON object");
    const matches = this.matches(object, extField, value);
    if (matches.length > 1) return { status: 300, body: matches.map((m) => `/services/data/v${version}/sobjects/${object}/${m.Id}`) };
    const { attributes: _attributes, ...fields } = body as Record<string, unknown>;
    const result = this.upsertOne(object, extField, { ...fields, [extField.name]: value });
    if (!result.success) return { status: 400, body: result.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })) };
    return ok(result, result.created ? 201 : 200);
  }

  private matches(object: SObjectName, extField: FieldDef, value: unknown): SfRecord[] {
    const key = extKey(value);
    return key === null ? [] : this.records(object).filter((r) => extKey(r[extField.name]) === key);
  }

  private upsertOne(object: SObjectName, extField: FieldDef, input: Record<string, unknown>): UpsertResult {
    const extValue = input[extField.name];
    if (extKey(extValue) === null) return failure([{ statusCode: "MISSING_ARGUMENT", message: `${extField.name} not specified`, fields: [extField.name] }]);
    const injected = this.recordFailures.findIndex((f) => f.record === extValue);
    if (injected >= 0) {
      const [f] = this.recordFailures.splice(injected, 1);
      return failure([{ statusCode: f!.statusCode, message: f!.message ?? `${f!.statusCode} (injected)`, fields: f!.fields ?? [] }]);
    }
    const matches = this.matches(object, extField, extValue);
    if (matches.length > 1) return failure([{ statusCode: "DUPLICATE_EXTERNAL_ID", message: `${extField.label}: more than one record found for external id field: [${matches.map((m) => m.Id).join(", ")}]`, fields: [extField.name] }]);
    const existing = matches[0];

    const errors: RecordError[] = [];
    const values: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(input)) {
      if (name === "attributes") continue;
      const field = this.field(object, name);
      if (!field) {
        errors.push({ statusCode: "INVALID_FIELD", message: `No such column '${name}' on sobject of type ${object}`, fields: [name] });
        continue;
      }
      if (!field.writable) {
        errors.push({ statusCode: "INVALID_FIELD_FOR_INSERT_UPDATE", message: `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, fields: [field.name] });
        continue;
      }
      const coerced = coerceValue(field, raw);
      if ("error" in coerced) errors.push(coerced.error);
      else values[field.name] = coerced.value;
    }
    if (!existing) {
      const missing = this.fieldsOf(object).filter((f) => f.required && (values[f.name] === undefined || values[f.name] === null)).map((f) => f.name);
      if (missing.length > 0 && !errors.some((e) => e.statusCode === "REQUIRED_FIELD_MISSING")) {
        errors.push({ statusCode: "REQUIRED_FIELD_MISSING", message: `Required fields are missing: [${missing.join(", ")}]`, fields: missing });
      }
    }
    for (const field of this.fieldsOf(object).filter((f) => f.unique && values[f.name] !== undefined && values[f.name] !== null)) {
      const other = this.matches(object, field, values[field.name]).find((r) => r !== existing);
      if (other) errors.push({ statusCode: "DUPLICATE_VALUE", message: `duplicate value found: ${field.name} duplicates value on record with id: ${other.Id}`, fields: [field.name] });
    }
    if (errors.length > 0) return failure(errors);

    if (existing) {
      Object.assign(existing, values, { LastModifiedDate: this.now() });
      if (object === "Contact") existing.Name = fullName(existing);
      return { id: existing.Id, success: true, errors: [], created: false };
    }
    const created = this.insert(object, values);
    return { id: created.Id, success: true, errors: [], created: true };
  }
}

const failure = (errors: RecordError[]): UpsertResult => ({ success: false, errors });

// External id matching ignores case unless the field is flagged case-sensitive, which the local org does not model.
function extKey(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" ? value.toLowerCase() : null;
}

function fullName(record: SfRecord): string {
  return [record.FirstName, record.LastName].filter((part) => typeof part === "string" && part !== "").join(" ");
}
