import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalSalesforce, type LocalSalesforce, type LocalSalesforceOptions } from "../../../tools/local-salesforce/server";
import type { CrmContact } from "../crm/types";
import { salesforceAdapter, type SalesforceConfig } from "./adapter.server";
import { CONCURRENT_REQUESTS_BACKOFF_MS, TOTAL_REQUESTS_BACKOFF_MS } from "./errors";
import { CUSTOM_FIELDS } from "./fields";

// The official jsforce client, unmodified, against tools/local-salesforce on 127.0.0.1.

const accessToken = "00DLOCAL!test-session";
const servers: LocalSalesforce[] = [];
async function org(opts: Partial<LocalSalesforceOptions> = {}): Promise<{ sf: LocalSalesforce; config: SalesforceConfig }> {
  const sf = await startLocalSalesforce({ accessToken, clock: () => Date.parse("2026-11-20T12:00:00Z"), ...opts });
  servers.push(sf);
  return { sf, config: { instanceUrl: sf.instanceUrl, accessToken } };
}
afterAll(() => Promise.all(servers.map((s) => s.close())));

const FIELD_NAMES = CUSTOM_FIELDS.map((f) => f.name);
let n = 0;
function customer(overrides: Partial<CrmContact> = {}, fields: Partial<CrmContact["fields"]> = {}): CrmContact {
  n += 1;
  return {
    customerGid: `gid://shopify/Customer/${1000 + n}`,
    email: `buyer${n}@example.com`,
    firstName: "Ana",
    lastName: "Lima",
    fields: { predictedClv: 412.5, currency: "EUR", tier: "gold", churnRisk: 0.425, nextBestAction: "Offer free shipping", reasoning: "Two orders in 60 days.", scoredAt: "2026-11-20T09:30:00.000Z", ...fields },
    ...overrides,
  };
}
const upserts = (sf: LocalSalesforce) => sf.requests.filter((r) => r.method === "PATCH");
const byGid = (sf: LocalSalesforce, gid: string) => sf.contacts.find((c) => c.Shopify_Customer_Id__c === gid);

describe("ensureFields", () => {
  it("creates the seven fields once through the Tooling API, then finds them all", async () => {
    const { sf, config } = await org();
    const crm = salesforceAdapter(config);
    expect(await crm.ensureFields()).toEqual({ ok: true, data: { created: FIELD_NAMES, existing: [] } });
    expect(sf.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /services/data/v62.0/sobjects/Contact/describe",
      ...FIELD_NAMES.map(() => "POST /services/data/v62.0/tooling/sobjects/CustomField"),
    ]);
    expect(sf.requests[1]!.body).toEqual({
      FullName: "Contact.Shopify_Customer_Id__c",
      Metadata: expect.objectContaining({ type: "Text", length: 255, externalId: true, unique: true }),
    });
    const byName = Object.fromEntries(sf.fields.map((f) => [f.name, f]));
    expect(byName.Predicted_LTV__c).toMatchObject({ type: "Number", precision: 18, scale: 2 });
    expect(byName.AI_Churn_Risk__c).toMatchObject({ type: "Percent", precision: 5, scale: 2 });
    expect(byName.AI_Tier_Reasoning__c).toMatchObject({ type: "LongTextArea", length: 2000 });
    expect(byName.AI_Scored_At__c).toMatchObject({ type: "DateTime" });

    const before = sf.requests.length;
    expect(await crm.ensureFields()).toEqual({ ok: true, data: { created: [], existing: FIELD_NAMES } });
    expect(sf.requests.length).toBe(before + 1);
    expect(sf.fields).toHaveLength(7);
  });

  it("creates only what is missing, and counts a field hidden by field-level security as existing", async () => {
    const { sf, config } = await org();
    await fetch(`${sf.instanceUrl}/services/data/v62.0/tooling/sobjects/CustomField`, {
      method: "POST",
      headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ FullName: "Contact.AI_Scored_At__c", Metadata: { type: "DateTime", label: "Scored" } }),
    });
    // Salesforce refuses the create when the field exists but the integration user cannot see it.
    sf.failNext({ path: "/tooling/", status: 400, errorCode: "DUPLICATE_DEVELOPER_NAME", message: "There is already a field named Shopify_Customer_Id on Contact." });
    const result = await salesforceAdapter(config).ensureFields();
    expect(result).toEqual({ ok: true, data: { created: FIELD_NAMES.slice(1, 6), existing: ["Shopify_Customer_Id__c", "AI_Scored_At__c"] } });
  });

  it("refuses to go on when Shopify_Customer_Id__c exists but is not an External ID", async () => {
    const { sf, config } = await org();
    await fetch(`${sf.instanceUrl}/services/data/v62.0/tooling/sobjects/CustomField`, {
      method: "POST",
      headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ FullName: "Contact.Shopify_Customer_Id__c", Metadata: { type: "Text", label: "Shopify id", length: 50 } }),
    });
    const result = await salesforceAdapter(config).ensureFields();
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid", message: expect.stringContaining("not an External ID") } });
    expect(sf.fields).toHaveLength(1);
  });
});

describe("upsertContacts", () => {
  let sf: LocalSalesforce;
  let crm: ReturnType<typeof salesforceAdapter>;
  beforeAll(async () => {
    const local = await org();
    sf = local.sf;
    crm = salesforceAdapter(local.config);
    await crm.ensureFields();
  });

  it("creates Contacts, then updates the same ones: one Contact per Shopify customer", async () => {
    const a = customer();
    const b = customer({ firstName: null }, { tier: "platinum", churnRisk: 0.07, predictedClv: 1234.567 });
    const first = await crm.upsertContacts([a, b]);
    expect(first).toEqual({
      ok: true,
      data: [
        { customerGid: a.customerGid, ok: true, remoteId: expect.stringMatching(/^003/), created: true },
        { customerGid: b.customerGid, ok: true, remoteId: expect.stringMatching(/^003/), created: true },
      ],
    });
    expect(upserts(sf).at(-1)).toMatchObject({
      path: "/services/data/v62.0/composite/sobjects/Contact/Shopify_Customer_Id__c",
      body: { allOrNone: false, records: [expect.objectContaining({ attributes: { type: "Contact" }, Shopify_Customer_Id__c: a.customerGid }), expect.anything()] },
    });
    expect(byGid(sf, b.customerGid)).toMatchObject({
      Email: b.email,
      LastName: "Lima",
      Predicted_LTV__c: 1234.57,
      AI_Customer_Tier__c: "platinum",
      AI_Churn_Risk__c: 7,
      AI_Next_Best_Action__c: "Offer free shipping",
      AI_Scored_At__c: "2026-11-20T09:30:00.000+0000",
    });
    expect(byGid(sf, b.customerGid)!.FirstName).toBeUndefined();

    const count = sf.contacts.length;
    const [idA, idB] = [byGid(sf, a.customerGid)!.Id, byGid(sf, b.customerGid)!.Id];
    expect(first.ok && first.data.map((o) => o.ok && o.remoteId)).toEqual([idA, idB]);
    const again = await crm.upsertContacts([{ ...b, fields: { ...b.fields, predictedClv: 99 } }, a]);
    expect(again).toEqual({
      ok: true,
      data: [
        { customerGid: b.customerGid, ok: true, remoteId: idB, created: false },
        { customerGid: a.customerGid, ok: true, remoteId: idA, created: false },
      ],
    });
    expect(sf.contacts.length).toBe(count);
    expect(byGid(sf, b.customerGid)).toMatchObject({ Predicted_LTV__c: 99 });
  });

  it("sends the placeholder LastName only to create a nameless Contact, keeping a rep's name later", async () => {
    const nameless = customer({ lastName: null, firstName: "  ", email: "jane.doe@example.com" });
    const named = customer();
    const before = upserts(sf).length;
    const result = await crm.upsertContacts([named, nameless]);
    expect(result).toMatchObject({ ok: true, data: [{ ok: true, created: true }, { ok: true, created: true }] });
    const sent = upserts(sf).slice(before);
    expect(sent).toHaveLength(2);
    const records = (i: number) => (sent[i]!.body as { records: Array<Record<string, unknown>> }).records;
    expect(records(0).map((r) => r.LastName)).toEqual(["Lima", undefined]);
    expect(records(1)).toEqual([expect.objectContaining({ Shopify_Customer_Id__c: nameless.customerGid, LastName: "jane.doe" })]);
    expect(byGid(sf, nameless.customerGid)).toMatchObject({ LastName: "jane.doe" });

    byGid(sf, nameless.customerGid)!.LastName = "Doe";
    const update = await crm.upsertContacts([{ ...nameless, fields: { ...nameless.fields, tier: "silver" } }]);
    expect(update).toMatchObject({ ok: true, data: [{ ok: true, created: false }] });
    expect(upserts(sf).length).toBe(before + 3);
    expect(byGid(sf, nameless.customerGid)).toMatchObject({ LastName: "Doe", AI_Customer_Tier__c: "silver" });
  });

  it("maps per-record failures back to their contacts, in input order", async () => {
    const fine = customer();
    const locked = customer();
    const badEmail = customer({ email: "not-an-email" });
    const notFinite = customer({}, { predictedClv: Number.NaN });
    const tooLong = customer({}, { reasoning: "r".repeat(3000), nextBestAction: "n".repeat(300) });
    sf.failNext({ record: locked.customerGid, statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" });
    const result = await crm.upsertContacts([fine, locked, badEmail, notFinite, tooLong]);
    expect(result).toEqual({
      ok: true,
      data: [
        expect.objectContaining({ customerGid: fine.customerGid, ok: true }),
        { customerGid: locked.customerGid, ok: false, retryable: true, error: "UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record" },
        { customerGid: badEmail.customerGid, ok: false, retryable: false, error: expect.stringMatching(/^INVALID_EMAIL_ADDRESS: /) },
        { customerGid: notFinite.customerGid, ok: false, retryable: false, error: "not sent: predictedClv is not a finite number" },
        expect.objectContaining({ customerGid: tooLong.customerGid, ok: true }),
      ],
    });
    const sent = (upserts(sf).at(-1)!.body as { records: Array<Record<string, unknown>> }).records;
    expect(sent.map((r) => r.Shopify_Customer_Id__c)).not.toContain(notFinite.customerGid);
    const stored = byGid(sf, tooLong.customerGid)!;
    expect([String(stored.AI_Tier_Reasoning__c).length, String(stored.AI_Next_Best_Action__c).length]).toEqual([2000, 255]);
    expect(String(stored.AI_Tier_Reasoning__c).endsWith("…")).toBe(true);
  });

  it("takes 200 contacts in one call and refuses 201 without calling Salesforce", async () => {
    expect(crm.maxBatch).toBe(200);
    const before = sf.requests.length;
    const full = await crm.upsertContacts(Array.from({ length: 200 }, () => customer()));
    expect(full.ok && full.data.every((o) => o.ok)).toBe(true);
    expect(sf.requests.length).toBe(before + 1);
    const over = await crm.upsertContacts(Array.from({ length: 201 }, () => customer()));
    expect(over).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(sf.requests.length).toBe(before + 1);
  });

  it("is refused as a whole before ensureFields: the External ID field does not exist yet", async () => {
    const { config } = await org();
    expect(await salesforceAdapter(config).upsertContacts([customer()])).toMatchObject({ ok: false, error: { kind: "invalid", message: expect.stringMatching(/^NOT_FOUND: /) } });
  });

  it("returns invalid for a reply that does not match the records sent", async () => {
    sf.failNext({ path: "/composite/", status: 200, contentType: "application/json", body: JSON.stringify([{ id: "003LOC000000001AAA", success: true, errors: [] }]) });
    expect(await crm.upsertContacts([customer(), customer()])).toMatchObject({ ok: false, error: { kind: "invalid", message: expect.stringContaining("1 results for 2 records") } });
  });
});

describe("whole-call failures", () => {
  let sf: LocalSalesforce;
  let config: SalesforceConfig;
  beforeAll(async () => {
    ({ sf, config } = await org());
    await salesforceAdapter(config).ensureFields();
  });

  it("REQUEST_LIMIT_EXCEEDED (daily allocation) is rate_limited for 15 minutes, with the usage", async () => {
    sf.setApiUsage(5000, 5000);
    const result = await salesforceAdapter(config).upsertContacts([customer()]);
    sf.setApiUsage(0, 100_000);
    expect(result).toEqual({
      ok: false,
      error: { kind: "rate_limited", retryAfterMs: TOTAL_REQUESTS_BACKOFF_MS, policy: "TotalRequests", message: "TotalRequests Limit exceeded. (api-usage=5000/5000)" },
    });
  });

  it("the concurrent long-running request limit is rate_limited for a minute", async () => {
    sf.failNext({ status: 403, errorCode: "REQUEST_LIMIT_EXCEEDED", message: "ConcurrentPerOrgLongTxn Limit exceeded." });
    expect(await salesforceAdapter(config).openSupportTickets(["a@example.com"], new Date())).toMatchObject({
      ok: false,
      error: { kind: "rate_limited", retryAfterMs: CONCURRENT_REQUESTS_BACKOFF_MS, policy: "ConcurrentPerOrgLongTxn" },
    });
  });

  it("a bad or expired session is auth, asked once, for every call", async () => {
    const crm = salesforceAdapter({ ...config, accessToken: "expired" });
    const before = sf.requests.length;
    for (const result of [await crm.ensureFields(), await crm.upsertContacts([customer()]), await crm.openSupportTickets(["a@example.com"], new Date())]) {
      expect(result).toEqual({ ok: false, error: { kind: "auth", message: "INVALID_SESSION_ID: Session expired or invalid" } });
    }
    expect(sf.requests.length).toBe(before + 3);
  });

  it("5xx is unavailable at once: jsforce's own retries of GETs are off", async () => {
    const crm = salesforceAdapter(config);
    sf.failNext({ path: "/composite/", status: 503 });
    expect(await crm.upsertContacts([customer()])).toEqual({ ok: false, error: { kind: "unavailable", message: "HTTP 503 SERVER_UNAVAILABLE: Server is temporarily unavailable" } });

    const before = sf.requests.length;
    const started = Date.now();
    sf.failNext({ path: "/describe", status: 503, body: "<html><body>Down for maintenance</body></html>", contentType: "text/html" });
    expect(await crm.ensureFields()).toMatchObject({ ok: false, error: { kind: "unavailable", message: expect.stringMatching(/^HTTP 503 ERROR_HTTP_503/) } });
    sf.failNext({ path: "/query", status: 500 });
    expect(await crm.openSupportTickets(["a@example.com"], new Date())).toMatchObject({ ok: false, error: { kind: "unavailable", message: expect.stringMatching(/^HTTP 500 UNKNOWN_EXCEPTION/) } });
    expect(sf.requests.length).toBe(before + 2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("no answer is unavailable: a closed port, or a reply slower than timeoutMs", async () => {
    const { sf: gone, config: goneConfig } = await org();
    await gone.close();
    expect(await salesforceAdapter(goneConfig).ensureFields()).toMatchObject({ ok: false, error: { kind: "unavailable", message: expect.stringMatching(/^no answer from Salesforce/) } });

    sf.failNext({ path: "/composite/", delayMs: 3_000 });
    const started = Date.now();
    expect(await salesforceAdapter({ ...config, timeoutMs: 300 }).upsertContacts([customer()])).toMatchObject({ ok: false, error: { kind: "unavailable" } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("another refusal of the whole call is invalid", async () => {
    sf.failNext({ status: 403, errorCode: "API_DISABLED_FOR_ORG", message: "The REST API is not enabled for this Organization." });
    expect(await salesforceAdapter(config).upsertContacts([customer()])).toEqual({ ok: false, error: { kind: "invalid", message: "API_DISABLED_FOR_ORG: The REST API is not enabled for this Organization." } });
  });
});

describe("openSupportTickets", () => {
  let sf: LocalSalesforce;
  let crm: ReturnType<typeof salesforceAdapter>;
  const since = new Date("2026-11-16T08:00:00.250Z");
  beforeAll(async () => {
    const local = await org({ queryBatchSize: 2 });
    sf = local.sf;
    crm = salesforceAdapter(local.config);
    const person = (Email: string) => sf.addContact({ LastName: "X", Email }).Id;
    const recent = new Date("2026-11-18T10:00:00Z");
    const ana = person("ana@example.com");
    for (let i = 0; i < 5; i += 1) sf.addCase({ contactId: ana, lastModified: recent });
    sf.addCase({ contactId: person("bo@example.com"), closed: true, lastModified: recent });
    sf.addCase({ contactId: person("cy@example.com"), lastModified: new Date("2026-11-10T00:00:00Z") });
    sf.addCase({ contactId: person("dee@example.com"), lastModified: recent });
    sf.addCase({ contactId: person("o'brien@example.com"), status: "Escalated", lastModified: recent });
    sf.addCase({ contactId: person("Eve@Example.COM"), lastModified: new Date("2026-11-16T08:00:00Z") });
    sf.addCase({ contactId: null, lastModified: recent });
  });

  it("finds contacts with open cases modified since, lower-cased, across result pages", async () => {
    const asked = ["Ana@example.com", "bo@example.com", "cy@example.com", "o'brien@example.com", "eve@example.com", "nobody@example.com"];
    const before = sf.requests.length;
    const result = await crm.openSupportTickets(asked, since);
    expect(result).toEqual({ ok: true, data: new Set(["ana@example.com", "o'brien@example.com", "eve@example.com"]) });

    const sent = sf.requests.slice(before);
    expect(sent[0]!.query.q).toBe(
      "SELECT Contact.Email FROM Case WHERE IsClosed = false AND LastModifiedDate >= 2026-11-16T08:00:00Z AND Contact.Email IN " +
        "('ana@example.com','bo@example.com','cy@example.com','o\\'brien@example.com','eve@example.com','nobody@example.com')",
    );
    // Seven matching rows in pages of two: the first page and three more through nextRecordsUrl.
    expect(sent.map((r) => r.path.replace(/01g\w+-\d+$/, "<locator>"))).toEqual([
      "/services/data/v62.0/query",
      ...Array.from({ length: 3 }, () => "/services/data/v62.0/query/<locator>"),
    ]);
  });

  it("escapes backslashes too, so an address cannot end the string literal early", async () => {
    const result = await crm.openSupportTickets(["dee@example.com\\' OR Contact.Email != '"], since);
    expect(result).toEqual({ ok: true, data: new Set() });
  });

  it("splits a long list of emails over several queries that each fit in a URL", async () => {
    const many = Array.from({ length: 400 }, (_, i) => `someone.with.a.longish.address.${i}@example-shop.com`);
    const before = sf.requests.length;
    const result = await crm.openSupportTickets([...many, "dee@example.com"], since);
    expect(result).toEqual({ ok: true, data: new Set(["dee@example.com"]) });
    const queries = sf.requests.slice(before).filter((r) => r.path.endsWith("/query"));
    expect(queries.length).toBeGreaterThan(1);
    expect(queries.every((r) => encodeURIComponent(r.query.q!).length < 8_000)).toBe(true);
  });

  it("asks nothing for an empty list", async () => {
    const before = sf.requests.length;
    expect(await crm.openSupportTickets(["", "  "], since)).toEqual({ ok: true, data: new Set() });
    expect(sf.requests.length).toBe(before);
  });
});
