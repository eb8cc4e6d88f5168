import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { startLocalOpenAI, type Handler, type LocalOpenAI } from "../../tools/local-openai/server";
import { json, serverError } from "../../tools/local-openai/replies";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import { writeSetting } from "../../app/models/settings.server";
import { scoreShop } from "../../app/services/customer-intelligence.server";
import { draftNbaReasoning } from "../../app/services/nba-reasoning.server";
import * as profilePage from "../../app/routes/app.customers.$id";
import { adminRequest, installShop } from "../support/admin-request";

// Drafted next-best-action reasoning, end to end: real scoring on a real database, the real openai
// SDK against the local stand-in on 127.0.0.1, the profile page's loader. The env's LLM_* defaults
// are cleared before the app reads its environment, so only a shop's own "llm" setting turns the
// model on.
vi.hoisted(() => {
  delete process.env.LLM_BASE_URL;
  delete process.env.LLM_API_KEY;
  delete process.env.LLM_MODEL;
});

const DAY = 86_400_000;
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY);
const API_KEY = "sk-local-test-nba-0123456789";
const CUSTOMERS = 8;
const PII = { email: "wholesale.ana@example.com", phone: "+1 415 555 0199" };
const gid = (n: number) => `gid://shopify/Customer/${n}`;

const servers: LocalOpenAI[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await stopQueue();
});

async function localModel(handler: Handler) {
  const server = await startLocalOpenAI(handler);
  servers.push(server);
  return server;
}

/** What the model received about the customer, parsed back from the user message. */
type Facts = { tier: string; clv: number; action: string; topCategory: string | null; template: string };
const factsOf = (body: unknown) => JSON.parse((body as { messages: { content: string }[] }).messages[1]!.content) as Facts;
const draftFor = (f: Facts) => `Drafted: ${f.action} suits this ${f.tier} customer worth about ${f.clv} a year.`;
/** A model that writes a draft from the facts it was sent, so each text shows what that call saw. */
const drafting: Handler = ({ body }) => json({ reasoning: draftFor(factsOf(body)) });

/**
 * An installed shop with CUSTOMERS customers whose spend rises with their number (so CLV order is
 * known), scored as the nightly job does. Customer 3's product type holds an email and a phone.
 */
async function scoredShop(llm?: { baseURL: string; timeoutMs?: number }) {
  const shop = `nba-${randomUUID().slice(0, 8)}.myshopify.com`;
  await installShop(shop);
  await prisma.customer.createMany({ data: Array.from({ length: CUSTOMERS }, (_, i) => ({ shop, shopifyGid: gid(i + 1), firstName: `Zorbath${i + 1}`, lastName: "Quillan", email: `zq${i + 1}@example.com` })) });
  const orders = Array.from({ length: CUSTOMERS }, (_, i) => {
    const n = i + 1;
    const category = n === 3 ? `Coffee (orders: ${PII.email}, ${PII.phone})` : ["Coffee", "Tea", "Mugs"][n % 3]!;
    return Array.from({ length: 1 + (n % 3) }, (_, k) => ({
      shop,
      shopifyGid: `gid://shopify/Order/${shop.length}${n}${k}`,
      customerGid: gid(n),
      currency: "USD",
      totalPrice: (25 * n + 10 * k).toFixed(2),
      financialStatus: "paid",
      lineItems: [{ product_type: category, quantity: 1 }],
      shopifyCreatedAt: new Date(NOW.getTime() - (5 * n + 40 * k + 3) * DAY),
      shopifyUpdatedAt: NOW,
    }));
  }).flat();
  await prisma.order.createMany({ data: orders });
  if (llm) await prisma.$transaction((tx) => writeSetting(tx, shop, "llm", { baseURL: llm.baseURL, model: "gpt-4o-mini", apiKey: API_KEY, timeoutMs: llm.timeoutMs ?? 2_000 }, null));
  await scoreShop(shop, NOW);
  return shop;
}

const scores = (shop: string) => prisma.customerScore.findMany({ where: { shop }, orderBy: [{ clvMinor: "desc" }, { customerGid: "asc" }] });
const reasonings = async (shop: string) => new Map((await scores(shop)).map((s) => [s.customerGid, s.reasoning]));
const llmCalls = (shop: string) => prisma.auditLog.findMany({ where: { shop, event: "llm.call" }, orderBy: { createdAt: "asc" } });
const afterOf = (row: { after: unknown }) => row.after as Record<string, unknown>;

async function profileOf(shop: string, customerGid: string) {
  const id = customerGid.split("/").pop()!;
  const res = await profilePage.loader({ request: await adminRequest(shop, `/app/customers/${id}`), params: { id }, context: {} });
  return (await res.json()) as { reasoning: string; reasoningSource: { kind: string; label: string } };
}

describe("next-best-action reasoning drafted by the shop's model", () => {
  it("without a model, nothing changes, nothing is sent or audited, and the profile says Template", async () => {
    const local = await localModel(drafting);
    const shop = await scoredShop();
    const before = await reasonings(shop);

    const result = await draftNbaReasoning(shop, NOW);

    expect(result).toEqual({ configured: false, calls: 0, drafted: 0, restored: 0, stopped: null });
    expect(await reasonings(shop)).toEqual(before);
    expect(await llmCalls(shop)).toHaveLength(0);
    expect(local.requests).toHaveLength(0);
    const [top] = await scores(shop);
    expect((await profileOf(shop, top!.customerGid)).reasoningSource).toEqual({ kind: "template", label: "Template" });
  });

  it("drafts for the N highest-CLV customers, one call at a time, each audited; the rest keep their templates", async () => {
    const local = await localModel(drafting);
    const shop = await scoredShop({ baseURL: local.url });
    const ranked = await scores(shop);
    const before = await reasonings(shop);

    const result = await draftNbaReasoning(shop, NOW, { limit: 3 });

    expect(result).toEqual({ configured: true, calls: 3, drafted: 3, restored: 0, stopped: null });
    expect(local.requests).toHaveLength(3);
    const sent = local.requests.map((r) => factsOf(r.body));
    expect(sent.map((f) => f.clv)).toEqual(ranked.slice(0, 3).map((s) => Math.round(s.clvMinor / 100)));
    const after = await reasonings(shop);
    ranked.forEach((s, i) => {
      if (i < 3) expect(after.get(s.customerGid)).toBe(draftFor(sent[i]!));
      else expect(after.get(s.customerGid)).toBe(before.get(s.customerGid));
    });

    const calls = await llmCalls(shop);
    expect(calls.map((c) => c.customerGid)).toEqual(ranked.slice(0, 3).map((s) => s.customerGid));
    calls.forEach((c, i) => {
      expect(c).toMatchObject({ actor: "ai", workflow: "customer_nba", entity: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(afterOf(c)).toMatchObject({ task: "nba_reasoning", outcome: "ok", attempts: 1, model: "gpt-4o-mini", configSource: "shop", action: ranked[i]!.nextBestAction, tier: ranked[i]!.tier, reasoning: draftFor(sent[i]!) });
      expect(JSON.stringify(c)).not.toContain(API_KEY);
    });

    expect(await profileOf(shop, ranked[0]!.customerGid)).toMatchObject({ reasoning: draftFor(sent[0]!), reasoningSource: { kind: "llm", label: "Drafted by gpt-4o-mini" } });
    expect((await profileOf(shop, ranked[5]!.customerGid)).reasoningSource).toEqual({ kind: "template", label: "Template" });
  });

  it("sends no customer id, name or contact, and scrubs the email and phone out of a category", async () => {
    const local = await localModel(drafting);
    const shop = await scoredShop({ baseURL: local.url });
    const three = (await scores(shop)).find((s) => s.customerGid === gid(3))!;
    expect(three.topCategory).toContain(PII.email); // the merchant's text, as stored

    await draftNbaReasoning(shop, NOW);

    expect(local.requests).toHaveLength(CUSTOMERS);
    const wire = JSON.stringify(local.requests.map((r) => r.body));
    for (const value of [PII.email, "415 555 0199", "example.com", "Zorbath", "Quillan", "gid://shopify/Customer", "zq1@"]) expect(wire).not.toContain(value);
    const forThree = local.requests.map((r) => factsOf(r.body)).find((f) => f.clv === Math.round(three.clvMinor / 100))!;
    expect(forThree.topCategory).toBe("Coffee (orders: [email], [phone])");
  });

  it("restores drafts after rescoring without calling the model, and redrafts only a customer whose action changed", async () => {
    const local = await localModel(drafting);
    const shop = await scoredShop({ baseURL: local.url });
    expect(await draftNbaReasoning(shop, NOW)).toMatchObject({ calls: CUSTOMERS, drafted: CUSTOMERS });
    const drafted = await reasonings(shop);

    // The nightly job again on the same data: scoring writes the templates back.
    await scoreShop(shop, NOW);
    const templates = await reasonings(shop);
    expect([...templates.values()].some((t) => t.startsWith("Drafted:"))).toBe(false);
    const second = await draftNbaReasoning(shop, NOW);

    expect(second).toEqual({ configured: true, calls: 0, drafted: 0, restored: CUSTOMERS, stopped: null });
    expect(local.requests).toHaveLength(CUSTOMERS);
    expect(await reasonings(shop)).toEqual(drafted);
    expect(await llmCalls(shop)).toHaveLength(CUSTOMERS);
    const top = (await scores(shop))[0]!;
    expect((await profileOf(shop, top.customerGid)).reasoningSource.label).toBe("Drafted by gpt-4o-mini");

    // A rescoring that moved one customer to another action, with that action's template.
    const moved = (await scores(shop))[4]!;
    const action = moved.nextBestAction === "winback_offer" ? "loyalty_invite" : "winback_offer";
    await prisma.customerScore.update({ where: { id: moved.id }, data: { nextBestAction: action, reasoning: "Template for the new action." } });
    expect((await profileOf(shop, moved.customerGid)).reasoningSource.label).toBe("Template");
    const third = await draftNbaReasoning(shop, NOW);

    expect(third).toMatchObject({ calls: 1, drafted: 1 });
    expect(local.requests).toHaveLength(CUSTOMERS + 1);
    expect(factsOf(local.requests.at(-1)!.body)).toMatchObject({ action, template: "Template for the new action." });
    const last = (await llmCalls(shop)).at(-1)!;
    expect(last.customerGid).toBe(moved.customerGid);
    expect((await reasonings(shop)).get(moved.customerGid)).toBe(afterOf(last).reasoning);
    expect((await profileOf(shop, moved.customerGid)).reasoningSource.label).toBe("Drafted by gpt-4o-mini");
  });

  it("keeps every template when the model fails, audits the failures, and stops after three in a row", async () => {
    const local = await localModel(() => serverError());
    const shop = await scoredShop({ baseURL: local.url, timeoutMs: 500 });
    const before = await reasonings(shop);

    const result = await draftNbaReasoning(shop, NOW);

    expect(result).toEqual({ configured: true, calls: 3, drafted: 0, restored: 0, stopped: "model_failing" });
    expect(local.requests).toHaveLength(6); // two attempts each
    expect(await reasonings(shop)).toEqual(before);
    const calls = await llmCalls(shop);
    expect(calls).toHaveLength(3);
    for (const c of calls) {
      expect(afterOf(c)).toMatchObject({ task: "nba_reasoning", outcome: "server_error", attempts: 2 });
      expect(afterOf(c)).not.toHaveProperty("reasoning");
      expect(c.reasonsText).toMatch(/server_error.*kept the template/);
    }
    const [top] = await scores(shop);
    expect((await profileOf(shop, top!.customerGid)).reasoningSource.label).toBe("Template");
  });

  it("keeps the template for a draft it refuses, and drafts the next customers", async () => {
    const local = await localModel(({ body, index }) => (index === 0 ? json({ reasoning: `Email ${PII.email} a retention offer.` }) : drafting({ body, headers: {}, index })));
    const shop = await scoredShop({ baseURL: local.url });
    const [first, second] = await scores(shop);
    const before = await reasonings(shop);

    const result = await draftNbaReasoning(shop, NOW, { limit: 2 });

    expect(result).toMatchObject({ calls: 2, drafted: 1, stopped: null });
    const after = await reasonings(shop);
    expect(after.get(first!.customerGid)).toBe(before.get(first!.customerGid));
    expect(after.get(second!.customerGid)).toMatch(/^Drafted:/);
    const [refused] = await llmCalls(shop);
    expect(afterOf(refused!)).toMatchObject({ outcome: "refused" });
    expect(JSON.stringify(refused)).not.toContain(PII.email);
  });

  it("starts no call that could end past the time budget", async () => {
    // Each answer takes 0.8 s; a call's worst case is 2 × 1 s. After one call (~0.9 s) another still
    // fits in 3.4 s; after two (~1.7 s) a third could end past it.
    const local = await localModel(({ body }) => json({ reasoning: draftFor(factsOf(body)) }, { delayMs: 800 }));
    const shop = await scoredShop({ baseURL: local.url, timeoutMs: 1_000 });

    const result = await draftNbaReasoning(shop, NOW, { budgetMs: 3_400 });

    expect(result).toEqual({ configured: true, calls: 2, drafted: 2, restored: 0, stopped: "time_budget" });
    expect(local.requests).toHaveLength(2);
  });
});
