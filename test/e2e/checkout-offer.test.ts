import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SignJWT } from "jose";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assign } from "../../app/engine/experiments";
import { startStack, type Stack } from "../../scripts/lib/stack";
import { completeCheckout, type DiscountFunctions } from "../../tools/local-shopify/checkout";
import { cartDeliveryOptionsDiscountsGenerateRun, cartLinesDiscountsGenerateRun } from "../../extensions/uplift-discount/src";
import { launch, newPage } from "./browser";
import { waitFor } from "./wait";

// The checkout offer end to end on the demo store: the app installs its discount through the Admin
// API after the merchant opens it; a shopper's checkout asks /api/checkout/offer (as the UI
// extension does), accepts, and the cart carries the signed token; the local Shopify completes the
// checkout, running our discount Function (in Node, on the input its query selects); the order
// webhook reaches the app, the worker checks the offer the order carried, and the Experiments page
// shows the attributed conversions against the control group.

const SHOP = "checkout-e2e.myshopify.com";
const HOLDOUT_SEED = "checkout_incentive";
const fn = resolve(import.meta.dirname, "../../extensions/uplift-discount/src");
const functions: DiscountFunctions = {
  "uplift-discount": {
    "cart.lines.discounts.generate.run": { inputQuery: readFileSync(resolve(fn, "cart_lines_discounts_generate_run.graphql"), "utf8"), run: (i) => cartLinesDiscountsGenerateRun(i as never) },
    "cart.delivery-options.discounts.generate.run": {
      inputQuery: readFileSync(resolve(fn, "cart_delivery_options_discounts_generate_run.graphql"), "utf8"),
      run: (i) => cartDeliveryOptionsDiscountsGenerateRun(i as never),
    },
  },
};

let stack: Stack;
let browser: Browser;
let page: Page;
let errors: string[];
let prisma: typeof import("../../app/db.server").default;


async function appFrame(): Promise<Frame> {
  const handle = await page.waitForSelector("#app-frame");
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("no app frame");
  return frame;
}

/** The checkout's session token, as `shopify.sessionToken.get()` gives it to the extension. */
function sessionToken(sub?: string) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: SHOP, aud: stack.apiKey, ...(sub ? { sub } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(stack.apiSecret));
}

/** A cart above the default policy's $150 free-shipping rule and below the $500 review threshold. */
function cartFor() {
  const variants = stack.local
    .store(SHOP)
    .allVariants()
    .filter((v) => Number(v.price) >= 40 && Number(v.price) <= 90)
    .slice(0, 3);
  const total = variants.reduce((n, v) => n + Number(v.price), 0);
  expect(total).toBeGreaterThan(150);
  return variants.map((v) => ({ variantId: v.id, productId: v.productId, quantity: 1, price: v.price }));
}

type OfferAnswer = { offer: null | { id: string; action: { type: string }; token: Record<string, unknown> } };

/** What the Checkout UI extension does: ask, and on consent write the token to the cart metafield. */
async function askForOffer(checkoutToken: string, lines: ReturnType<typeof cartFor>): Promise<OfferAnswer> {
  const res = await fetch(`${stack.appUrl}/api/checkout/offer`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${await sessionToken()}`,
      "Content-Type": "application/json",
      Origin: "https://extensions.shopifycdn.com",
      // The extension runs in the shopper's browser; the library answers bots (Node's fetch) with 410.
      "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    },
    body: JSON.stringify({
      checkoutToken,
      currencyCode: "USD",
      lines: lines.map((l) => ({ merchandise: { id: l.variantId, product: { id: l.productId } }, quantity: l.quantity, cost: { totalAmount: { amount: l.price, currencyCode: "USD" } } })),
    }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  return (await res.json()) as OfferAnswer;
}

/** Checkout tokens whose units land in the given arm (the assignment is deterministic). */
function tokensIn(arm: "treatment" | "control", n: number): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const token = randomUUID().replace(/-/g, "");
    const a = assign({ experimentKey: "checkout_incentive", unitId: `checkout:${token}`, universalHoldout: { percent: 0, seed: "u" }, holdoutPercent: 50, seed: HOLDOUT_SEED });
    if (a.arm === arm) out.push(token);
  }
  return out;
}

describe("checkout offer: extension request → Function → order → Experiments page", () => {
  beforeAll(async () => {
    stack = await startStack({ quiet: true, shops: [{ domain: SHOP, productCount: 40, customerCount: 30, years: 1 }] });
    Object.assign(process.env, stack.env);
    prisma = (await import("../../app/db.server")).default;
    const { writeSetting } = await import("../../app/models/settings.server");
    await prisma.$transaction(async (tx) => {
      const flag = { workflow: "checkout_incentive", mode: "live", killed: false, rollout: { percent: 100, seed: "e2e", hashVersion: 2 }, targeting: {}, version: 1 };
      await writeSetting(tx, SHOP, "flag:checkout_incentive", flag, "e2e");
      await writeSetting(tx, SHOP, "experiments", { universalHoldout: { percent: 0, seed: "u" }, holdoutPercent: 50 }, "e2e");
    });
    browser = await launch();
    ({ page, errors } = await newPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await (await import("../../app/queue.server")).stopQueue();
    await prisma?.$disconnect();
    await (await import("../../app/db.server")).pool.end();
    await stack?.stop();
  });

  it("installs the discount when the merchant opens the app, then attributes offers and orders", async () => {
    // Opening the app exchanges the session token; afterAuth queues the checkout setup.
    await page.goto(stack.adminUrl(SHOP, "/"));
    await appFrame();
    const store = stack.local.store(SHOP);
    const discount = await waitFor("the automatic app discount", async () => store.appDiscounts.find((d) => d.functionHandle === "uplift-discount"), 60_000);
    expect(discount.discountClasses).toEqual(["PRODUCT", "ORDER", "SHIPPING"]);
    expect(store.metafieldDefinitions.some((d) => d.ownerType === "ORDER" && d.key === "offer")).toBe(true);

    const send = (topic: string, resource: unknown) => stack.send(SHOP, topic, resource).then(() => undefined);
    const [thief, ...treated] = tokensIn("treatment", 4);
    const controls = tokensIn("control", 3);
    const orders: { token: string; orderGid: string; shippingDiscount: number }[] = [];

    for (const token of treated) {
      const lines = cartFor();
      const answer = await askForOffer(token, lines);
      expect(answer.offer?.action).toEqual({ type: "free_shipping" });
      const { order, functionRuns } = await completeCheckout(
        stack.local,
        SHOP,
        {
          checkoutToken: token,
          lines: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
          cartMetafields: [{ namespace: "$app", key: "offer", type: "json", value: JSON.stringify(answer.offer!.token) }],
          shippingPrice: "9.95",
        },
        functions,
        { send },
      );
      // The Function verified the token on the cart it was issued for and made shipping free.
      const delivery = functionRuns.find((r) => r.target === "cart.delivery-options.discounts.generate.run")!;
      expect((delivery.output as { operations: unknown[] }).operations).toHaveLength(1);
      const shippingDiscount = order.shippingLine?.discountAllocations.reduce((n, a) => n + Number(a.amount), 0) ?? 0;
      expect(shippingDiscount).toBe(9.95);
      orders.push({ token, orderGid: order.id, shippingDiscount });
    }

    // A token replayed on a different cart is ignored by the Function: no discount.
    const stolen = await askForOffer(thief!, cartFor());
    const otherLines = cartFor().slice(0, 2).map((l) => ({ variantId: l.variantId, quantity: 2 }));
    const replay = await completeCheckout(
      stack.local,
      SHOP,
      { lines: otherLines, cartMetafields: [{ namespace: "$app", key: "offer", type: "json", value: JSON.stringify(stolen.offer!.token) }], shippingPrice: "9.95" },
      functions,
      { send },
    );
    expect(replay.order.discountApplications ?? []).toEqual([]);

    // Control units see nothing; one of three buys anyway.
    for (const token of controls) expect(await askForOffer(token, cartFor())).toEqual({ offer: null });
    const bought = await completeCheckout(stack.local, SHOP, { checkoutToken: controls[0]!, lines: cartFor().map((l) => ({ variantId: l.variantId, quantity: 1 })), shippingPrice: "9.95" }, functions, { send });
    expect(bought.order.discountApplications ?? []).toEqual([]);

    // The worker stores the orders, links them to their checkout units and checks each offer once.
    await waitFor("three redeemed offers", async () => (await prisma.offerRedemption.count({ where: { shop: SHOP, status: "redeemed" } })) === 3, 60_000);
    const redemptions = await prisma.offerRedemption.findMany({ where: { shop: SHOP } });
    expect(redemptions.map((r) => r.orderGid).sort()).toEqual(orders.map((o) => o.orderGid).sort());
    const links = await prisma.orderUnit.findMany({ where: { shop: SHOP, source: "checkout_token" } });
    expect(links.map((l) => l.unitId)).toEqual(expect.arrayContaining([...treated, controls[0]!].map((t) => `checkout:${t}`)));
    const audits = await prisma.auditLog.count({ where: { shop: SHOP, event: "offer.redeemed" } });
    expect(audits).toBe(3);

    // The Experiments page: treatment 3 of 4 converted (the thief's own checkout never completed), control 1 of 3.
    await page.goto(stack.adminUrl(SHOP, "/experiments"));
    const frame = await appFrame();
    await frame.waitForSelector('[data-testid="experiment-checkout_incentive"]', { timeout: 30_000 });
    const card = frame.locator('[data-testid="experiment-checkout_incentive"]');
    const rows = await card.locator("table").first().locator("tbody tr").allTextContents();
    const row = (label: string) => rows.find((r) => r.startsWith(label)) ?? "";
    expect(row("Treatment")).toMatch(/^Treatment4375\.0%/);
    expect(row("Control (held out)")).toMatch(/^Control \(held out\)3133\.3%/);
    expect(await card.locator('[data-testid="offer-redemptions"]').textContent()).toContain("3 redeemed, 0 flagged");
    expect(errors).toEqual([]);
  }, 300_000);
});
