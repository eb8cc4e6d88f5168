// Two weeks of decisions for the demo store, made by the real decision service against the real
// database: flags set the way a merchant would, carts built from the generated catalog, shoppers
// who convert a little more often when they get an offer (orders go through the webhook path),
// and a few high-value offers waiting in Approvals. Deterministic for a seed.
import type { LocalShopify } from "../../tools/local-shopify/server";
import type { CartLine } from "../../tools/local-shopify/model";
import { mulberry32, pick } from "../../tools/local-shopify/prng";

type Send = (shop: string, topic: string, resource: unknown) => Promise<number>;

const DAY = 86_400_000;
const minor = (decimal: string) => Math.round(Number(decimal) * 100);

export async function seedDemoDecisions(local: LocalShopify, shop: string, send: Send, options: { count?: number; seed?: number } = {}) {
  // App modules read the environment when imported: the caller has set it to the stack's.
  const prisma = (await import("../../app/db.server")).default;
  if ((await prisma.decision.count({ where: { shop } })) > 0) return { seeded: 0 };
  const { writeSetting } = await import("../../app/models/settings.server");
  const { decideFor } = await import("../../app/services/decide.server");
  const { decideApproval } = await import("../../app/services/approvals.server");
  const { DEFAULT_GUARDRAILS } = await import("../../app/services/workflow-defaults.server");

  const flag = (workflow: string, mode: "live" | "shadow", percent = 100) => ({
    workflow,
    mode,
    killed: false,
    rollout: { percent, seed: `${workflow}-demo`, hashVersion: 2 as const },
    targeting: {},
    version: 1,
  });
  await prisma.$transaction(async (tx) => {
    await writeSetting(tx, shop, "flag:checkout_incentive", flag("checkout_incentive", "live"), "demo");
    await writeSetting(tx, shop, "flag:abandoned_cart", flag("abandoned_cart", "shadow"), "demo");
    await writeSetting(tx, shop, "flag:payment_risk", flag("payment_risk", "live", 50), "demo");
    // A store doing a few hundred orders a day: a $3,000 daily discount budget.
    await writeSetting(tx, shop, "guardrails", { ...DEFAULT_GUARDRAILS, dailyBudgetMinor: 300_000 }, "demo");
    await writeSetting(tx, shop, "experiments", { universalHoldout: { percent: 5, seed: "uplift-universal" }, holdoutPercent: 20 }, "demo");
  });

  const store = local.store(shop);
  const rng = mulberry32(options.seed ?? 7);
  const variants = store.allVariants().filter((v) => Number(v.price) > 0);
  const customers = store.customers.slice(0, 400);
  const count = options.count ?? 300;
  const now = Date.now();
  let seeded = 0;

  const cartFor = (size: number, pricey = false): CartLine[] =>
    Array.from({ length: size }, () => {
      const v = pick(rng, pricey ? variants.filter((x) => Number(x.price) >= 60) : variants) ?? variants[0]!;
      const p = store.product(v.productId)!;
      return { variantId: v.id, productId: v.productId, title: p.title, sku: v.sku, quantity: 1 + Math.floor(rng() * 2), price: v.price };
    });
  const request = (customerId: string, country: string, lines: CartLine[], workflow: "checkout_incentive" | "abandoned_cart" | "payment_risk") => ({
    workflow,
    unitId: customerId,
    customerGid: customerId,
    cart: {
      currency: store.shop.currencyCode,
      lines: lines.map((l) => {
        const v = store.variant(l.variantId)!;
        return { variantId: l.variantId, productId: l.productId, collectionIds: [], quantity: l.quantity, unitPriceMinor: minor(l.price), unitCostMinor: minor(v.unitCost) };
      }),
    },
    customer: {
      id: customerId,
      tier: rng() < 0.2 ? "gold" : "standard",
      predictedValueMinor: Math.round(rng() * 40_000),
      churnRisk: Math.round(rng() * 100) / 100,
      ordersCount: store.ordersOf(customerId).length,
      isReturning: store.ordersOf(customerId).length > 0,
      country,
    },
    session: { device: rng() < 0.6 ? "mobile" : "desktop", country, source: pick(rng, ["email", "search", "social", "direct"])!, riskScore: Math.round(rng() * 100) / 100 },
  });

  for (let i = 0; i < count; i++) {
    const customer = pick(rng, customers)!;
    const at = new Date(now - 14 * DAY + (i / count) * 13.5 * DAY);
    const lines = cartFor(1 + Math.floor(rng() * 3));
    const workflow = i % 10 === 9 ? "payment_risk" : i % 5 === 4 ? "abandoned_cart" : "checkout_incentive";
    const result = await decideFor(shop, request(customer.id, customer.countryCode, lines, workflow), { now: at, seed: `demo-${i}` });
    seeded++;
    if (workflow !== "checkout_incentive" || !result.decision) continue;
    // An offer nudges conversion (and costs margin): the lift the Experiments page measures.
    const offered = result.decision.outcome === "apply" && result.decision.action.type !== "none";
    if (rng() < (offered ? 0.42 : 0.3)) {
      const discountRate = offered && "percent" in result.decision.action ? result.decision.action.percent / 100 : 0;
      const order = store.addOrder({ customerId: customer.id, email: customer.email, lines, discountRate, financialStatus: "PAID" }, new Date(at.getTime() + 20 * 60_000).toISOString());
      await send(shop, "orders/create", { order, customer });
    }
  }

  // High-value carts right now: above the $500 threshold, so they wait for a person.
  const approvals: string[] = [];
  // (Some of these shoppers fall in a holdout and get nothing: keep going until four wait.)
  for (let i = 0; i < 20 && approvals.length < 4; i++) {
    const customer = store.customers[store.customers.length - 1 - i]!;
    const req = request(customer.id, customer.countryCode, cartFor(10, true), "checkout_incentive");
    req.customer.isReturning = true;
    req.customer.churnRisk = 0.9;
    const result = await decideFor(shop, req, { seed: `demo-approval-${i}` });
    if (result.approvalId) approvals.push(result.approvalId);
  }
  const merchant = { staffId: "1", name: "Demo Merchant", via: "admin" as const };
  if (approvals[0]) await decideApproval(shop, approvals[0], { verdict: "approve" }, merchant);
  if (approvals[1]) await decideApproval(shop, approvals[1], { verdict: "reject", note: "Margin is thin on these" }, merchant);
  return { seeded, approvals: approvals.length };
}
