import { sfError, type SfError } from "./wire";

// Field definitions of the local org: the standard fields it models for Contact and Case, the custom
// fields created through the Tooling API (validated the way Metadata API validates CustomField), the
// describe entry of each, and the per-type checks a written value must pass.

export type FieldType = "Id" | "Text" | "Email" | "Phone" | "Number" | "Percent" | "Currency" | "Date" | "DateTime" | "LongTextArea" | "Checkbox" | "Reference";

export type FieldDef = {
  name: string;
  label: string;
  type: FieldType;
  custom: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  visibleLines?: number;
  externalId: boolean;
  unique: boolean;
  /** Required on create (LastName). */
  required: boolean;
  /** False for system and computed fields (Id, Name, CreatedDate, …). */
  writable: boolean;
  /** Tooling API id (00N…) of a custom field. */
  id?: string;
  description?: string;
};

const std = (name: string, label: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type,
  custom: false,
  externalId: false,
  unique: false,
  required: false,
  writable: true,
  ...extra,
});
const system = { writable: false };

export const STANDARD_FIELDS: Record<"Contact" | "Case", FieldDef[]> = {
  Contact: [
    std("Id", "Contact ID", "Id", { ...system, length: 18 }),
    std("FirstName", "First Name", "Text", { length: 40 }),
    std("LastName", "Last Name", "Text", { length: 80, required: true }),
    std("Name", "Full Name", "Text", { ...system, length: 121 }),
    std("Email", "Email", "Email", { length: 80 }),
    std("Phone", "Business Phone", "Phone", { length: 40 }),
    std("Title", "Title", "Text", { length: 128 }),
    std("CreatedDate", "Created Date", "DateTime", system),
    std("LastModifiedDate", "Last Modified Date", "DateTime", system),
  ],
  Case: [
    std("Id", "Case ID", "Id", { ...system, length: 18 }),
    std("CaseNumber", "Case Number", "Text", { ...system, length: 30 }),
    std("Subject", "Subject", "Text", { length: 255 }),
    std("Status", "Status", "Text", { length: 40 }),
    std("IsClosed", "Closed", "Checkbox", system),
    std("ContactId", "Contact ID", "Reference", { length: 18 }),
    std("CreatedDate", "Created Date", "DateTime", system),
    std("LastModifiedDate", "Last Modified Date", "DateTime", system),
  ],
};

const DESCRIBE_TYPES: Record<FieldType, string> = {
  Id: "id",
  Text: "string",
  Email: "email",
  Phone: "phone",
  Number: "double",
  Percent: "percent",
  Currency: "currency",
  Date: "date",
  DateTime: "datetime",
  LongTextArea: "textarea",
  Checkbox: "boolean",
  Reference: "reference",
};

/** The entry `GET /sobjects/{type}/describe` lists for a field (the subset of properties clients read). */
export function describeField(f: FieldDef): Record<string, unknown> {
  return {
    name: f.name,
    label: f.label,
    type: DESCRIBE_TYPES[f.type],
    soapType: f.type === "Number" || f.type === "Percent" || f.type === "Currency" ? "xsd:double" : "xsd:string",
    length: f.length ?? 0,
    precision: f.precision ?? 0,
    scale: f.scale ?? 0,
    digits: 0,
    custom: f.custom,
    externalId: f.externalId,
    unique: f.unique,
    idLookup: f.name === "Id" || f.externalId,
    nillable: !f.required && f.type !== "Checkbox" && f.name !== "Id",
    createable: f.writable,
    updateable: f.writable,
    calculated: f.name === "Name",
    filterable: f.type !== "LongTextArea",
    extraTypeInfo: f.type === "LongTextArea" ? "plaintextarea" : null,
    inlineHelpText: null,
  };
}

const TYPES_WITH_LENGTH = new Set<FieldType>(["Text", "LongTextArea"]);
const NUMERIC = new Set<FieldType>(["Number", "Percent", "Currency"]);
const CAN_BE_EXTERNAL_ID = new Set<FieldType>(["Text", "Number", "Email"]);
const CREATABLE = new Set<FieldType>(["Text", "Email", "Phone", "Number", "Percent", "Currency", "Date", "DateTime", "LongTextArea", "Checkbox"]);

const integrity = (message: string): SfError => sfError("FIELD_INTEGRITY_EXCEPTION", message);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/**
 * Validates a Tooling API CustomField `Metadata` the way the Metadata API does for the types the
 * local org knows, returning the new field or the error Salesforce would answer with.
 */
export function customFieldFromMetadata(name: string, metadata: Record<string, unknown>): FieldDef | SfError {
  const { type, label, length, precision, scale, visibleLines } = metadata;
  if (typeof type !== "string" || !CREATABLE.has(type as FieldType)) return integrity(`Invalid or unsupported field type: ${String(type)}`);
  const fieldType = type as FieldType;
  if (typeof label !== "string" || label.trim() === "" || label.length > 40) return integrity("Field Label: must be 1 to 40 characters");
  const externalId = metadata.externalId === true;
  const unique = metadata.unique === true;
  const field: FieldDef = { name, label, type: fieldType, custom: true, externalId, unique, required: metadata.required === true, writable: true };
  if (typeof metadata.description === "string") field.description = metadata.description;
  if (fieldType === "Text") {
    if (!isInt(length, 1, 255)) return integrity("Length: must be a whole number from 1 to 255");
    field.length = length;
  }
  if (fieldType === "LongTextArea") {
    if (!isInt(length, 256, 131_072)) return integrity("Length: must be a whole number from 256 to 131072");
    if (!isInt(visibleLines, 1, 50)) return integrity("Visible Lines: must be a whole number from 1 to 50");
    field.length = length;
    field.visibleLines = visibleLines;
  }
  if (!TYPES_WITH_LENGTH.has(fieldType) && length !== undefined) return integrity(`Length: not allowed on a ${fieldType} field`);
  if (NUMERIC.has(fieldType)) {
    if (!isInt(precision, 1, 18)) return integrity("Precision: must be a whole number from 1 to 18");
    if (!isInt(scale, 0, precision)) return integrity("Decimal Places: must be a whole number from 0 to the precision");
    field.precision = precision;
    field.scale = scale;
  } else if (precision !== undefined || scale !== undefined) {
    return integrity(`Precision and scale are not allowed on a ${fieldType} field`);
  }
  if (fieldType === "Email") field.length = 80;
  if (fieldType === "Phone") field.length = 40;
  if ((externalId || unique) && !CAN_BE_EXTERNAL_ID.has(fieldType)) return integrity(`External ID and Unique are only available on Text, Number and Email fields, not ${fieldType}`);
  return field;
}

// Developer names: a letter first, then letters, digits and single underscores, no trailing
// underscore, at most 40 characters; custom fields end in __c.
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
export function invalidDeveloperName(fieldName: string): string | null {
  if (!fieldName.endsWith("__c")) return `Custom field names end in __c: ${fieldName}`;
  const developerName = fieldName.slice(0, -3);
  if (developerName.length > 40 || !DEVELOPER_NAME.test(developerName) || developerName.endsWith("_")) {
    return `The Field Name ${developerName} can only contain underscores and alphanumeric characters, must begin with a letter, not end with an underscore, not contain two consecutive underscores, and be at most 40 characters`;
  }
  return null;
}

export type RecordError = { statusCode: string; message: string; fields: string[] };
const recordError = (statusCode: string, f: FieldDef, message: string): RecordError => ({ statusCode, message: `${f.label}: ${message}`, fields: [f.name] });

// Loose on purpose: Salesforce refuses obvious non-addresses, not every RFC corner case.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks and normalises a value written to a field; `null` clears it. */
export function coerceValue(f: FieldDef, value: unknown): { value: unknown } | { error: RecordError } {
  if (value === null) return f.required ? { error: { statusCode: "REQUIRED_FIELD_MISSING", message: `Required fields are missing: [${f.name}]`, fields: [f.name] } } : { value: null };
  const wrongType = { error: recordError("INVALID_TYPE_ON_FIELD_IN_RECORD", f, `value not of required type: ${JSON.stringify(value)}`) };
  switch (f.type) {
    case "Text":
    case "Phone":
    case "LongTextArea":
    case "Email": {
      if (typeof value !== "string") return wrongType;
      if (f.length !== undefined && value.length > f.length) return { error: recordError("STRING_TOO_LONG", f, `data value too large: ${value.slice(0, 40)} (max length=${f.length})`) };
      if (f.type === "Email" && value !== "" && !EMAIL.test(value)) return { error: recordError("INVALID_EMAIL_ADDRESS", f, `invalid email address: ${value}`) };
      return { value: value === "" ? null : value };
    }
    case "Number":
    case "Percent":
    case "Currency": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) return wrongType;
      const scale = f.scale ?? 0;
      const integerDigits = Math.trunc(Math.abs(n)).toString().length;
      if (Math.trunc(Math.abs(n)) !== 0 && integerDigits > (f.precision ?? 18) - scale) {
        return { error: recordError("NUMBER_OUTSIDE_VALID_RANGE", f, `value outside of valid range on numeric field: ${n}`) };
      }
      return { value: Number(n.toFixed(scale)) };
    }
    case "DateTime":
    case "Date": {
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) return wrongType;
      return { value: f.type === "Date" ? value.slice(0, 10) : formatDateTime(Date.parse(value)) };
    }
    case "Checkbox":
      return typeof value === "boolean" ? { value } : wrongType;
    case "Id":
    case "Reference":
      return typeof value === "string" && /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(value) ? { value } : { error: recordError("MALFORMED_ID", f, `id value of incorrect type: ${String(value)}`) };
  }
}

/** Salesforce's wire format for dateTime values: `2026-11-16T10:20:30.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}
