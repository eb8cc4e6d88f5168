// Type-only: the SDK's deep module paths are directory imports, which Node's ESM loader (the
// production server build) cannot resolve; the enum values are plain strings on the wire.
import type { PropertyCreate, PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from "@hubspot/api-client/lib/codegen/crm/properties";
import { z } from "zod";
import type { CrmResult } from "../crm/types";
import { failure, hubspotSession, parseReply, type HubspotConfig } from "./client.server";
import { OBJECT_TYPE, PROPERTY_DEFINITIONS, PROPERTY_GROUP, type PropertyDefinition } from "./fields";

// Creates the `uplift` property group and the contact properties the sync writes, once. Listing
// first keeps a second run to two reads; a 409 means someone created it meanwhile, which is fine.

const groupList = z.object({ results: z.array(z.object({ name: z.string() })) });
const propertyList = z.object({ results: z.array(z.object({ name: z.string(), type: z.string() })) });

const TYPES: Record<PropertyDefinition["type"], PropertyCreateTypeEnum> = {
  string: "string" as PropertyCreateTypeEnum,
  number: "number" as PropertyCreateTypeEnum,
  datetime: "datetime" as PropertyCreateTypeEnum,
  enumeration: "enumeration" as PropertyCreateTypeEnum,
};
const FIELD_TYPES: Record<PropertyDefinition["fieldType"], PropertyCreateFieldTypeEnum> = {
  text: "text" as PropertyCreateFieldTypeEnum,
  textarea: "textarea" as PropertyCreateFieldTypeEnum,
  number: "number" as PropertyCreateFieldTypeEnum,
  date: "date" as PropertyCreateFieldTypeEnum,
  select: "select" as PropertyCreateFieldTypeEnum,
};

const toPropertyCreate = (def: PropertyDefinition): PropertyCreate => ({ ...def, type: TYPES[def.type], fieldType: FIELD_TYPES[def.fieldType] });

const CONFLICT = 409;

export async function ensureFields(config: HubspotConfig): Promise<CrmResult<{ created: string[]; existing: string[] }>> {
  const hs = hubspotSession(config);

  const groupsReply = await hs.call((api) => api.groups.getAll(OBJECT_TYPE));
  if (!groupsReply.ok) return failure(groupsReply);
  const groups = parseReply(groupList, groupsReply.data, "property group list");
  if (!groups.ok) return groups;
  if (!groups.data.results.some((g) => g.name === PROPERTY_GROUP.name)) {
    const made = await hs.call((api) => api.groups.create(OBJECT_TYPE, { ...PROPERTY_GROUP }));
    if (!made.ok && made.status !== CONFLICT) return failure(made);
  }

  const listReply = await hs.call((api) => api.properties.getAll(OBJECT_TYPE));
  if (!listReply.ok) return failure(listReply);
  const list = parseReply(propertyList, listReply.data, "property list");
  if (!list.ok) return list;
  const present = new Map(list.data.results.map((p) => [p.name, p.type]));

  // A same-named property of another type (made by hand, or by an older Uplift) would refuse or
  // misread every value we write; a person has to rename or delete it.
  const clashing = PROPERTY_DEFINITIONS.filter((d) => present.has(d.name) && present.get(d.name) !== d.type);
  if (clashing.length > 0) {
    const names = clashing.map((d) => `${d.name} is ${present.get(d.name)}, expected ${d.type}`).join("; ");
    return { ok: false, error: { kind: "invalid", message: `HubSpot contact properties clash with Uplift's: ${names}` } };
  }

  const created: string[] = [];
  const existing: string[] = [];
  for (const def of PROPERTY_DEFINITIONS) {
    if (present.has(def.name)) {
      existing.push(def.name);
      continue;
    }
    const made = await hs.call((api) => api.properties.create(OBJECT_TYPE, toPropertyCreate(def)));
    if (made.ok) created.push(def.name);
    else if (made.status === CONFLICT) existing.push(def.name);
    else return failure(made);
  }
  return { ok: true, data: { created, existing } };
}
