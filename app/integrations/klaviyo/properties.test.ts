import { describe, expect, it } from "vitest";
import type { CrmContact } from "../crm/types";
import { PROPERTY, toKlaviyoProfile } from "./properties";

const contact = (over: Partial<CrmContact> = {}, fields: Partial<CrmContact["fields"]> = {}): CrmContact => ({
  customerGid: "gid://shopify/Customer/1",
  email: " Ann@Example.com ",
  firstName: "Ann",
  lastName: null,
  fields: { predictedClv: 99.999, currency: "USD", tier: "silver", churnRisk: 0.123456, nextBestAction: "nba", reasoning: "why", scoredAt: "2026-03-01T10:00:00Z", ...fields },
  ...over,
});

describe("toKlaviyoProfile", () => {
  it("keys on the lower-cased email, keeps numbers as numbers and leaves unknown names out", () => {
    expect(toKlaviyoProfile(contact())).toEqual({
      ok: true,
      profile: {
        email: "ann@example.com",
        firstName: "Ann",
        properties: { [PROPERTY.predictedClv]: 100, [PROPERTY.currency]: "USD", [PROPERTY.tier]: "silver", [PROPERTY.churnRisk]: 0.1235, [PROPERTY.nextBestAction]: "nba", [PROPERTY.reasoning]: "why", [PROPERTY.scoredAt]: "2026-03-01T10:00:00.000Z" },
      },
    });
  });

  it("refuses data it cannot send", () => {
    expect(toKlaviyoProfile(contact({ email: " " }))).toEqual({ ok: false, error: "no email address" });
    expect(toKlaviyoProfile(contact({}, { churnRisk: Number.POSITIVE_INFINITY }))).toMatchObject({ ok: false });
    expect(toKlaviyoProfile(contact({}, { scoredAt: "yesterday" }))).toMatchObject({ ok: false });
    expect(toKlaviyoProfile(contact({}, { tier: "diamond" as CrmContact["fields"]["tier"] }))).toEqual({ ok: false, error: "unknown tier diamond" });
  });
});
