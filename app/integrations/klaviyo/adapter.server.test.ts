import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKlaviyo, type LocalKlaviyo } from "../../../tools/local-klaviyo/server";
import type { CrmContact } from "../crm/types";
import { klaviyoAdapter } from "./adapter.server";
import { CONCURRENCY } from "./import-profile.server";
import { PROPERTY } from "./properties";

// The official klaviyo-api SDK, unmodified, against tools/local-klaviyo on 127.0.0.1.

const KEY = "pk_local_adapter_0123456789";
let kl: LocalKlaviyo;
beforeAll(async () => {
  kl = await startLocalKlaviyo({ apiKey: KEY, rateLimit: { burst: 100_000, steady: 100_000 }, lists: ["Shoe browsers"] });
});
afterAll(() => kl.close());

const adapter = (over: { apiKey?: string; baseUrl?: string; timeoutMs?: number } = {}) => klaviyoAdapter({ apiKey: KEY, baseUrl: kl.baseUrl, ...over });
const since = (from: number, op?: string) => kl.requests.slice(from).filter((r) => !op || r.op === op);

const contact = (n: number, { email, ...over }: Partial<CrmContact["fields"]> & { email?: string } = {}): CrmContact => ({
  customerGid: `gid://shopify/Customer/${n}`,
  email: email ?? `customer${n}@example.com`,
  firstName: `First${n}`,
  lastName: null,
  fields: { predictedClv: 412.5, currency: "EUR", tier: "gold", churnRisk: 0.12345, nextBestAction: "Offer free shipping", reasoning: "Top 20% by predicted CLV", scoredAt: "2026-03-01T10:00:00.000Z", ...over },
});

describe("ensureFields", () => {
  it("proves the key with one list read and creates nothing; a wrong key is auth", async () => {
    const from = kl.requests.length;
    expect(await adapter().ensureFields()).toEqual({ ok: true, data: { created: [], existing: [] } });
    expect(since(from)).toEqual([expect.objectContaining({ method: "GET", op: "lists.list", revision: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), status: 200 })]);
    expect(await adapter({ apiKey: "pk_wrong_key_000000" }).ensureFields()).toMatchObject({ ok: false, error: { kind: "auth", message: expect.stringContaining("not_authenticated") } });
  });
});

describe("upsertContacts", () => {
  it("creates a profile by email with the scores as custom properties, then updates the same one", async () => {
    const first = await adapter().upsertContacts([contact(1, { email: "Ada@Example.com" })]);
    expect(first).toEqual({ ok: true, data: [{ customerGid: "gid://shopify/Customer/1", ok: true, remoteId: expect.stringMatching(/^01[0-9A-Z]{24}$/), created: true }] });
    const profile = kl.profiles.find((p) => p.email === "ada@example.com")!;
    expect(profile).toMatchObject({
      firstName: "First1",
      lastName: null,
      externalId: null,
      properties: {
        [PROPERTY.predictedClv]: 412.5,
        [PROPERTY.currency]: "EUR",
        [PROPERTY.tier]: "gold",
        [PROPERTY.churnRisk]: 0.1235,
        [PROPERTY.nextBestAction]: "Offer free shipping",
        [PROPERTY.reasoning]: "Top 20% by predicted CLV",
        [PROPERTY.scoredAt]: "2026-03-01T10:00:00.000Z",
      },
    });

    const second = await adapter().upsertContacts([contact(1, { email: "ada@example.com", tier: "platinum" })]);
    expect(second).toEqual({ ok: true, data: [{ customerGid: "gid://shopify/Customer/1", ok: true, remoteId: profile.id, created: false }] });
    expect(kl.profiles.filter((p) => p.email === "ada@example.com")).toHaveLength(1);
    expect(profile.properties[PROPERTY.tier]).toBe("platinum");
  });

  it("sends one profile-import per contact and answers per contact, in input order", async () => {
    const from = kl.requests.length;
    const result = await adapter().upsertContacts([contact(11), contact(12, { email: "not-an-email" }), contact(13, { predictedClv: Number.NaN }), contact(14), contact(15, { email: "CUSTOMER14@example.com" })]);
    expect(result).toEqual({
      ok: true,
      data: [
        { customerGid: "gid://shopify/Customer/11", ok: true, remoteId: expect.any(String), created: true },
        { customerGid: "gid://shopify/Customer/12", ok: false, retryable: false, error: expect.stringContaining("Klaviyo answered 400 (invalid: Invalid email address") },
        { customerGid: "gid://shopify/Customer/13", ok: false, retryable: false, error: "predictedClv is not a finite number" },
        { customerGid: "gid://shopify/Customer/14", ok: true, remoteId: expect.any(String), created: true },
        { customerGid: "gid://shopify/Customer/15", ok: false, retryable: false, error: "another contact in the batch has the email customer14@example.com" },
      ],
    });
    expect(since(from, "profiles.import")).toHaveLength(3);
  });

  it("refuses more than maxBatch contacts without calling Klaviyo", async () => {
    const from = kl.requests.length;
    const crm = adapter();
    expect(crm.maxBatch).toBe(50);
    expect(await crm.upsertContacts(Array.from({ length: 51 }, (_, i) => contact(100 + i)))).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(kl.requests.length).toBe(from);
  });
});

describe("whole-call errors", () => {
  it("429 → rate_limited with Retry-After, at once and without a retry by the SDK", async () => {
    kl.failNext("profiles.import", { kind: "rate_limit", retryAfterSeconds: 30 });
    const from = kl.requests.length;
    const started = Date.now();
    expect(await adapter().upsertContacts([contact(40)])).toEqual({ ok: false, error: { kind: "rate_limited", retryAfterMs: 30_000, policy: null, message: expect.stringContaining("429 (throttled") } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(since(from)).toHaveLength(1);
  });

  it("the server's own burst window → rate_limited, and the batch stops taking new contacts", async () => {
    const small = await startLocalKlaviyo({ apiKey: KEY, rateLimit: { burst: 2, steady: 1_000 } });
    try {
      const result = await klaviyoAdapter({ apiKey: KEY, baseUrl: small.baseUrl }).upsertContacts(Array.from({ length: 20 }, (_, i) => contact(200 + i)));
      expect(result).toMatchObject({ ok: false, error: { kind: "rate_limited", retryAfterMs: 1_000 } });
      // Two written, then no new contact taken once a refusal came back: at most the ones in flight.
      expect(small.requests.length).toBeLessThanOrEqual(2 * CONCURRENCY);
      expect(small.profiles).toHaveLength(2);
    } finally {
      await small.close();
    }
  });

  it("401 → auth; 500 and a gateway's 502 page → unavailable, one request each", async () => {
    expect(await adapter({ apiKey: "pk_wrong_key_000000" }).upsertContacts([contact(41)])).toMatchObject({ ok: false, error: { kind: "auth" } });
    kl.failNext("profiles.import", { kind: "status", status: 500 });
    kl.failNext("profiles.import", { kind: "status", status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" });
    const from = kl.requests.length;
    expect(await adapter().upsertContacts([contact(42)])).toMatchObject({ ok: false, error: { kind: "unavailable", message: expect.stringContaining("500") } });
    expect(await adapter().upsertContacts([contact(42)])).toMatchObject({ ok: false, error: { kind: "unavailable", message: "Klaviyo answered 502 (no error body)" } });
    expect(since(from)).toHaveLength(2);
  });

  it("no answer in time or nobody listening → unavailable", async () => {
    kl.failNext("profiles.import", { kind: "delay", ms: 3_000 });
    const started = Date.now();
    expect(await adapter({ timeoutMs: 200 }).upsertContacts([contact(43)])).toMatchObject({ ok: false, error: { kind: "unavailable", message: "Klaviyo did not answer within 200 ms" } });
    expect(Date.now() - started).toBeLessThan(2_000);
    const closed = await startLocalKlaviyo({ apiKey: KEY });
    await closed.close();
    expect(await klaviyoAdapter({ apiKey: KEY, baseUrl: closed.baseUrl }).upsertContacts([contact(44)])).toMatchObject({ ok: false, error: { kind: "unavailable", message: expect.stringContaining("ECONNREFUSED") } });
  });
});

describe("openSupportTickets", () => {
  it("is always empty and calls nothing: Klaviyo has no tickets", async () => {
    const from = kl.requests.length;
    const result = await adapter().openSupportTickets(["ada@example.com"], new Date(0));
    expect(result.ok && result.data.size).toBe(0);
    expect(kl.requests.length).toBe(from);
  });
});

describe("lists", () => {
  const listId = () => [...kl.lists.values()].find((l) => l.name === "Shoe browsers")!.id;
  const members = () => [...kl.lists.get(listId())!.members.keys()];

  it("adds by email: one lookup, a profile for an unknown email, one relationship POST", async () => {
    const ada = kl.profiles.find((p) => p.email === "ada@example.com")!;
    const from = kl.requests.length;
    const result = await adapter().addToList(listId(), ["ADA@example.com", "newcomer@example.com"]);
    const newcomer = kl.profiles.find((p) => p.email === "newcomer@example.com")!;
    expect(result).toEqual({ ok: true, data: [{ email: "ada@example.com", ok: true, recordId: ada.id }, { email: "newcomer@example.com", ok: true, recordId: newcomer.id }] });
    expect(members()).toEqual([ada.id, newcomer.id]);
    expect(newcomer.properties).toEqual({});
    const sent = since(from);
    expect(sent.map((r) => r.op)).toEqual(["profiles.list", "profiles.import", "lists.profiles.add"]);
    expect(sent[0]!.query.filter).toBe('any(email,["ada@example.com","newcomer@example.com"])');
    expect(sent[2]!.body).toEqual({ data: [{ type: "profile", id: ada.id }, { type: "profile", id: newcomer.id }] });
    // Adding a member again is a no-op that succeeds.
    expect((await adapter().addToList(listId(), ["ada@example.com"])).ok).toBe(true);
    expect(members()).toHaveLength(2);
  });

  it("removes by email; an email Klaviyo does not know counts as removed and creates nothing", async () => {
    const profiles = kl.profiles.length;
    const result = await adapter().removeFromList(listId(), ["ada@example.com", "ghost@example.com"]);
    expect(result).toMatchObject({ ok: true, data: [{ email: "ada@example.com", ok: true }, { email: "ghost@example.com", ok: true, recordId: null }] });
    expect(members()).toEqual([kl.profiles.find((p) => p.email === "newcomer@example.com")!.id]);
    expect(kl.profiles).toHaveLength(profiles);
  });

  it("an unknown list is invalid (404); a 429 on the list call is rate_limited and changes nothing; a bad key is auth", async () => {
    expect(await adapter().addToList("NoSuch", ["ada@example.com"])).toMatchObject({ ok: false, error: { kind: "invalid", message: expect.stringContaining("404 (not_found") } });
    kl.failNext("lists.profiles.add", { kind: "rate_limit", retryAfterSeconds: 4 });
    const before = members();
    expect(await adapter().addToList(listId(), ["ada@example.com"])).toMatchObject({ ok: false, error: { kind: "rate_limited", retryAfterMs: 4_000 } });
    expect(members()).toEqual(before);
    expect(await adapter({ apiKey: "pk_wrong_key_000000" }).removeFromList(listId(), ["ada@example.com"])).toMatchObject({ ok: false, error: { kind: "auth" } });
  });
});
