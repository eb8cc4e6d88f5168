import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKlaviyo, type LocalKlaviyo } from "./server";

// The wire format with plain fetch: what the official SDK relies on, checked without it.

const KEY = "pk_local_server_test_0001";
const REVISION = "2026-07-15";
let k: LocalKlaviyo;
beforeAll(async () => {
  k = await startLocalKlaviyo({ apiKey: KEY, lists: ["Newsletter", "VIP"] });
});
afterAll(() => k.close());

type Resource = { type: string; id: string; attributes: Record<string, unknown>; links: Record<string, string> };
// `data` is one resource or a collection depending on the route; the tests know which.
type Doc = { data: Resource & Resource[]; errors: Array<Record<string, unknown>> };
type Init = { method?: string; body?: unknown; key?: string | null; revision?: string | null; server?: LocalKlaviyo };
async function call(path: string, { method = "GET", body, key = KEY, revision = REVISION, server = k }: Init = {}) {
  const headers: Record<string, string> = { Accept: "application/vnd.api+json" };
  if (key !== null) headers.Authorization = `Klaviyo-API-Key ${key}`;
  if (revision !== null) headers.revision = revision;
  if (body !== undefined) headers["Content-Type"] = "application/vnd.api+json";
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Doc) : null };
}
const importProfile = (attributes: Record<string, unknown>) => call("/api/profile-import", { method: "POST", body: { data: { type: "profile", attributes } } });
const listId = (name: string) => [...k.lists.values()].find((l) => l.name === name)!.id;

describe("local Klaviyo", () => {
  it("lists the seeded lists as JSON:API resources with the steady window's rate-limit headers", async () => {
    const res = await call("/api/lists");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(res.json!.data.map((l) => l.attributes.name)).toEqual(["Newsletter", "VIP"]);
    expect(res.json!.data[0]).toMatchObject({ type: "list", id: expect.stringMatching(/^[A-Za-z0-9]{6}$/), links: { self: expect.stringContaining("/api/lists/") } });
    expect(res.headers.get("ratelimit-limit")).toBe("700");
    expect(Number(res.headers.get("ratelimit-remaining"))).toBeLessThan(700);
  });

  it("refuses a missing or wrong key with 401 not_authenticated, and a missing revision with 400", async () => {
    for (const key of [null, "pk_wrong_key_000000"]) {
      const res = await call("/api/lists", { key });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ errors: [{ id: expect.any(String), status: 401, code: "not_authenticated", title: expect.any(String), detail: expect.any(String), source: { pointer: "/data/" } }] });
    }
    const noRevision = await call("/api/lists", { revision: null });
    expect(noRevision.status).toBe(400);
    expect(noRevision.json!.errors[0]).toMatchObject({ code: "invalid", source: { parameter: "revision" } });
    expect(k.requests.at(-1)).toMatchObject({ op: "lists.list", revision: null, status: 400 });
  });

  it("profile-import creates by email (201), then updates the same profile (200) merging custom properties", async () => {
    const first = await importProfile({ email: "Ada@Example.com", first_name: "Ada", properties: { uplift_tier: "gold", kept: 1 } });
    expect(first.status).toBe(201);
    const id = first.json!.data.id;
    expect(first.json!.data).toMatchObject({ type: "profile", id: expect.stringMatching(/^01[0-9A-Z]{24}$/), attributes: { email: "ada@example.com", first_name: "Ada", properties: { uplift_tier: "gold" } } });
    const second = await importProfile({ email: "ada@example.com", properties: { uplift_tier: "platinum" } });
    expect(second.status).toBe(200);
    expect(second.json!.data.id).toBe(id);
    expect(k.profiles.filter((p) => p.email === "ada@example.com")).toHaveLength(1);
    expect(k.profiles.find((p) => p.id === id)).toMatchObject({ firstName: "Ada", properties: { uplift_tier: "platinum", kept: 1 } });
  });

  it("refuses a profile without an identifier or with a bad email, naming the attribute", async () => {
    const none = await importProfile({ first_name: "Nobody" });
    expect(none.status).toBe(400);
    const bad = await importProfile({ email: "not-an-email" });
    expect(bad.status).toBe(400);
    expect(bad.json!.errors[0]).toMatchObject({ status: 400, code: "invalid", source: { pointer: "/data/attributes/email" } });
    const wrongType = await call("/api/profile-import", { method: "POST", body: { data: { type: "list", attributes: { email: "x@example.com" } } } });
    expect(wrongType.status).toBe(400);
  });

  it("finds profiles by equals/any email filters, and refuses an unknown filter or page size", async () => {
    k.addProfile({ email: "bob@example.com" });
    const one = await call(`/api/profiles?filter=${encodeURIComponent('equals(email,"BOB@example.com")')}`);
    expect(one.json!.data.map((p) => p.attributes.email)).toEqual(["bob@example.com"]);
    const many = await call(`/api/profiles?page%5Bsize%5D=100&filter=${encodeURIComponent('any(email,["bob@example.com","ada@example.com","ghost@example.com"])')}`);
    expect(many.json!.data).toHaveLength(2);
    expect((await call(`/api/profiles?filter=${encodeURIComponent("contains(email,x)")}`)).status).toBe(400);
    expect((await call("/api/profiles?page%5Bsize%5D=101")).status).toBe(400);
  });

  it("adds and removes list members by profile id (204), idempotently; an unknown list is 404", async () => {
    const ada = k.profiles.find((p) => p.email === "ada@example.com")!;
    const vip = listId("VIP");
    const rel = `/api/lists/${vip}/relationships/profiles`;
    const body = { data: [{ type: "profile", id: ada.id }] };
    expect((await call(rel, { method: "POST", body })).status).toBe(204);
    expect((await call(rel, { method: "POST", body })).status).toBe(204);
    expect([...k.lists.get(vip)!.members.keys()]).toEqual([ada.id]);
    expect((await call(rel, { method: "DELETE", body })).status).toBe(204);
    expect((await call(rel, { method: "DELETE", body })).status).toBe(204);
    expect(k.lists.get(vip)!.members.size).toBe(0);

    const unknown = await call("/api/lists/NoSuch/relationships/profiles", { method: "POST", body });
    expect(unknown.status).toBe(404);
    expect(unknown.json!.errors[0]).toMatchObject({ code: "not_found", status: 404 });
    const ghost = await call(rel, { method: "POST", body: { data: [{ type: "profile", id: "01NOPE" }] } });
    expect(ghost.status).toBe(400);
  });

  it("failNext injects a 429 with Retry-After, then a 503; the next request goes through", async () => {
    k.failNext("lists.list", { kind: "rate_limit", retryAfterSeconds: 7 });
    k.failNext("lists.list", { kind: "status", status: 503 });
    const throttled = await call("/api/lists");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(throttled.json!.errors[0]).toMatchObject({ status: 429, code: "throttled", detail: "Request was throttled. Expected available in 7 seconds." });
    expect((await call("/api/lists")).status).toBe(503);
    expect((await call("/api/lists")).status).toBe(200);
  });

  it("enforces the burst window: past the limit within a second comes 429 until the window opens", async () => {
    let now = 1_000_000;
    const limited = await startLocalKlaviyo({ apiKey: KEY, clock: () => now, rateLimit: { burst: 2, steady: 5 } });
    try {
      const get = () => call("/api/lists", { server: limited });
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200);
      const refused = await get();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      now += 1_000;
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200);
      now += 1_000;
      expect((await get()).status).toBe(200);
      // Five in this minute: the steady window refuses until the minute is over.
      const steady = await get();
      expect(steady.status).toBe(429);
      expect(Number(steady.headers.get("retry-after"))).toBe(58);
    } finally {
      await limited.close();
    }
  });
});
