import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHubspot, type LocalHubspot } from "../../../tools/local-hubspot/server";
import { TIERS } from "../../lib/tiers";
import type { CrmAdapter, CrmContact } from "../crm/types";
import { hubspotAdapter } from "./adapter.server";
import { msUntilNextUtcMidnight } from "./crm-error";
import { PROPERTY, PROPERTY_DEFINITIONS } from "./fields";

// The official @hubspot/api-client, unmodified, against tools/local-hubspot on 127.0.0.1.

const token = "pat-local-adapter";
const allFields = PROPERTY_DEFINITIONS.map((d) => d.name);

let hub: LocalHubspot;
let crm: CrmAdapter;
beforeAll(async () => {
  hub = await startLocalHubspot({ token, rateLimit: { max: 100_000 } });
  crm = hubspotAdapter({ accessToken: token, baseUrl: hub.baseUrl });
});
afterAll(() => hub.close());

async function withHub<T>(opts: Partial<Parameters<typeof startLocalHubspot>[0]>, run: (h: LocalHubspot) => Promise<T>): Promise<T> {
  const other = await startLocalHubspot({ token, ...opts });
  try {
    return await run(other);
  } finally {
    await other.close();
  }
}

const contact = (n: number, { email, ...over }: Partial<CrmContact["fields"]> & { email?: string } = {}): CrmContact => ({
  customerGid: `gid://shopify/Customer/${n}`,
  email: email ?? `customer${n}@example.com`,
  firstName: `First${n}`,
  lastName: null,
  fields: {
    predictedClv: 412.5,
    currency: "EUR",
    tier: "gold",
    churnRisk: 0.12345,
    nextBestAction: "Offer free shipping",
    reasoning: "Top 20% by predicted CLV",
    scoredAt: "2026-03-01T10:00:00.000Z",
    ...over,
  },
});

const requestsSince = (from: number, op?: string) => hub.requests.slice(from).filter((r) => !op || r.op === op);

describe("ensureFields", () => {
  it("creates the uplift group and every property once; a second call only reads", async () => {
    const first = await crm.ensureFields();
    expect(first).toEqual({ ok: true, data: { created: allFields, existing: [] } });
    expect(hub.groups.get("uplift")).toMatchObject({ label: "Uplift" });
    expect(hub.properties.get(PROPERTY.tier)).toMatchObject({ type: "enumeration", fieldType: "select", groupName: "uplift" });
    expect(hub.properties.get(PROPERTY.tier)!.options.map((o) => o.value)).toEqual([...TIERS]);
    expect(hub.properties.get(PROPERTY.scoredAt)).toMatchObject({ type: "datetime", fieldType: "date" });
    expect(hub.properties.get(PROPERTY.predictedClv)).toMatchObject({ type: "number", fieldType: "number" });
    expect(hub.properties.get(PROPERTY.reasoning)).toMatchObject({ type: "string", fieldType: "textarea" });

    const before = hub.requests.length;
    expect(await crm.ensureFields()).toEqual({ ok: true, data: { created: [], existing: allFields } });
    expect(requestsSince(before).map((r) => `${r.method} ${r.op}`)).toEqual(["GET contacts.groups.list", "GET contacts.properties.list"]);
  });

  it("counts a property created meanwhile (409) as existing", async () => {
    await withHub({}, async (h) => {
      h.failNext("contacts.properties.create", { kind: "status", status: 409, body: { status: "error", message: "Property named 'uplift_predicted_clv' already exists.", category: "OBJECT_ALREADY_EXISTS", correlationId: "c" } });
      const result = await hubspotAdapter({ accessToken: token, baseUrl: h.baseUrl }).ensureFields();
      expect(result).toEqual({ ok: true, data: { created: allFields.slice(1), existing: [PROPERTY.predictedClv] } });
    });
  });

  it("stops with `invalid` when a same-named property has another type, creating nothing", async () => {
    await withHub({}, async (h) => {
      const res = await fetch(`${h.baseUrl}/crm/v3/properties/contacts`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: PROPERTY.tier, label: "Tier", type: "string", fieldType: "text", groupName: "contactinformation" }),
      });
      expect(res.status).toBe(201);
      const result = await hubspotAdapter({ accessToken: token, baseUrl: h.baseUrl }).ensureFields();
      expect(result).toMatchObject({ ok: false, error: { kind: "invalid", message: expect.stringContaining("uplift_tier is string, expected enumeration") } });
      expect(h.properties.has(PROPERTY.predictedClv)).toBe(false);
    });
  });
});

describe("upsertContacts", () => {
  it("creates a contact by email, then updates the same one without duplicating it", async () => {
    const before = hub.requests.length;
    const first = await crm.upsertContacts([contact(1, { email: "Ada@Example.com" })]);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const [created] = first.data;
    expect(created).toEqual({ customerGid: "gid://shopify/Customer/1", ok: true, remoteId: expect.stringMatching(/^\d+$/), created: true });

    const sent = requestsSince(before, "contacts.batchUpsert")[0]!.body as { inputs: Array<Record<string, unknown>> };
    expect(sent.inputs[0]).toMatchObject({ idProperty: "email", id: "ada@example.com", objectWriteTraceId: "gid://shopify/Customer/1" });
    expect(Object.values(sent.inputs[0]!.properties as object).every((v) => typeof v === "string")).toBe(true);
    const stored = hub.contacts.find((c) => c.properties.email === "ada@example.com")!;
    expect(stored.properties).toMatchObject({
      [PROPERTY.predictedClv]: "412.5",
      [PROPERTY.currency]: "EUR",
      [PROPERTY.tier]: "gold",
      [PROPERTY.churnRisk]: "0.1235",
      [PROPERTY.nextBestAction]: "Offer free shipping",
      [PROPERTY.reasoning]: "Top 20% by predicted CLV",
      [PROPERTY.scoredAt]: "2026-03-01T10:00:00.000Z",
      firstname: "First1",
    });
    expect(stored.properties.lastname).toBeUndefined();

    const second = await crm.upsertContacts([contact(1, { email: "ada@example.com", tier: "platinum" })]);
    expect(second).toEqual({ ok: true, data: [{ customerGid: "gid://shopify/Customer/1", ok: true, remoteId: (created as { remoteId: string }).remoteId, created: false }] });
    expect(hub.contacts.filter((c) => c.properties.email === "ada@example.com")).toHaveLength(1);
    expect(stored.properties[PROPERTY.tier]).toBe("platinum");
  });

  it("maps a 207 back per contact, in input order: refused ones carry HubSpot's message, the rest are written", async () => {
    hub.failNext("contacts.batchUpsert", { kind: "partial", ids: ["customer12@example.com"], message: "Something went wrong on our side", category: "INTERNAL_ERROR" });
    const result = await crm.upsertContacts([contact(11), contact(12), contact(13, { email: "not-an-email" }), contact(14)]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toEqual([
      { customerGid: "gid://shopify/Customer/11", ok: true, remoteId: expect.any(String), created: true },
      { customerGid: "gid://shopify/Customer/12", ok: false, retryable: true, error: "INTERNAL_ERROR: Something went wrong on our side" },
      { customerGid: "gid://shopify/Customer/13", ok: false, retryable: false, error: "VALIDATION_ERROR: Email address not-an-email is invalid" },
      { customerGid: "gid://shopify/Customer/14", ok: true, remoteId: expect.any(String), created: true },
    ]);
    expect(hub.contacts.map((c) => c.properties.email)).toEqual(expect.arrayContaining(["customer11@example.com", "customer14@example.com"]));
    expect(hub.contacts.map((c) => c.properties.email)).not.toContain("customer12@example.com");
  });

  it("reports HubSpot's PROPERTY_DOESNT_EXIST per contact when the fields were never created", async () => {
    await withHub({}, async (h) => {
      const result = await hubspotAdapter({ accessToken: token, baseUrl: h.baseUrl }).upsertContacts([contact(20)]);
      expect(result).toMatchObject({ ok: true, data: [{ ok: false, retryable: false, error: expect.stringContaining('Property "uplift_predicted_clv" does not exist') }] });
      expect(h.contacts).toHaveLength(0);
    });
  });

  it("refuses data it cannot send and a second contact with the same email, sending the rest", async () => {
    const before = hub.requests.length;
    const result = await crm.upsertContacts([contact(30, { predictedClv: Number.NaN }), contact(31), contact(32, { email: "CUSTOMER31@example.com" })]);
    expect(result).toMatchObject({
      ok: true,
      data: [
        { customerGid: "gid://shopify/Customer/30", ok: false, retryable: false, error: "predictedClv is not a finite number" },
        { customerGid: "gid://shopify/Customer/31", ok: true },
        { customerGid: "gid://shopify/Customer/32", ok: false, retryable: false },
      ],
    });
    expect((requestsSince(before, "contacts.batchUpsert")[0]!.body as { inputs: unknown[] }).inputs).toHaveLength(1);
  });

  it("refuses more than 100 contacts without calling HubSpot", async () => {
    const before = hub.requests.length;
    const batch = Array.from({ length: 101 }, (_, i) => contact(1000 + i));
    expect(crm.maxBatch).toBe(100);
    expect(await crm.upsertContacts(batch)).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(hub.requests.length).toBe(before);
    expect((await crm.upsertContacts(batch.slice(0, 100))).ok).toBe(true);
  });
});

describe("whole-call errors", () => {
  const batch = [contact(40)];

  it("429 with Retry-After → rate_limited with that delay, at once and without a retry by the SDK", async () => {
    hub.failNext("contacts.batchUpsert", { kind: "rate_limit", policyName: "TEN_SECONDLY_ROLLING", retryAfterSeconds: 30 });
    const before = hub.requests.length;
    const started = Date.now();
    expect(await crm.upsertContacts(batch)).toEqual({ ok: false, error: { kind: "rate_limited", retryAfterMs: 30_000, policy: "TEN_SECONDLY_ROLLING", message: expect.stringContaining("429") } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(hub.requests.length).toBe(before + 1);
  });

  it("429 TEN_SECONDLY_ROLLING without Retry-After → 10 s", async () => {
    hub.failNext("contacts.batchUpsert", { kind: "rate_limit", policyName: "TEN_SECONDLY_ROLLING" });
    expect(await crm.upsertContacts(batch)).toMatchObject({ ok: false, error: { kind: "rate_limited", retryAfterMs: 10_000, policy: "TEN_SECONDLY_ROLLING" } });
  });

  it("429 DAILY without Retry-After → until the next midnight UTC", async () => {
    hub.failNext("contacts.batchUpsert", { kind: "rate_limit", policyName: "DAILY" });
    const lower = msUntilNextUtcMidnight(new Date()) - 5_000;
    const result = await crm.upsertContacts(batch);
    const upper = msUntilNextUtcMidnight(new Date()) + 5_000;
    expect(result).toMatchObject({ ok: false, error: { kind: "rate_limited", policy: "DAILY" } });
    const wait = !result.ok && result.error.kind === "rate_limited" ? result.error.retryAfterMs : -1;
    expect(wait).toBeGreaterThan(lower);
    expect(wait).toBeLessThan(upper);
  });

  it("the server's own 10-second window → rate_limited with its Retry-After", async () => {
    await withHub({ rateLimit: { max: 2 } }, async (h) => {
      const limited = hubspotAdapter({ accessToken: token, baseUrl: h.baseUrl });
      expect((await limited.openSupportTickets(["nobody@example.com"], new Date())).ok).toBe(true);
      expect((await limited.openSupportTickets(["nobody@example.com"], new Date())).ok).toBe(true);
      const refused = await limited.upsertContacts(batch);
      expect(refused).toMatchObject({ ok: false, error: { kind: "rate_limited", policy: "TEN_SECONDLY_ROLLING" } });
      const wait = !refused.ok && refused.error.kind === "rate_limited" ? refused.error.retryAfterMs : 0;
      expect(wait).toBeGreaterThanOrEqual(9_000);
      expect(wait).toBeLessThanOrEqual(10_000);
    });
  });

  it("401 and 403 → auth", async () => {
    const wrong = hubspotAdapter({ accessToken: "pat-wrong", baseUrl: hub.baseUrl });
    expect(await wrong.upsertContacts(batch)).toMatchObject({ ok: false, error: { kind: "auth", message: expect.stringContaining("INVALID_AUTHENTICATION") } });
    expect(await wrong.ensureFields()).toMatchObject({ ok: false, error: { kind: "auth" } });
    await withHub({ scopes: ["crm.objects.contacts.read", "crm.objects.contacts.write"] }, async (h) => {
      expect(await hubspotAdapter({ accessToken: token, baseUrl: h.baseUrl }).ensureFields()).toMatchObject({ ok: false, error: { kind: "auth", message: expect.stringContaining("MISSING_SCOPES") } });
    });
  });

  it("500 and a gateway's 502 page → unavailable, with one request each", async () => {
    hub.failNext("contacts.batchUpsert", { kind: "status", status: 500 });
    hub.failNext("contacts.batchUpsert", { kind: "status", status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" });
    const before = hub.requests.length;
    expect(await crm.upsertContacts(batch)).toMatchObject({ ok: false, error: { kind: "unavailable", message: expect.stringContaining("500") } });
    expect(await crm.upsertContacts(batch)).toMatchObject({ ok: false, error: { kind: "unavailable", message: expect.stringContaining("502") } });
    expect(hub.requests.length).toBe(before + 2);
  });

  it("another 4xx → invalid", async () => {
    hub.failNext("contacts.batchUpsert", { kind: "status", status: 400 });
    expect(await crm.upsertContacts(batch)).toMatchObject({ ok: false, error: { kind: "invalid" } });
  });

  it("no answer in time or nobody listening → unavailable", async () => {
    hub.failNext("contacts.batchUpsert", { kind: "delay", ms: 3_000 });
    const started = Date.now();
    const slow = await hubspotAdapter({ accessToken: token, baseUrl: hub.baseUrl, timeoutMs: 200 }).upsertContacts(batch);
    expect(slow).toMatchObject({ ok: false, error: { kind: "unavailable", message: "HubSpot did not answer within 200 ms" } });
    expect(Date.now() - started).toBeLessThan(2_000);

    const closed = await startLocalHubspot({ token });
    await closed.close();
    expect(await hubspotAdapter({ accessToken: token, baseUrl: closed.baseUrl }).upsertContacts(batch)).toMatchObject({ ok: false, error: { kind: "unavailable" } });
  });
});

describe("openSupportTickets", () => {
  const day = 86_400_000;
  const now = Date.now();
  const since = new Date(now - 7 * day);

  beforeAll(() => {
    const id = (email: string) => hub.addContact({ email }).id;
    const [ann, cat, dan, ben] = ["ann@example.com", "cat@example.com", "dan@example.com", "ben@example.com"].map(id);
    id("eve@example.com");
    hub.addTicket({ subject: "open, in window", stage: "1", contactIds: [ann!], createdAt: new Date(now - day) });
    hub.addTicket({ subject: "closed, in window", stage: "4", contactIds: [cat!], createdAt: new Date(now - day) });
    hub.addTicket({ subject: "open, too old", stage: "3", contactIds: [dan!], createdAt: new Date(now - 30 * day) });
    hub.addTicket({ subject: "open, created long ago but touched this week", stage: "2", contactIds: [dan!, ben!], createdAt: new Date(now - 60 * day), modifiedAt: new Date(now - 2 * day) });
    hub.addTicket({ subject: "another contact's open ticket", stage: "1", contactIds: [ben!], createdAt: new Date(now - day) });
  });

  it("flags contacts with an open ticket modified in the window, and only those", async () => {
    const result = await crm.openSupportTickets(["ANN@example.com", "cat@example.com", "eve@example.com", "ghost@example.com"], since);
    expect(result).toEqual({ ok: true, data: new Set(["ann@example.com"]) });
  });

  it("counts a recently modified ticket, and a ticket shared with a contact not asked about", async () => {
    expect(await crm.openSupportTickets(["dan@example.com", "eve@example.com"], since)).toEqual({ ok: true, data: new Set(["dan@example.com"]) });
  });

  it("pages through the search and batches the lookups", async () => {
    await withHub({ rateLimit: { max: 100_000 } }, async (h) => {
      const busy = h.addContact({ email: "busy@example.com" }).id;
      for (let i = 0; i < 450; i += 1) h.addTicket({ stage: "1", contactIds: [busy], createdAt: new Date(now - day) });
      const late = h.addContact({ email: "late@example.com" }).id;
      h.addTicket({ stage: "2", contactIds: [late], createdAt: new Date(now - day) });
      const emails = ["busy@example.com", "late@example.com", ...Array.from({ length: 148 }, (_, i) => `nobody${i}@example.com`)];

      const result = await hubspotAdapter({ accessToken: token, baseUrl: h.baseUrl }).openSupportTickets(emails, since);
      expect(result).toEqual({ ok: true, data: new Set(["busy@example.com", "late@example.com"]) });
      const ops = h.requests.map((r) => r.op);
      expect(ops.filter((op) => op === "contacts.batchRead")).toHaveLength(2);
      expect(ops.filter((op) => op === "tickets.search")).toHaveLength(3);
      expect(ops.filter((op) => op === "associations.tickets.contacts.batchRead")).toHaveLength(5);
      const search = h.requests.find((r) => r.op === "tickets.search")!.body as { filterGroups: Array<{ filters: unknown[] }>; limit: number };
      expect(search.limit).toBe(200);
      expect(search.filterGroups[0]!.filters).toEqual([
        { propertyName: "associations.contact", operator: "IN", values: [expect.any(String), expect.any(String)] },
        { propertyName: "hs_pipeline_stage", operator: "NOT_IN", values: ["4"] },
        { propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(since.getTime()) },
      ]);
    });
  });

  it("makes no request for no emails, and fails rather than guessing when a lookup is unsure", async () => {
    const before = hub.requests.length;
    expect(await crm.openSupportTickets([], since)).toEqual({ ok: true, data: new Set() });
    expect(hub.requests.length).toBe(before);

    hub.failNext("contacts.batchRead", { kind: "partial", ids: ["ann@example.com"], category: "INTERNAL_ERROR", message: "try again" });
    expect(await crm.openSupportTickets(["ann@example.com"], since)).toMatchObject({ ok: false, error: { kind: "unavailable", message: expect.stringContaining("INTERNAL_ERROR: try again") } });

    hub.failNext("tickets.search", { kind: "rate_limit", policyName: "TEN_SECONDLY_ROLLING", retryAfterSeconds: 2 });
    expect(await crm.openSupportTickets(["ann@example.com"], since)).toEqual({ ok: false, error: { kind: "rate_limited", retryAfterMs: 2_000, policy: "TEN_SECONDLY_ROLLING", message: expect.any(String) } });
  });
});
