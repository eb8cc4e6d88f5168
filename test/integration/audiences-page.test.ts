import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import * as page from "../../app/routes/app.audiences";
import { adminRequest, installShop } from "../support/admin-request";
import { callAction } from "../support/routes";
import { formPost, staffRequest } from "../support/staff-request";

// The Audiences page: rules saved as JSON (validated, versioned, audited), members and pending
// changes per audience.

const shop = `aud-page-${randomUUID().slice(0, 8)}.myshopify.com`;
type Page = { json: string; version: number; invalid: boolean; crmConnected: boolean; audiences: Array<{ id: string; members: number; pendingAdds: number; pendingRemovals: number; failed: number }> };
const load = async () => (await (await page.loader({ request: await adminRequest(shop, "/app/audiences"), params: {}, context: {} })).json()) as Page;
const save = async (json: string, expectedVersion: number) => {
  const res = await callAction(page.action, await staffRequest(shop, "7001", "/app/audiences", formPost({ json, expectedVersion: String(expectedVersion) })));
  return { status: res.status, body: (await res.json()) as { ok: boolean; version?: number; fieldErrors?: { json?: string } } };
};
const doc = (listId: string) => JSON.stringify({ audiences: [{ id: "fans", name: "Fans", provider: "hubspot", listId, when: [{ event: "product_viewed", atLeast: 2, withinDays: 3 }] }] });

describe("Audiences page", () => {
  beforeAll(() => installShop(shop));

  it("starts empty, refuses invalid rules with the reason, and saves valid ones as a new audited version", async () => {
    expect(await load()).toMatchObject({ version: 0, invalid: false, crmConnected: false, audiences: [] });
    expect(await save("{nope", 0)).toMatchObject({ status: 422, body: { ok: false, fieldErrors: { json: expect.stringContaining("not JSON") } } });
    const noBehaviour = JSON.stringify({ audiences: [{ id: "vips", name: "VIPs", provider: "hubspot", listId: "1", when: [{ field: "tier", op: "eq", value: "platinum" }] }] });
    expect(await save(noBehaviour, 0)).toMatchObject({ status: 422, body: { fieldErrors: { json: expect.stringContaining("behaviour condition") } } });
    expect(await save(doc("301"), 0)).toMatchObject({ status: 200, body: { ok: true, version: 1 } });
    expect(await save(doc("302"), 0)).toMatchObject({ status: 409 });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shop, event: "audiences.changed" } });
    expect(audit.actorId).toBe("7001");
  });

  it("shows members, pending changes and failures per audience", async () => {
    const row = (n: number, status: string) => ({ shop, audienceId: "fans", provider: "hubspot", customerGid: `gid://shopify/Customer/${n}`, email: `c${n}@example.com`, status, changedAt: new Date() });
    await prisma.audienceMember.createMany({ data: [row(1, "member"), row(2, "member"), row(3, "add"), row(4, "remove"), row(5, "failed"), row(6, "removed")] });
    const loaded = await load();
    expect(loaded.version).toBe(1);
    expect(JSON.parse(loaded.json).audiences[0].listId).toBe("301");
    expect(loaded.audiences).toEqual([{ id: "fans", name: "Fans", listId: "301", enabled: true, members: 2, pendingAdds: 1, pendingRemovals: 1, failed: 1 }]);
  });
});
