import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHubspot, type LocalHubspot } from "../../../tools/local-hubspot/server";
import { hubspotListAdapter, MAX_LIST_BATCH } from "./lists.server";

// The official @hubspot/api-client's Lists memberships API, unmodified, against tools/local-hubspot.

const token = "pat-local-lists-sdk";
let hub: LocalHubspot;
beforeAll(async () => {
  hub = await startLocalHubspot({ token, rateLimit: { max: 100_000 } });
});
afterAll(() => hub.close());

const lists = () => hubspotListAdapter({ accessToken: token, baseUrl: hub.baseUrl });
const members = (listId: string) => [...hub.lists.get(listId)!.members.keys()];

describe("hubspot list membership", () => {
  it("adds contacts by email through a batch read and one PUT, and reports unknown emails as retryable", async () => {
    const list = hub.addList({ name: "Shoe fans" });
    const ann = hub.addContact({ email: "ann@example.com" });
    const bob = hub.addContact({ email: "bob@example.com" });
    const from = hub.requests.length;
    const result = await lists().addToList(list.listId, ["Ann@Example.com", "bob@example.com", "nobody@example.com"]);
    expect(result).toEqual({
      ok: true,
      data: [
        { email: "ann@example.com", ok: true, recordId: ann.id },
        { email: "bob@example.com", ok: true, recordId: bob.id },
        { email: "nobody@example.com", ok: false, retryable: true, error: "no HubSpot contact has this email" },
      ],
    });
    expect(members(list.listId)).toEqual([ann.id, bob.id]);
    const sent = hub.requests.slice(from);
    expect(sent.map((r) => r.op)).toEqual(["contacts.batchRead", "lists.memberships.add"]);
    expect(sent[1]).toMatchObject({ method: "PUT", path: `/crm/v3/lists/${list.listId}/memberships/add`, body: [ann.id, bob.id] });
    // A second add of a member is a no-op that still succeeds.
    expect((await lists().addToList(list.listId, ["ann@example.com"])).ok).toBe(true);
    expect(members(list.listId)).toEqual([ann.id, bob.id]);
  });

  it("removes contacts; one that is not in the list or not in HubSpot counts as removed", async () => {
    const list = hub.addList({ name: "Big carts" });
    const cat = hub.addContact({ email: "cat@example.com" });
    await lists().addToList(list.listId, ["cat@example.com"]);
    const result = await lists().removeFromList(list.listId, ["cat@example.com", "bob@example.com", "ghost@example.com"]);
    expect(result).toEqual({
      ok: true,
      data: [
        { email: "cat@example.com", ok: true, recordId: cat.id },
        { email: "bob@example.com", ok: true, recordId: expect.any(String) },
        { email: "ghost@example.com", ok: true, recordId: null },
      ],
    });
    expect(members(list.listId)).toEqual([]);
  });

  it("turns a 429 into rate_limited with HubSpot's wait, and changes nothing", async () => {
    const list = hub.addList({ name: "Limited" });
    hub.failNext("lists.memberships.add", { kind: "rate_limit", policyName: "TEN_SECONDLY_ROLLING", retryAfterSeconds: 4 });
    const result = await lists().addToList(list.listId, ["ann@example.com"]);
    expect(result).toMatchObject({ ok: false, error: { kind: "rate_limited", retryAfterMs: 4000, policy: "TEN_SECONDLY_ROLLING" } });
    expect(members(list.listId)).toEqual([]);
  });

  it("a DYNAMIC or unknown list is refused as invalid; a bad token as auth", async () => {
    const dynamic = hub.addList({ name: "Filters", processingType: "DYNAMIC" });
    expect(await lists().addToList(dynamic.listId, ["ann@example.com"])).toMatchObject({ ok: false, error: { kind: "invalid", message: expect.stringContaining("400") } });
    expect(await lists().removeFromList("99999", ["ann@example.com"])).toMatchObject({ ok: false, error: { kind: "invalid", message: expect.stringContaining("404") } });
    const wrong = hubspotListAdapter({ accessToken: "pat-wrong", baseUrl: hub.baseUrl });
    expect(await wrong.addToList(dynamic.listId, ["ann@example.com"])).toMatchObject({ ok: false, error: { kind: "auth" } });
  });

  it("refuses more than one batch per call without calling HubSpot", async () => {
    const from = hub.requests.length;
    const emails = Array.from({ length: MAX_LIST_BATCH + 1 }, (_, i) => `x${i}@example.com`);
    expect(await lists().addToList("1", emails)).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(hub.requests.length).toBe(from);
  });
});
