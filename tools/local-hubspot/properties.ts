import { validationError, errorReply, type Reply } from "./wire";

// Property definitions (PropertyCreate in, Property out) and the per-value checks a write goes
// through. HubSpot takes every value as a string and checks it against the property's type.

export type PropertyType = "string" | "number" | "date" | "datetime" | "enumeration" | "bool";

export type LocalOption = { label: string; value: string; description: string; displayOrder: number; hidden: boolean };

/** A property as `GET /crm/v3/properties/{objectType}` returns it. */
export type LocalProperty = {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  description: string;
  groupName: string;
  options: LocalOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined?: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  formField: boolean;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
};

export type LocalGroup = { name: string; label: string; displayOrder: number; archived: boolean };

// The type/fieldType pairs of HubSpot's properties guide; v3 refuses other pairs (changelog, Feb 2021).
export const FIELD_TYPES: Record<PropertyType, readonly string[]> = {
  bool: ["booleancheckbox", "calculation_equation"],
  enumeration: ["booleancheckbox", "checkbox", "radio", "select", "calculation_equation"],
  date: ["date"],
  datetime: ["date"],
  string: ["file", "text", "textarea", "calculation_equation", "html", "phonenumber"],
  number: ["number", "calculation_equation"],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isType = (v: unknown): v is PropertyType => typeof v === "string" && v in FIELD_TYPES;

/** Checks a PropertyCreate body; returns the property to store or the error reply HubSpot would send. */
export function createProperty(body: unknown, existing: ReadonlyMap<string, LocalProperty>, groups: ReadonlyMap<string, LocalGroup>, now: string): LocalProperty | Reply {
  if (!isRecord(body)) return validationError("Invalid input JSON: expected an object.");
  const missing = ["name", "label", "type", "fieldType", "groupName"].filter((k) => typeof body[k] !== "string" || body[k] === "");
  if (missing.length > 0) {
    return validationError(`Some required fields were not set: [${missing.join(", ")}]`, missing.map((k) => ({ message: `${k} is required`, in: k, code: "REQUIRED_FIELD" })));
  }
  const [name, label, type, fieldType, groupName] = [String(body.name), String(body.label), String(body.type), String(body.fieldType), String(body.groupName)] as const;
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return validationError(`Property name ${name} is invalid: use lowercase letters, digits and underscores, starting with a letter.`);
  if (!isType(type)) return validationError(`Invalid type ${type}; expected one of ${Object.keys(FIELD_TYPES).join(", ")}.`, [{ message: "invalid type", in: "type" }]);
  if (!FIELD_TYPES[type].includes(fieldType)) {
    return validationError(`Field type ${fieldType} is not valid for property type ${type}.`, [{ message: `valid field types are ${FIELD_TYPES[type].join(", ")}`, in: "fieldType" }]);
  }
  if (existing.has(name)) return errorReply(409, "OBJECT_ALREADY_EXISTS", `Property named '${name}' already exists.`);
  if (!groups.has(groupName)) return validationError(`Property group ${groupName} does not exist.`, [{ message: "unknown property group", in: "groupName" }]);
  const options = parseOptions(body.options);
  if ("error" in options) return options.error;
  if (type === "enumeration" && options.list.length === 0 && body.externalOptions !== true) {
    return validationError(`Enumeration property ${name} needs at least one option.`, [{ message: "options are required for enumeration properties", in: "options" }]);
  }
  const boolOptions: LocalOption[] = [
    { label: "Yes", value: "true", description: "", displayOrder: 0, hidden: false },
    { label: "No", value: "false", description: "", displayOrder: 1, hidden: false },
  ];
  return {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: typeof body.description === "string" ? body.description : "",
    options: type === "bool" && options.list.length === 0 ? boolOptions : options.list,
    displayOrder: typeof body.displayOrder === "number" ? body.displayOrder : -1,
    calculated: false,
    externalOptions: body.externalOptions === true,
    hasUniqueValue: body.hasUniqueValue === true,
    hidden: body.hidden === true,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    formField: body.formField === true,
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
}

function parseOptions(raw: unknown): { list: LocalOption[] } | { error: Reply } {
  if (raw === undefined) return { list: [] };
  if (!Array.isArray(raw)) return { error: validationError("options must be an array.") };
  const list: LocalOption[] = [];
  for (const [i, o] of raw.entries()) {
    if (!isRecord(o) || typeof o.label !== "string" || typeof o.value !== "string") {
      return { error: validationError(`Option ${i} needs a label and a value.`, [{ message: "label and value are required", in: `options[${i}]` }]) };
    }
    if (list.some((x) => x.value === o.value)) return { error: validationError(`Duplicate option value ${o.value}.`) };
    list.push({ label: o.label, value: o.value, description: typeof o.description === "string" ? o.description : "", displayOrder: typeof o.displayOrder === "number" ? o.displayOrder : i, hidden: o.hidden === true });
  }
  return { list };
}

export function createGroup(body: unknown, existing: ReadonlyMap<string, LocalGroup>): LocalGroup | Reply {
  if (!isRecord(body) || typeof body.name !== "string" || typeof body.label !== "string" || !body.name || !body.label) {
    return validationError("Some required fields were not set: [name, label]");
  }
  if (existing.has(body.name)) return errorReply(409, "OBJECT_ALREADY_EXISTS", `A property group named '${body.name}' already exists.`);
  return { name: body.name, label: body.label, displayOrder: typeof body.displayOrder === "number" ? body.displayOrder : -1, archived: false };
}

/** Why a value cannot be written, in the shape HubSpot lists under "Property values were not valid". */
export type ValueProblem = { isValid: false; message: string; error: string; name: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Epoch milliseconds of a date/datetime value given as epoch-ms digits or ISO 8601, or null. */
export function parseInstant(value: string): number | null {
  if (/^-?\d+$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The stored form of `value`, or why it is refused. "" clears a value and is always accepted. */
export function checkValue(prop: LocalProperty | undefined, name: string, value: string): { value: string } | { problem: ValueProblem } {
  const problem = (error: string, message: string) => ({ problem: { isValid: false as const, message, error, name } });
  if (!prop) return problem("PROPERTY_DOESNT_EXIST", `Property "${name}" does not exist`);
  if (prop.modificationMetadata.readOnlyValue) return problem("READ_ONLY_VALUE", `"${name}" is a read only property; its value cannot be set.`);
  if (value === "") return { value };
  switch (prop.type) {
    case "string":
      if (name === "email" && !EMAIL.test(value)) return problem("INVALID_EMAIL", `Email address ${value} is invalid`);
      if (value.length > 65_536) return problem("INVALID_STRING_LENGTH", `Value for "${name}" is longer than 65536 characters`);
      return { value };
    case "number":
      return NUMBER.test(value) ? { value } : problem("INVALID_DECIMAL", `${value} was not a valid number.`);
    case "bool":
      return /^(true|false)$/i.test(value) ? { value: value.toLowerCase() } : problem("INVALID_BOOLEAN", `${value} was not a valid boolean.`);
    case "enumeration": {
      const allowed = prop.options.map((o) => o.value);
      const chosen = prop.fieldType === "checkbox" ? value.split(";") : [value];
      const bad = chosen.find((v) => !allowed.includes(v));
      return bad === undefined ? { value } : problem("INVALID_OPTION", `${bad} was not one of the allowed options: [${allowed.join(", ")}]`);
    }
    case "datetime": {
      const ms = parseInstant(value);
      return ms === null ? problem("INVALID_DATE", `${value} is not a valid datetime.`) : { value: new Date(ms).toISOString() };
    }
    case "date": {
      const ms = parseInstant(value);
      if (ms === null) return problem("INVALID_DATE", `${value} is not a valid date.`);
      if (ms % 86_400_000 !== 0) return problem("INVALID_DATE", `${value} is not at midnight UTC; date properties take midnight UTC.`);
      return { value: new Date(ms).toISOString().slice(0, 10) };
    }
  }
}
