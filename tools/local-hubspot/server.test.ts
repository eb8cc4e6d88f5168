import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHubspot, type LocalHubspot } from "./server";

// The local HubSpot's own wire behaviour, with plain fetch (the adapter tests drive it through the SDK).

const token = "pat-local-test";
let hub: LocalHubspot;
beforeAll(async () => {
  hub = await startLocalHubspot({ token });
});
afterAll(() => hub.close());

type Json = Record<string, unknown> & { results?: Array<Record<string, unknown>>; errors?: Array<Record<string, unknown>> };

async function call(server: LocalHubspot, method: string, path: string, body?: unknown, bearer: string | null = token) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // HTML bodies (gateway errors) stay text
  }
  return { status: res.status, body: json, text, headers: res.headers };
}
const api = (method: string, path: string, body?: unknown) => call(hub, method, path, body);

const upsert = (inputs: unknown[]) => api("POST", "/crm/v3/objects/contacts/batch/upsert", { inputs });

describe("authentication and scopes", () => {
  it("answers 401 with HubSpot's error body for a missing or wrong token", async () => {
    for (const bearer of [null, "pat-wrong"]) {
      const res = await call(hub, "GET", "/crm/v3/properties/contacts", undefined, bearer);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ status: "error", category: "INVALID_AUTHENTICATION", correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    }
  });

  it("answers 403 MISSING_SCOPES naming the scope a route needs", async () => {
    const narrow = await startLocalHubspot({ token, scopes: ["crm.objects.contacts.read"] });
    try {
      const res = await call(narrow, "POST", "/crm/v3/objects/contacts/batch/upsert", { inputs: [] });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ category: "MISSING_SCOPES", errors: [{ context: { requiredGranularScopes: ["crm.objects.contacts.write"] } }] });
      expect((await call(narrow, "POST", "/crm/v3/objects/contacts/batch/read", { inputs: [] })).status).toBe(200);
    } finally {
      await narrow.close();
    }
  });
});

describe("contact properties", () => {
  it("lists the seeded standard properties and reads one by name", async () => {
    const list = await api("GET", "/crm/v3/properties/contacts");
    expect(list.status).toBe(200);
    expect(list.body.results!.map((p) => p.name)).toEqual(expect.arrayContaining(["email", "firstname", "lastname", "lifecyclestage"]));
    const one = await api("GET", "/crm/v3/properties/contacts/lifecyclestage");
    expect(one.body).toMatchObject({ name: "lifecyclestage", type: "enumeration", fieldType: "radio", options: expect.arrayContaining([expect.objectContaining({ value: "customer" })]) });
    const missing = await api("GET", "/crm/v3/properties/contacts/nope_nope");
    expect([missing.status, missing.body.category]).toEqual([404, "OBJECT_NOT_FOUND"]);
  });

  it("creates a property once (201), then answers 409 OBJECT_ALREADY_EXISTS", async () => {
    const def = { name: "srv_score", label: "Score", type: "number", fieldType: "number", groupName: "contactinformation" };
    const created = await api("POST", "/crm/v3/properties/contacts", def);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...def, archived: false, options: [], modificationMetadata: { readOnlyValue: false } });
    const again = await api("POST", "/crm/v3/properties/contacts", def);
    expect([again.status, again.body.category]).toEqual([409, "OBJECT_ALREADY_EXISTS"]);
    expect(hub.properties.get("srv_score")?.type).toBe("number");
  });

  it("refuses missing required fields, a mismatched type/fieldType, an enumeration without options and an unknown group", async () => {
    const missing = await api("POST", "/crm/v3/properties/contacts", { name: "srv_x", label: "X" });
    expect([missing.status, missing.body.category]).toEqual([400, "VALIDATION_ERROR"]);
    expect(missing.body.message).toContain("type, fieldType, groupName");

    const base = { label: "X", groupName: "contactinformation" };
    const mismatched = await api("POST", "/crm/v3/properties/contacts", { ...base, name: "srv_y", type: "number", fieldType: "select" });
    expect([mismatched.status, mismatched.body.message]).toEqual([400, "Field type select is not valid for property type number."]);
    const noOptions = await api("POST", "/crm/v3/properties/contacts", { ...base, name: "srv_z", type: "enumeration", fieldType: "select" });
    expect(noOptions.status).toBe(400);
    const noGroup = await api("POST", "/crm/v3/properties/contacts", { ...base, name: "srv_w", type: "string", fieldType: "text", groupName: "uplift_nope" });
    expect([noGroup.status, noGroup.body.message]).toEqual([400, "Property group uplift_nope does not exist."]);
    expect([...hub.properties.keys()].filter((n) => /^srv_[xyzw]$/.test(n))).toEqual([]);
  });

  it("creates property groups and refuses a second one with the same name", async () => {
    expect((await api("POST", "/crm/v3/properties/contacts/groups", { name: "srv_group", label: "Group" })).status).toBe(201);
    expect((await api("POST", "/crm/v3/properties/contacts/groups", { name: "srv_group", label: "Group" })).status).toBe(409);
    const groups = await api("GET", "/crm/v3/properties/contacts/groups");
    expect(groups.body.results!.map((g) => g.name)).toEqual(["contactinformation", "srv_group"]);
  });
});

describe("contacts batch upsert", () => {
  beforeAll(async () => {
    await api("POST", "/crm/v3/properties/contacts", {
      name: "srv_tier",
      label: "Tier",
      type: "enumeration",
      fieldType: "select",
      groupName: "contactinformation",
      options: [{ label: "Gold", value: "gold", hidden: false }, { label: "Silver", value: "silver", hidden: false }],
    });
    await api("POST", "/crm/v3/properties/contacts", { name: "srv_seen", label: "Seen", type: "datetime", fieldType: "date", groupName: "contactinformation" });
  });

  it("creates by email, then updates the same record (same id, new: false), echoing objectWriteTraceId", async () => {
    const first = await upsert([{ idProperty: "email", id: "Ada@Example.com", properties: { firstname: "Ada", srv_tier: "gold" }, objectWriteTraceId: "gid-1" }]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "COMPLETE", startedAt: expect.any(String), completedAt: expect.any(String) });
    const created = first.body.results![0]!;
    expect(created).toMatchObject({ new: true, objectWriteTraceId: "gid-1", properties: { email: "ada@example.com", firstname: "Ada", srv_tier: "gold" } });

    const second = await upsert([{ idProperty: "email", id: "ada@example.com", properties: { srv_tier: "silver", srv_seen: "1700000000000" }, objectWriteTraceId: "gid-1" }]);
    expect(second.body.results![0]).toMatchObject({ id: created.id, new: false, properties: { srv_tier: "silver", srv_seen: "2023-11-14T22:13:20.000Z" } });
    expect(hub.contacts.filter((c) => c.properties.email === "ada@example.com")).toHaveLength(1);
    expect(hub.contacts.find((c) => c.id === created.id)?.properties.firstname).toBe("Ada");
  });

  it("answers 207 for the inputs it refuses and still writes the others", async () => {
    const res = await upsert([
      { idProperty: "email", id: "good@example.com", properties: { srv_score: "12.5" }, objectWriteTraceId: "gid-good" },
      { idProperty: "email", id: "unknown@example.com", properties: { no_such_prop: "x" }, objectWriteTraceId: "gid-unknown" },
      { idProperty: "email", id: "nan@example.com", properties: { srv_score: "lots" } },
      { idProperty: "email", id: "not-an-email", properties: { firstname: "X" } },
      { idProperty: "email", id: "option@example.com", properties: { srv_tier: "diamond" } },
    ]);
    expect(res.status).toBe(207);
    expect(res.body.numErrors).toBe(4);
    expect(res.body.results!.map((r) => (r.properties as Record<string, string>).email)).toEqual(["good@example.com"]);
    const byId = Object.fromEntries(res.body.errors!.map((e) => [(e.context as { ids: string[] }).ids[0], e]));
    expect(byId["unknown@example.com"]).toMatchObject({ status: "error", category: "VALIDATION_ERROR", context: { objectWriteTraceId: ["gid-unknown"] }, errors: [{ code: "PROPERTY_DOESNT_EXIST", in: "no_such_prop" }] });
    expect(byId["nan@example.com"]).toMatchObject({ errors: [{ code: "INVALID_DECIMAL", in: "srv_score" }] });
    expect(byId["not-an-email"]).toMatchObject({ errors: [{ code: "INVALID_EMAIL", in: "email" }] });
    expect(byId["option@example.com"]!.message).toContain("diamond was not one of the allowed options: [gold, silver]");
    expect(hub.contacts.map((c) => c.properties.email)).not.toContain("nan@example.com");
  });

  it("refuses the whole request above 100 inputs, for non-string values, duplicate ids, a non-unique idProperty and malformed JSON", async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ idProperty: "email", id: `bulk${i}@example.com`, properties: {} }));
    const tooMany = await upsert(many);
    expect([tooMany.status, tooMany.body.category]).toEqual([400, "VALIDATION_ERROR"]);
    expect(hub.contacts.some((c) => c.properties.email === "bulk0@example.com")).toBe(false);

    expect((await upsert([{ idProperty: "email", id: "n@example.com", properties: { srv_score: 12 } }])).status).toBe(400);
    const dup = await upsert([{ idProperty: "email", id: "d@example.com", properties: {} }, { idProperty: "email", id: "D@example.com", properties: {} }]);
    expect([dup.status, dup.body.message]).toEqual([400, "Duplicate IDs found in batch input: [d@example.com]. IDs must be unique"]);
    const byName = await upsert([{ idProperty: "firstname", id: "Ada", properties: {} }]);
    expect(byName.body.message).toMatch(/^Unable to perform update\/upsert by non-unique 0-1 property firstname/);
    expect((await api("POST", "/crm/v3/objects/contacts/batch/upsert", "{not json")).status).toBe(400);
  });
});

describe("contacts batch read", () => {
  it("reads by email and reports the missing ones as OBJECT_NOT_FOUND in a 207", async () => {
    hub.addContact({ email: "reader@example.com", firstname: "Rea" });
    const res = await api("POST", "/crm/v3/objects/contacts/batch/read", { idProperty: "email", inputs: [{ id: "READER@example.com" }, { id: "ghost@example.com" }], properties: ["email"], propertiesWithHistory: [] });
    expect(res.status).toBe(207);
    expect(res.body.results).toEqual([expect.objectContaining({ properties: expect.objectContaining({ email: "reader@example.com" }) })]);
    expect(res.body.errors).toEqual([expect.objectContaining({ category: "OBJECT_NOT_FOUND", context: { ids: ["ghost@example.com"] } })]);
  });
});

describe("ticket search and associations", () => {
  const day = 86_400_000;
  const now = Date.parse("2026-03-10T12:00:00Z");
  let ann: string;
  let ben: string;
  beforeAll(() => {
    ann = hub.addContact({ email: "ann@example.com" }).id;
    ben = hub.addContact({ email: "ben@example.com" }).id;
    hub.addTicket({ subject: "open recent", stage: "1", contactIds: [ann], createdAt: new Date(now - day) });
    hub.addTicket({ subject: "closed recent", stage: "4", contactIds: [ann], createdAt: new Date(now - day) });
    hub.addTicket({ subject: "open old", stage: "3", contactIds: [ann], createdAt: new Date(now - 30 * day) });
    hub.addTicket({ subject: "open ben", stage: "2", contactIds: [ben], createdAt: new Date(now - 2 * day), modifiedAt: new Date(now - day) });
  });

  const subjects = (res: { body: Json }) => res.body.results!.map((r) => (r.properties as Record<string, string>).subject);
  const search = (body: unknown) => api("POST", "/crm/v3/objects/tickets/search", body);

  it("ANDs filters in a group: associated contact IN, stage NOT_IN closed, modified GTE an epoch-ms instant", async () => {
    const res = await search({
      filterGroups: [
        {
          filters: [
            { propertyName: "associations.contact", operator: "IN", values: [ann, ben] },
            { propertyName: "hs_pipeline_stage", operator: "NOT_IN", values: ["4"] },
            { propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(now - 7 * day) },
          ],
        },
      ],
      properties: ["subject", "hs_pipeline_stage"],
      limit: 100,
    });
    expect(res.status).toBe(200);
    expect(subjects(res)).toEqual(["open recent", "open ben"]);
    expect(res.body.total).toBe(2);
    expect(res.body.results![0]!.properties).toEqual(expect.objectContaining({ subject: "open recent", hs_pipeline_stage: "1", hs_object_id: expect.any(String), hs_lastmodifieddate: expect.any(String) }));
  });

  it("ORs filter groups and supports EQ, NEQ and LTE with ISO values", async () => {
    const res = await search({
      filterGroups: [
        { filters: [{ propertyName: "associations.contact", operator: "EQ", value: ben }] },
        { filters: [{ propertyName: "hs_pipeline_stage", operator: "NEQ", value: "1" }, { propertyName: "createdate", operator: "LTE", value: new Date(now - 10 * day).toISOString() }] },
      ],
      properties: ["subject"],
    });
    expect(subjects(res)).toEqual(["open old", "open ben"]);
  });

  it("pages with after and limit, reports total, and refuses limit above 200", async () => {
    const first = await search({ filterGroups: [], properties: ["subject"], limit: 3 });
    expect(first.body.total).toBe(4);
    expect(first.body.results).toHaveLength(3);
    const after = (first.body.paging as { next: { after: string } }).next.after;
    const second = await search({ properties: ["subject"], limit: 3, after });
    expect(subjects(second)).toEqual(["open ben"]);
    expect(second.body.paging).toBeUndefined();
    expect((await search({ limit: 201 })).status).toBe(400);
    expect((await search({ filterGroups: [{ filters: [{ propertyName: "subject", operator: "FUZZY", value: "x" }] }] })).status).toBe(400);
  });

  it("reads ticket→contact associations (v4), reporting tickets without any", async () => {
    const [openRecent] = hub.tickets;
    const orphan = hub.addTicket({ stage: "1", contactIds: [] });
    const res = await api("POST", "/crm/v4/associations/tickets/contacts/batch/read", { inputs: [{ id: openRecent!.id }, { id: orphan.id }] });
    expect(res.status).toBe(207);
    expect(res.body.results).toEqual([{ from: { id: openRecent!.id }, to: [{ toObjectId: Number(ann), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 16, label: null }] }] }]);
    expect(res.body.errors![0]).toMatchObject({ category: "OBJECT_NOT_FOUND", context: { fromObjectId: [orphan.id] } });
  });
});

describe("rate limits", () => {
  it("refuses the request over the rolling 10-second window with TEN_SECONDLY_ROLLING and Retry-After, then lets it through", async () => {
    let now = 1_700_000_000_000;
    const limited = await startLocalHubspot({ token, clock: () => now, rateLimit: { max: 3 } });
    try {
      const remaining: Array<string | null> = [];
      for (let i = 0; i < 3; i += 1) {
        const res = await call(limited, "GET", "/crm/v3/properties/contacts");
        remaining.push(res.headers.get("x-hubspot-ratelimit-remaining"));
        now += 1_000;
      }
      expect(remaining).toEqual(["2", "1", "0"]);
      const refused = await call(limited, "GET", "/crm/v3/properties/contacts");
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ status: "error", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" });
      // The first request (at t0) leaves the window at t0 + 10 s; it is now t0 + 3 s.
      expect(refused.headers.get("retry-after")).toBe("7");
      expect(refused.headers.get("x-hubspot-ratelimit-max")).toBe("3");
      now += 7_000;
      expect((await call(limited, "GET", "/crm/v3/properties/contacts")).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("refuses with DAILY (no Retry-After) once the day's quota is spent, until midnight UTC", async () => {
    let now = Date.parse("2026-03-10T23:59:00Z");
    const limited = await startLocalHubspot({ token, clock: () => now, rateLimit: { daily: 1 } });
    try {
      expect((await call(limited, "GET", "/crm/v3/properties/contacts")).headers.get("x-hubspot-ratelimit-daily-remaining")).toBe("0");
      const refused = await call(limited, "GET", "/crm/v3/properties/contacts");
      expect([refused.status, refused.body.policyName, refused.body.message, refused.headers.get("retry-after")]).toEqual([429, "DAILY", "You have reached your daily limit.", null]);
      now = Date.parse("2026-03-11T00:00:01Z");
      expect((await call(limited, "GET", "/crm/v3/properties/contacts")).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("failNext", () => {
  it("injects a 429 of either policy, with or without Retry-After, once", async () => {
    hub.failNext("contacts.properties.list", { kind: "rate_limit", policyName: "DAILY" });
    hub.failNext("/crm/v3/properties/contacts", { kind: "rate_limit", retryAfterSeconds: 3 });
    const daily = await api("GET", "/crm/v3/properties/contacts");
    expect([daily.status, daily.body.policyName, daily.headers.get("retry-after")]).toEqual([429, "DAILY", null]);
    const burst = await api("GET", "/crm/v3/properties/contacts");
    expect([burst.status, burst.body.policyName, burst.headers.get("retry-after")]).toEqual([429, "TEN_SECONDLY_ROLLING", "3"]);
    expect((await api("GET", "/crm/v3/properties/contacts")).status).toBe(200);
  });

  it("injects 500 with HubSpot's error body and 502 with a gateway's HTML", async () => {
    hub.failNext("tickets.search", { kind: "status", status: 500 });
    hub.failNext("tickets.search", { kind: "status", status: 502, body: "<html><body>502 Bad Gateway</body></html>" });
    const err = await api("POST", "/crm/v3/objects/tickets/search", {});
    expect([err.status, err.body.category]).toEqual([500, "INTERNAL_ERROR"]);
    const gateway = await api("POST", "/crm/v3/objects/tickets/search", {});
    expect([gateway.status, gateway.headers.get("content-type"), gateway.text]).toEqual([502, "text/html; charset=utf-8", "<html><body>502 Bad Gateway</body></html>"]);
  });

  it("injects a 207 for chosen inputs of a batch and logs every request with its status", async () => {
    hub.failNext("contacts.batchUpsert", { kind: "partial", ids: ["fails@example.com"], message: "Something went wrong", category: "INTERNAL_ERROR" });
    const res = await upsert([
      { idProperty: "email", id: "fails@example.com", properties: {} },
      { idProperty: "email", id: "passes@example.com", properties: {} },
    ]);
    expect(res.status).toBe(207);
    expect(res.body.errors).toEqual([expect.objectContaining({ category: "INTERNAL_ERROR", message: "Something went wrong", context: { ids: ["fails@example.com"] } })]);
    expect(hub.contacts.map((c) => c.properties.email)).toContain("passes@example.com");
    expect(hub.requests.at(-1)).toMatchObject({ method: "POST", op: "contacts.batchUpsert", status: 207, body: { inputs: expect.any(Array) } });
  });

  it("delays an answer", async () => {
    hub.failNext("contacts.groups.list", { kind: "delay", ms: 300 });
    const started = Date.now();
    expect((await api("GET", "/crm/v3/properties/contacts/groups")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
