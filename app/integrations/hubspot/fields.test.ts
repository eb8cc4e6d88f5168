import { describe, expect, it } from "vitest";
import { TIERS } from "../../lib/tiers";
import type { CrmContact } from "../crm/types";
import { PROPERTY, PROPERTY_DEFINITIONS, toHubspotProperties } from "./fields";

const contact: CrmContact = {
  customerGid: "gid://shopify/Customer/7",
  email: "  Ada@Example.COM ",
  firstName: "Ada",
  lastName: null,
  fields: { predictedClv: 1234.5678, currency: "USD", tier: "silver", churnRisk: 0.000049, nextBestAction: "Win-back email", reasoning: "Lapsing", scoredAt: "2026-03-01T10:00:00+01:00" },
};

describe("toHubspotProperties", () => {
  it("writes every value as the string HubSpot expects: decimals rounded, the timestamp in epoch ms", () => {
    expect(toHubspotProperties(contact)).toEqual({
      ok: true,
      email: "ada@example.com",
      properties: {
        [PROPERTY.predictedClv]: "1234.57",
        [PROPERTY.currency]: "USD",
        [PROPERTY.tier]: "silver",
        [PROPERTY.churnRisk]: "0",
        [PROPERTY.nextBestAction]: "Win-back email",
        [PROPERTY.reasoning]: "Lapsing",
        [PROPERTY.scoredAt]: String(Date.parse("2026-03-01T09:00:00Z")),
        firstname: "Ada",
      },
    });
  });

  it("refuses what HubSpot would reject or misread instead of sending it", () => {
    const bad = (fields: Partial<CrmContact["fields"]>, email = "a@example.com") => toHubspotProperties({ ...contact, email, fields: { ...contact.fields, ...fields } });
    expect(bad({ predictedClv: Number.POSITIVE_INFINITY })).toEqual({ ok: false, error: "predictedClv is not a finite number" });
    expect(bad({ churnRisk: Number.NaN })).toEqual({ ok: false, error: "churnRisk is not a finite number" });
    expect(bad({ scoredAt: "yesterday" })).toEqual({ ok: false, error: "scoredAt is not a timestamp: yesterday" });
    expect(bad({ tier: "diamond" as never })).toEqual({ ok: false, error: "unknown tier diamond" });
    expect(bad({}, "   ")).toEqual({ ok: false, error: "no email address" });
  });
});

describe("PROPERTY_DEFINITIONS", () => {
  it("puts every property in the uplift group with a valid type/fieldType pair and the four tiers as options", () => {
    const pairs: Record<string, string[]> = { string: ["text", "textarea"], number: ["number"], datetime: ["date"], enumeration: ["select"] };
    for (const def of PROPERTY_DEFINITIONS) {
      expect(def.groupName).toBe("uplift");
      expect(pairs[def.type]).toContain(def.fieldType);
    }
    expect(PROPERTY_DEFINITIONS.find((d) => d.name === PROPERTY.tier)!.options!.map((o) => o.value)).toEqual([...TIERS]);
    expect(new Set(PROPERTY_DEFINITIONS.map((d) => d.name)).size).toBe(Object.keys(PROPERTY).length);
  });
});
