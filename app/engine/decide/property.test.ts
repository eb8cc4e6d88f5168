import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionSchema } from "./action";
import { contextArbitrary } from "./arbitraries";
import { decide } from "./decide";
import type { Decision } from "./decision";

// Property: no decision, whatever the cart, settings, policy or LLM output, breaches a guardrail.
// The checker below recomputes every limit from the raw context on its own (it shares no code with
// guardrails.ts, eligibility.ts or limits.ts), with real-number arithmetic and a 1e-6 tolerance.

type Ctx = ReturnType<typeof contextArbitrary> extends fc.Arbitrary<infer T> ? T : never;
type Thing = { variantId: string; productId: string; collectionIds: string[]; unitPriceMinor: number; unitCostMinor: number | null };
const TOL = 1e-6;

function breaches(ctx: Ctx, d: Decision): string[] {
  const out: string[] = [];
  const fail = (why: string) => out.push(why);
  const g = ctx.guardrails;
  const a = d.action;

  if (!actionSchema.safeParse(a).success) fail("action does not parse");
  if (!Number.isInteger(d.discountMinor) || d.discountMinor < 0) fail("discountMinor not a non-negative integer");
  if (!(d.propensity > 0 && d.propensity <= 1)) fail(`propensity ${d.propensity} outside (0, 1]`);
  if (!(d.confidence >= 0 && d.confidence <= 1)) fail("confidence outside [0, 1]");
  if (d.inputs.invalid) return out; // counted by the caller: generated contexts are meant to be valid
  if (d.outcome !== (ctx.mode === "shadow" ? "shadow" : d.outcome === "review" ? "review" : "apply")) fail(`outcome ${d.outcome} in ${ctx.mode} mode`);
  if (a.type === "none") {
    if (d.discountMinor !== 0) fail("none with a discount");
    return out;
  }
  if (!g.allowedActionTypes.includes(a.type)) fail(`${a.type} not allowed`);

  const subtotal = ctx.cart.lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
  const own = g.approval.byAction[a.type];
  const cartLimit = own && own.cartValueAboveMinor !== undefined ? own.cartValueAboveMinor : g.approval.cartValueAboveMinor;
  const discountLimit = own && own.discountAboveMinor !== undefined ? own.discountAboveMinor : g.approval.discountAboveMinor;
  if (d.outcome === "apply" && ((cartLimit !== null && subtotal > cartLimit) || (discountLimit !== null && d.discountMinor > discountLimit))) fail("applied above an approval threshold");

  if (a.type === "risk_route") {
    if (ctx.workflow !== "payment_risk") fail("risk route outside payment_risk");
    if (d.discountMinor !== 0) fail("risk route with a discount");
    return out;
  }

  // Frequency cap.
  const cap = g.frequency.maxOffersPerWindow;
  if (cap !== null && ctx.history.offersToCustomerInWindow >= cap) fail("offer beyond the frequency cap");
  const gap = g.frequency.minMinutesBetweenOffers;
  if (gap !== null && ctx.history.lastOfferAt !== null && (Date.parse(ctx.now) - Date.parse(ctx.history.lastOfferAt)) / 60_000 < gap) fail("offer inside the minimum gap");

  // Eligibility, margin, budget, combination.
  const eligible = (t: Thing) =>
    t.unitCostMinor !== null &&
    !g.excluded.variantIds.includes(t.variantId) &&
    !g.excluded.productIds.includes(t.productId) &&
    !t.collectionIds.some((c) => g.excluded.collectionIds.includes(c)) &&
    (g.eligible === "all" || g.eligible.productIds.includes(t.productId) || t.collectionIds.some((c) => (g.eligible as { collectionIds: string[] }).collectionIds.includes(c)));
  const floor = (p: number) => Math.max((p * g.marginFloor.percentOfPrice) / 100, g.marginFloor.minMinor);
  const keepsFloor = (t: Thing, perUnitDiscount: number) => t.unitPriceMinor - (t.unitCostMinor ?? Infinity) - perUnitDiscount >= floor(t.unitPriceMinor) - TOL;
  const budgetLeft = g.dailyBudgetMinor === null ? Infinity : g.dailyBudgetMinor - ctx.history.shopDiscountSpentTodayMinor;
  if (d.discountMinor > 0 && d.discountMinor > budgetLeft) fail(`discount ${d.discountMinor} over budget left ${budgetLeft}`);
  const combines = (key: "combinesWithOrder" | "combinesWithProduct" | "combinesWithShipping") => ctx.cart.existingDiscounts.every((x) => x[key]);
  const find = (v: string): Thing | undefined => ctx.cart.lines.find((l) => l.variantId === v) ?? ctx.catalog.find((i) => i.variantId === v);
  const targets = d.targetVariantIds ?? [];
  const targetLines = ctx.cart.lines.filter((l) => targets.includes(l.variantId));
  const maxPct = g.maxDiscountPercent;
  // The lines that may pay for a gift: every line of a variant with only eligible lines.
  const payingLines = ctx.cart.lines.filter((l) => ctx.cart.lines.filter((m) => m.variantId === l.variantId).every(eligible));
  const payingBase = payingLines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);

  const checkPercentOn = (things: Array<Thing & { quantity: number }>, p: number) => {
    if (p > maxPct + 1e-9) fail(`${p}% above max ${maxPct}%`);
    for (const t of things) {
      if (!eligible(t)) fail(`discount on ineligible ${t.variantId}`);
      if (t.unitPriceMinor > 0 && !keepsFloor(t, (t.unitPriceMinor * p) / 100)) fail(`margin floor broken on ${t.variantId} at ${p}%`);
    }
    const value = things.reduce((s, t) => s + (t.unitPriceMinor * t.quantity * p) / 100, 0);
    if (d.discountMinor < value - TOL || d.discountMinor > value + 1) fail(`discountMinor ${d.discountMinor} is not the value ${value}`);
  };

  switch (a.type) {
    case "percentage_discount":
    case "recovery_message": {
      if (a.type === "recovery_message" && (!/^[A-Za-z0-9_.-]{1,64}$/.test(a.template) || (g.allowedTemplates.length > 0 && !g.allowedTemplates.includes(a.template)))) fail("template not allowed");
      if (a.percent > 0) {
        if (!combines("combinesWithOrder")) fail("order discount with a non-combining code");
        if (targetLines.length === 0) fail("percentage without targets");
        checkPercentOn(targetLines, a.percent);
      } else if (d.discountMinor !== 0 || a.type === "percentage_discount") fail("zero percent with a value, or a 0 % discount");
      break;
    }
    case "fixed_discount": {
      if (!combines("combinesWithOrder")) fail("order discount with a non-combining code");
      const base = targetLines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
      if (d.discountMinor !== a.amountMinor || a.amountMinor <= 0) fail("fixed amount and value differ or are 0");
      if (a.amountMinor > base) fail(`fixed ${a.amountMinor} above eligible subtotal ${base}`);
      if (a.amountMinor > (base * maxPct) / 100 + TOL) fail("fixed above max percent");
      for (const l of targetLines) {
        if (!eligible(l)) fail(`fixed discount on ineligible ${l.variantId}`);
        if (l.unitPriceMinor > 0 && !keepsFloor(l, (a.amountMinor * l.unitPriceMinor) / base)) fail(`margin floor broken on ${l.variantId}`);
      }
      break;
    }
    case "free_shipping":
      if (!combines("combinesWithShipping")) fail("free shipping with a non-combining code");
      if (d.discountMinor !== (g.shippingCostEstimateMinor ?? 0)) fail("free shipping not valued at the estimate");
      break;
    case "gift": {
      const t = find(a.variantId);
      if (!t || !eligible(t)) fail(`gift ${a.variantId} unknown or ineligible`);
      if (!combines("combinesWithProduct")) fail("gift with a non-combining code");
      if (t && d.discountMinor !== t.unitPriceMinor) fail("gift not valued at its price");
      if (d.discountMinor > payingBase || d.discountMinor > (payingBase * maxPct) / 100 + TOL) fail("gift above eligible subtotal or max percent");
      for (const l of payingLines) if (l.unitPriceMinor > 0 && !keepsFloor(l, (d.discountMinor * l.unitPriceMinor) / payingBase)) fail(`gift breaks the margin floor on ${l.variantId}`);
      break;
    }
    case "bundle":
    case "upsell": {
      const ids = a.type === "bundle" ? [...new Set(a.variantIds)] : [a.variantId];
      const things = ids.map(find);
      if (things.some((t) => t === undefined)) fail("offer of an unknown variant");
      if (a.percent > 0) {
        if (!combines("combinesWithProduct")) fail("product discount with a non-combining code");
        if ([...targets].sort().join() !== [...ids].sort().join()) fail("bundle targets are not its variants");
        checkPercentOn(things.filter((t): t is Thing => t !== undefined).map((t) => ({ ...t, quantity: 1 })), a.percent);
      } else if (d.discountMinor !== 0) fail("0 % offer with a value");
      break;
    }
  }
  return out;
}

const DISCOUNTING = ["percentage_discount", "fixed_discount", "free_shipping", "gift", "bundle", "upsell", "recovery_message"];

function run(label: string, arbitrary: fc.Arbitrary<Ctx>, numRuns: number, seed: number) {
  let invalid = 0;
  const discounted = new Map<string, number>();
  fc.assert(
    fc.property(arbitrary, (ctx) => {
      const d = decide(ctx);
      if (d.inputs.invalid) invalid++;
      if (d.discountMinor > 0) discounted.set(d.action.type, (discounted.get(d.action.type) ?? 0) + 1);
      const found = breaches(ctx, d);
      if (found.length > 0) throw new Error(`${label}: ${found.join("; ")}\n${JSON.stringify(d.reasons)}`);
    }),
    { numRuns, seed },
  );
  // Guard against a vacuous pass: every generated context is valid, and every kind of discount
  // gets through the guardrails often enough for the checker to have looked at it.
  expect(invalid).toBe(0);
  const total = [...discounted.values()].reduce((a, b) => a + b, 0);
  expect(total / numRuns).toBeGreaterThan(0.05);
  for (const type of DISCOUNTING) expect(discounted.get(type) ?? 0, `${label}: ${type} with a discount`).toBeGreaterThanOrEqual(5);
}

describe("no decision breaches a guardrail", { timeout: 120_000 }, () => {
  it("30,000 random rule and learning contexts, some with hostile LLM proposals", () => {
    run("mixed", contextArbitrary({ proposal: "sometimes" }), 30_000, 1);
  });

  it("25,000 random rule contexts without proposals", () => {
    run("rules", contextArbitrary({ proposal: "none", mode: "rules" }), 25_000, 2);
  });

  it("25,000 random learning contexts, some with hostile proposals", () => {
    run("learning", contextArbitrary({ proposal: "sometimes", mode: "learning" }), 25_000, 3);
  });

  it("25,000 contexts that all carry a hostile LLM proposal", () => {
    run("hostile", contextArbitrary({ proposal: "always" }), 25_000, 4);
  });
});

describe("determinism on random contexts", { timeout: 60_000 }, () => {
  it("3,000 contexts: same text twice and after a JSON round trip", () => {
    fc.assert(
      fc.property(contextArbitrary({ proposal: "sometimes" }), (ctx) => {
        const text = JSON.stringify(decide(ctx));
        expect(JSON.stringify(decide(ctx))).toBe(text);
        expect(JSON.stringify(decide(JSON.parse(JSON.stringify(ctx))))).toBe(text);
      }),
      { numRuns: 3_000, seed: 5 },
    );
  });
});
