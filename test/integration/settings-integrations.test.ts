import { afterAll, describe, expect, it } from "vitest";
import { llmConfigFor } from "../../app/services/llm-settings.server";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import * as settingsRoute from "../../app/routes/app.settings";
import { adminRequest, installShop } from "../support/admin-request";
import { newShop } from "../support/decisions";
import { formPost, staffRequest } from "../support/staff-request";

afterAll(async () => {
  await stopQueue();
});

async function load(shop: string) {
  const res = await settingsRoute.loader({ request: await adminRequest(shop, "/app/settings"), params: {}, context: {} });
  return (await res.json()) as { llm: { configured: boolean; apiKeySet: boolean; model: string | null; version: number }; slack: { channel: string; approvers: string } };
}

async function post(shop: string, fields: Record<string, string>) {
  const request = await staffRequest(shop, "7001", "/app/settings", formPost(fields));
  const res = (await settingsRoute.action({ request, params: {}, context: {} }).catch((e: unknown) => e)) as Response;
  return { status: res.status, body: res.headers.get("content-type")?.includes("json") ? ((await res.json()) as { ok: boolean; fieldErrors: Record<string, string> }) : null };
}

describe("Settings: the language model and Slack approvals", () => {
  it("says decisions use rules and templates when no model is configured, then saves one without ever showing or logging the key", async () => {
    const shop = newShop("settings-llm");
    await installShop(shop);
    expect((await load(shop)).llm).toMatchObject({ configured: false, apiKeySet: false });
    const bad = await post(shop, { intent: "llm", baseURL: "not a url", model: "m", apiKey: "k", timeoutMs: "1500", expectedVersion: "0" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body!.fieldErrors)).toContain("baseURL");
    const ok = await post(shop, { intent: "llm", baseURL: "http://127.0.0.1:9/v1", model: "gpt-local", apiKey: "sk-secret-123", timeoutMs: "1500", expectedVersion: "0" });
    expect(ok.status).toBe(200);
    const view = await load(shop);
    expect(view.llm).toMatchObject({ configured: true, apiKeySet: true, model: "gpt-local", version: 1 });
    expect(JSON.stringify(view)).not.toContain("sk-secret-123");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shop, event: "settings.changed", entity: "llm" } });
    expect(audit.actorId).toBe("7001");
    expect(JSON.stringify(audit)).not.toContain("sk-secret-123");
    // At rest the key is sealed; the app still opens it to make the call.
    const row = await prisma.setting.findUniqueOrThrow({ where: { shop_key: { shop, key: "llm" } } });
    expect(JSON.stringify(row.value)).not.toContain("sk-secret-123");
    expect((row.value as { apiKey: string }).apiKey).toMatch(/^v1\./);
    expect((await llmConfigFor(shop))?.apiKey).toBe("sk-secret-123");
    // A second save over a stale version is refused.
    expect((await post(shop, { intent: "llm", baseURL: "http://127.0.0.1:9/v1", model: "other", apiKey: "", timeoutMs: "1500", expectedVersion: "0" })).status).toBe(409);
  });

  it("saves the Slack channel and approvers, refusing malformed lines without writing anything", async () => {
    const shop = newShop("settings-slack");
    await installShop(shop);
    const bad = await post(shop, { intent: "slack", channel: "C0APPROVALS", approvers: "U0AAA, T0BBB, 7001, Ann\nnot-a-user, T0BBB, 12, Bob" });
    expect(bad.status).toBe(422);
    expect(bad.body!.fieldErrors.approvers).toMatch(/line 2/);
    expect(await prisma.slackApprover.count({ where: { shop } })).toBe(0);
    expect((await post(shop, { intent: "slack", channel: "#general", approvers: "" })).status).toBe(422);

    const ok = await post(shop, { intent: "slack", channel: "C0APPROVALS", approvers: "U0AAA, T0BBB, 7001, Ann\nU0CCC, T0BBB, 7002, Cy" });
    expect(ok.status).toBe(200);
    expect(await prisma.slackApprover.findMany({ where: { shop }, orderBy: { slackUserId: "asc" } })).toMatchObject([
      { slackUserId: "U0AAA", teamId: "T0BBB", shopifyStaffId: "7001", name: "Ann" },
      { slackUserId: "U0CCC", teamId: "T0BBB", shopifyStaffId: "7002", name: "Cy" },
    ]);
    expect((await load(shop)).slack.channel).toBe("C0APPROVALS");
    // Saving again replaces the list (Cy removed) and is audited.
    expect((await post(shop, { intent: "slack", channel: "C0APPROVALS", approvers: "U0AAA, T0BBB, 7001, Ann" })).status).toBe(200);
    expect(await prisma.slackApprover.count({ where: { shop } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { shop, event: "settings.changed", entity: "slack" } })).toBe(2);
  });
});
