import { parseInstant, type LocalProperty } from "./properties";
import { validationError, type Reply } from "./wire";

// POST /crm/v3/objects/{objectType}/search: filterGroups are ORed, filters inside a group ANDed;
// `associations.{type}` is a pseudo-property holding the ids of associated records; paging is an
// offset carried in `after`, at most 200 per page and 10,000 results in all; `total` counts every
// match. Datetime values compare as instants (filters may give epoch ms or ISO 8601); strings compare
// case-insensitively.

export type SearchRecord = {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** Associated record ids by singular object type, e.g. `{ contact: ["101"] }`. */
  associations: Record<string, string[]>;
};

type Filter = { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] };

const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;
const MAX_LIMIT = 200;
const MAX_RESULTS = 10_000;
const OPERATORS = ["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const scalar = (v: unknown): string | undefined => (typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined);

function parseFilter(raw: unknown): Filter | string {
  if (!isRecord(raw) || typeof raw.propertyName !== "string" || typeof raw.operator !== "string") return "each filter needs propertyName and operator";
  if (!OPERATORS.includes(raw.operator)) return `Unknown operator ${raw.operator}`;
  const filter: Filter = { propertyName: raw.propertyName, operator: raw.operator, value: scalar(raw.value), highValue: scalar(raw.highValue) };
  if (raw.operator === "IN" || raw.operator === "NOT_IN") {
    if (!Array.isArray(raw.values) || raw.values.length === 0) return `${raw.operator} needs a non-empty values array`;
    filter.values = raw.values.map((v) => scalar(v) ?? "");
  } else if (raw.operator === "BETWEEN") {
    if (filter.value === undefined || filter.highValue === undefined) return "BETWEEN needs value and highValue";
  } else if (!raw.operator.endsWith("HAS_PROPERTY") && filter.value === undefined) {
    return `${raw.operator} needs a value`;
  }
  return filter;
}

function compare(prop: LocalProperty | undefined, a: string, b: string): number {
  if (prop?.type === "datetime" || prop?.type === "date") return (parseInstant(a) ?? NaN) - (parseInstant(b) ?? NaN);
  if (prop?.type === "number") return Number(a) - Number(b);
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

function tokenMatch(value: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return value.toLowerCase() === pattern.toLowerCase() || value.toLowerCase().split(/[\s@.,;]+/).some((t) => re.test(t)) || re.test(value.toLowerCase());
}

function matches(record: SearchRecord, f: Filter, props: ReadonlyMap<string, LocalProperty>): boolean {
  const association = f.propertyName.match(/^associations\.(\w+)$/)?.[1];
  if (association) {
    const ids = record.associations[association] ?? [];
    switch (f.operator) {
      case "EQ": return ids.includes(f.value!);
      case "NEQ": return !ids.includes(f.value!);
      case "IN": return ids.some((id) => f.values!.includes(id));
      case "NOT_IN": return !ids.some((id) => f.values!.includes(id));
      case "HAS_PROPERTY": return ids.length > 0;
      case "NOT_HAS_PROPERTY": return ids.length === 0;
      default: return false;
    }
  }
  const prop = props.get(f.propertyName);
  const v = record.properties[f.propertyName];
  const present = v !== undefined && v !== "";
  if (f.operator === "HAS_PROPERTY") return present;
  if (f.operator === "NOT_HAS_PROPERTY") return !present;
  if (!present) return f.operator === "NEQ" || f.operator === "NOT_IN" || f.operator === "NOT_CONTAINS_TOKEN";
  switch (f.operator) {
    case "EQ": return compare(prop, v, f.value!) === 0;
    case "NEQ": return compare(prop, v, f.value!) !== 0;
    case "LT": return compare(prop, v, f.value!) < 0;
    case "LTE": return compare(prop, v, f.value!) <= 0;
    case "GT": return compare(prop, v, f.value!) > 0;
    case "GTE": return compare(prop, v, f.value!) >= 0;
    case "BETWEEN": return compare(prop, v, f.value!) >= 0 && compare(prop, v, f.highValue!) <= 0;
    case "IN": return f.values!.some((x) => compare(prop, v, x) === 0);
    case "NOT_IN": return !f.values!.some((x) => compare(prop, v, x) === 0);
    case "CONTAINS_TOKEN": return tokenMatch(v, f.value!);
    case "NOT_CONTAINS_TOKEN": return !tokenMatch(v, f.value!);
    default: return false;
  }
}

type Sort = { propertyName: string; descending: boolean };

function parseSorts(raw: unknown): Sort[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return "sorts must be an array";
  const sorts: Sort[] = [];
  for (const s of raw) {
    // The SDK types sorts as strings ("createdate" or "-createdate"); the HTTP reference shows objects.
    if (typeof s === "string") sorts.push({ propertyName: s.replace(/^-/, ""), descending: s.startsWith("-") });
    else if (isRecord(s) && typeof s.propertyName === "string") sorts.push({ propertyName: s.propertyName, descending: s.direction === "DESCENDING" });
    else return "each sort needs a propertyName";
  }
  return sorts;
}

export function searchRecords(
  records: readonly SearchRecord[],
  body: unknown,
  props: ReadonlyMap<string, LocalProperty>,
  defaultProperties: readonly string[],
  alwaysProperties: readonly string[],
): Reply {
  if (!isRecord(body)) return validationError("Invalid input JSON: expected an object.");
  const groupsRaw = body.filterGroups ?? [];
  if (!Array.isArray(groupsRaw)) return validationError("filterGroups must be an array");
  if (groupsRaw.length > MAX_GROUPS) return validationError(`Too many filter groups (${groupsRaw.length}); the limit is ${MAX_GROUPS}.`);
  const groups: Filter[][] = [];
  for (const g of groupsRaw) {
    if (!isRecord(g) || !Array.isArray(g.filters)) return validationError("each filter group needs a filters array");
    if (g.filters.length > MAX_FILTERS_PER_GROUP) return validationError(`Too many filters in a group (${g.filters.length}); the limit is ${MAX_FILTERS_PER_GROUP}.`);
    const filters: Filter[] = [];
    for (const raw of g.filters) {
      const f = parseFilter(raw);
      if (typeof f === "string") return validationError(f);
      filters.push(f);
    }
    groups.push(filters);
  }
  if (groups.flat().length > MAX_FILTERS) return validationError(`Too many filters (${groups.flat().length}); the limit is ${MAX_FILTERS}.`);
  const limit = body.limit ?? 10;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return validationError(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
  const after = body.after === undefined || body.after === null ? 0 : Number(body.after);
  if (!Number.isInteger(after) || after < 0) return validationError("after must be a paging cursor returned by a previous page.");
  if (after + limit > MAX_RESULTS) return validationError(`Search results are limited to ${MAX_RESULTS}; after + limit may not exceed it.`);
  const sorts = parseSorts(body.sorts);
  if (typeof sorts === "string") return validationError(sorts);
  const wanted = Array.isArray(body.properties) && body.properties.length > 0 ? body.properties.filter((p): p is string => typeof p === "string") : [...defaultProperties];
  const query = typeof body.query === "string" && body.query.trim() ? body.query.trim() : undefined;

  const hits = records
    .filter((r) => groups.length === 0 || groups.some((filters) => filters.every((f) => matches(r, f, props))))
    .filter((r) => !query || Object.values(r.properties).some((v) => tokenMatch(v, query)))
    .sort((a, b) => {
      for (const s of sorts) {
        const d = compare(props.get(s.propertyName), a.properties[s.propertyName] ?? "", b.properties[s.propertyName] ?? "");
        if (d !== 0) return s.descending ? -d : d;
      }
      return Number(a.id) - Number(b.id);
    });
  const page = hits.slice(after, after + limit);
  const names = [...new Set([...wanted, ...alwaysProperties])];
  const results = page.map((r) => ({
    id: r.id,
    properties: Object.fromEntries(names.map((n) => [n, r.properties[n] ?? null])),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    archived: false,
  }));
  const next = after + limit < Math.min(hits.length, MAX_RESULTS) ? { next: { after: String(after + limit), link: `?after=${after + limit}` } } : undefined;
  return { status: 200, body: { total: hits.length, results, ...(next ? { paging: next } : {}) } };
}
