import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Frame, Page } from "playwright-core";
import { startStack, type Stack } from "../../scripts/lib/stack";
import { startLocalSlack, type LocalSlack } from "../../tools/local-slack/server";
import { launch, newPage } from "./browser";
import { waitFor } from "./wait";

// A high-value offer goes to a person: approved in the admin in Chromium, and approved from Slack
// through the app's signed interactivity endpoint; the audit log names who approved each.
const SHOP = "approve-e2e.myshopify.com";
const SIGNING_SECRET = "e2e-signing-secret";
const TOKEN = "xoxb-e2e";
const CHANNEL = "C0APPROVALS";

let stack: Stack;
let slack: LocalSlack;
let browser: Browser;
let page: Page;
let errors: string[];
type Services = {
  decideFor: typeof import("../../app/services/decide.server").decideFor;
  prisma: typeof import("../../app/db.server").default;
};
let app: Services;

async function appFrame(): Promise<Frame> {
  const handle = await page.waitForSelector("#app-frame");
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("no app frame");
  return frame;
}

async function heading(frame: Frame, title: string) {
  await frame.waitForSelector(`h1:has-text("${title}")`, { timeout: 30_000 }).catch(async (error: Error) => {
    throw new Error(`${error.message}\nframe ${frame.url()}: ${(await frame.textContent("body").catch(() => ""))?.slice(0, 500)}\npage errors: ${errors.join("; ")}`);
  });
}

const minor = (d: string) => Math.round(Number(d) * 100);

/** A cart well above the $500 approval threshold, from a returning shopper at churn risk (the 10 % rule). */
async function highValueDecision(unitId: string) {
  const store = stack.local.store(SHOP);
  const variants = store.allVariants().filter((v) => Number(v.price) > 20).slice(0, 12);
  const result = await app.decideFor(SHOP, {
    workflow: "checkout_incentive",
    unitId,
    customerGid: unitId,
    cart: {
      currency: "USD",
      lines: variants.map((v) => ({ variantId: v.id, productId: v.productId, collectionIds: [], quantity: 3, unitPriceMinor: minor(v.price), unitCostMinor: minor(v.unitCost) })),
    },
    customer: { id: unitId, tier: "gold", predictedValueMinor: 90_000, churnRisk: 0.9, ordersCount: 5, isReturning: true, country: "US" },
    session: { device: "desktop", country: "US", source: "email", riskScore: 0.1 },
  });
  expect(result.decision?.outcome).toBe("review");
  expect(result.approvalId).toBeTruthy();
  return result.approvalId!;
}


describe("approvals in the admin and in Slack", () => {
  beforeAll(async () => {
    slack = await startLocalSlack({ token: TOKEN });
    stack = await startStack({
      quiet: true,
      shops: [{ domain: SHOP, productCount: 40, customerCount: 50, years: 1 }],
      env: { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
    });
    // This process uses the app's own services on the stack's database, as a workflow job would.
    Object.assign(process.env, stack.env);
    const { writeSetting } = await import("../../app/models/settings.server");
    const { upsertSlackApprover } = await import("../../app/models/approval.server");
    app = { decideFor: (await import("../../app/services/decide.server")).decideFor, prisma: (await import("../../app/db.server")).default };
    await app.prisma.$transaction(async (tx) => {
      const flag = { workflow: "checkout_incentive", mode: "live", killed: false, rollout: { percent: 100, seed: "e2e", hashVersion: 2 }, targeting: {}, version: 1 };
      await writeSetting(tx, SHOP, "flag:checkout_incentive", flag, "e2e");
      await writeSetting(tx, SHOP, "experiments", { universalHoldout: { percent: 0, seed: "u" }, holdoutPercent: 0 }, "e2e");
      await writeSetting(tx, SHOP, "slack", { channel: CHANNEL }, "e2e");
      await upsertSlackApprover(tx, { shop: SHOP, slackUserId: "U0MANAGER", teamId: "T0LOCAL", shopifyStaffId: "7001", name: "Marketing Manager" });
    });
    browser = await launch();
    ({ page, errors } = await newPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await (await import("../../app/queue.server")).stopQueue();
    await app?.prisma.$disconnect();
    // The pool is shared with Prisma's adapter; idle clients must go before the database does.
    await (await import("../../app/db.server")).pool.end();
    await stack?.stop();
    await slack?.close();
  });

  it("a high-value decision appears in Approvals and is approved in the browser; the audit log names the approver", async () => {
    const approvalId = await highValueDecision("gid://shopify/Customer/900001");
    await page.goto(stack.adminUrl(SHOP, "/approvals"));
    const frame = await appFrame();
    await heading(frame, "Approvals");
    const row = frame.locator(`tr:has(a[href$="/app/approvals/${approvalId}"])`);
    await row.waitFor();
    expect(await row.textContent()).toContain("10% off");
    await row.locator('button:has-text("Approve")').click();
    // Once approved it leaves the Pending tab (the page revalidates after the action).
    await row.waitFor({ state: "detached", timeout: 30_000 });
    const stored = await waitFor("the approval to be approved", async () => {
      const a = await app.prisma.approval.findUnique({ where: { id: approvalId } });
      return a?.status === "approved" ? a : null;
    });
    // The online session's staff member (the local admin signs in as staff 42, "Local Staff").
    expect(stored.decidedBy).toBe("42");
    expect(stored.decidedByName).toBe("Local Staff");
    expect(stored.decidedVia).toBe("admin");

    await page.click('#app-nav a:text-is("Audit log")');
    await heading(frame, "Audit log");
    await frame.selectOption('select[name="event"]', "approval.approved");
    await frame.click('button:has-text("Filter")');
    await frame.waitForFunction(() => document.querySelector("[data-testid=audit-total]")?.textContent === "1", undefined, { timeout: 30_000 });
    const entry = await frame.textContent("tbody");
    expect(entry).toContain("approval.approved");
    expect(entry).toContain("user 42");
    expect(entry).toContain("approved by Local Staff (staff 42) via admin");
    expect(errors).toEqual([]);
  });

  it("the same through Slack: the worker posts the request, a mapped approver clicks Approve, the audit log names them", async () => {
    const approvalId = await highValueDecision("gid://shopify/Customer/900002");
    const message = await waitFor("the Slack message", async () => slack.messages.find((m) => JSON.stringify(m).includes(approvalId)));
    const stored = await waitFor("the message ts to be saved", async () => (await app.prisma.approval.findUnique({ where: { id: approvalId } }))?.slackTs);
    expect(stored).toBe(message.ts);

    const click = slack.buttonClick({ actionId: "approval.approve", value: approvalId, userId: "U0MANAGER", teamId: "T0LOCAL", channel: CHANNEL, messageTs: message.ts });
    // A forged signature is refused and changes nothing.
    const forged = await slack.signedInteraction({ url: `${stack.appUrl}/slack/interactivity`, signingSecret: "wrong", payload: click });
    expect(forged.status).toBe(401);
    expect((await app.prisma.approval.findUnique({ where: { id: approvalId } }))?.status).toBe("pending");

    const res = await slack.signedInteraction({ url: `${stack.appUrl}/slack/interactivity`, signingSecret: SIGNING_SECRET, payload: click });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toBe("Approved by Marketing Manager.");
    const approved = await app.prisma.approval.findUnique({ where: { id: approvalId } });
    expect(approved).toMatchObject({ status: "approved", decidedBy: "7001", decidedByName: "Marketing Manager", decidedVia: "slack" });

    // The worker rewrites the Slack message without its buttons.
    await waitFor("the Slack message update", async () => {
      const m = slack.messages.find((x) => x.ts === message.ts);
      return m && JSON.stringify(m).includes("Marketing Manager") && !JSON.stringify(m).includes("approval.approve");
    });

    await page.goto(stack.adminUrl(SHOP, "/audit"));
    const frame = await appFrame();
    await heading(frame, "Audit log");
    await frame.fill('input[name="q"]', "via slack");
    await frame.click('button:has-text("Filter")');
    await frame.waitForFunction(() => document.querySelector("[data-testid=audit-total]")?.textContent === "1", undefined, { timeout: 30_000 });
    const entry = await frame.textContent("tbody");
    expect(entry).toContain("user 7001");
    expect(entry).toContain("approved by Marketing Manager (staff 7001) via slack");
  });
});
