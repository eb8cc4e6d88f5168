import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHubspot, type LocalHubspot } from "./server";

// List memberships (v3 Lists API) on the wire, with plain fetch; the app's list module drives them
// through the SDK in app/integrations/hubspot/lists.server.test.ts.

const token = "pat-local-lists";
let hub: LocalHubspot;
beforeAll(async () => {
  hub = await startLocalHubspot({ token });
});
afterAll(() => hub.close());

async function put(path: string, body: unknown, server = hub) {
  const res = await fetch(`${server.baseUrl}${path}`, { method: "PUT", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith("{") ? JSON.parse(text) : {}) as Record<string, unknown> };
}

describe("list memberships", () => {
  it("adds existing records, reports unknown ones missing and ignores current members", async () => {
    const list = hub.addList({ name: "Shoe fans" });
    const [a, b] = [hub.addContact({ email: "a@example.com" }), hub.addContact({ email: "b@example.com" })];
    const first = await put(`/crm/v3/lists/${list.listId}/memberships/add`, [a.id, "999999"]);
    expect(first).toEqual({ status: 200, body: { recordIdsMissing: ["999999"], recordIdsRemoved: [], recordsIdsAdded: [a.id] } });
    const again = await put(`/crm/v3/lists/${list.listId}/memberships/add`, [a.id, b.id]);
    expect(again.body).toEqual({ recordIdsMissing: [], recordIdsRemoved: [], recordsIdsAdded: [b.id] });
    expect([...hub.lists.get(list.listId)!.members.keys()]).toEqual([a.id, b.id]);
    expect(hub.requests.at(-1)).toMatchObject({ method: "PUT", op: "lists.memberships.add", status: 200 });
  });

  it("removes members and ignores records that are not in the list", async () => {
    const list = hub.addList({ name: "Big carts" });
    const c = hub.addContact({ email: "c@example.com" });
    const d = hub.addContact({ email: "d@example.com" });
    await put(`/crm/v3/lists/${list.listId}/memberships/add`, [c.id]);
    const res = await put(`/crm/v3/lists/${list.listId}/memberships/remove`, [c.id, d.id, "424242"]);
    expect(res.body).toEqual({ recordIdsMissing: ["424242"], recordIdsRemoved: [c.id], recordsIdsAdded: [] });
    expect(hub.lists.get(list.listId)!.members.size).toBe(0);
  });

  it("refuses an unknown list (404), a DYNAMIC list and a body that is not an array of ids (400)", async () => {
    expect((await put("/crm/v3/lists/987654/memberships/add", ["1"])).status).toBe(404);
    const dynamic = hub.addList({ name: "Filter-based", processingType: "DYNAMIC" });
    const refused = await put(`/crm/v3/lists/${dynamic.listId}/memberships/add`, ["1"]);
    expect([refused.status, refused.body.category]).toEqual([400, "VALIDATION_ERROR"]);
    const manual = hub.addList({ name: "Manual" });
    expect((await put(`/crm/v3/lists/${manual.listId}/memberships/add`, { ids: ["1"] })).status).toBe(400);
    expect((await put(`/crm/v3/lists/${manual.listId}/memberships/add`, ["a@example.com"])).status).toBe(400);
  });

  it("needs the crm.lists.write scope", async () => {
    const narrow = await startLocalHubspot({ token, scopes: ["crm.objects.contacts.read"] });
    try {
      const list = narrow.addList({ name: "L" });
      const res = await put(`/crm/v3/lists/${list.listId}/memberships/add`, [], narrow);
      expect([res.status, res.body.category]).toEqual([403, "MISSING_SCOPES"]);
    } finally {
      await narrow.close();
    }
  });

  it("answers an injected 429 with Retry-After, and leaves the list as it was", async () => {
    const list = hub.addList({ name: "Limited" });
    const e = hub.addContact({ email: "e@example.com" });
    hub.failNext("lists.memberships.add", { kind: "rate_limit", retryAfterSeconds: 2 });
    const res = await put(`/crm/v3/lists/${list.listId}/memberships/add`, [e.id]);
    expect([res.status, res.body.policyName]).toEqual([429, "TEN_SECONDLY_ROLLING"]);
    expect(hub.lists.get(list.listId)!.members.size).toBe(0);
  });
});
