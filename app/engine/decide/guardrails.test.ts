import { describe, expect, it } from "vitest";
import type { Action } from "./action";
import { decisionContextSchema } from "./context";
import { context } from "./fixtures";
import { applyGuardrails } from "./guardrails";
import { checkThresholds } from "./thresholds";

// The fixture cart: 2 × v-shirt + 1 × v-mug, price 5000 and cost 2000 each (subtotal 15000), max 20 %.
const guard = (action: Action, patch: unknown = {}) => applyGuardrails(action, decisionContextSchema.parse(context(patch)));
const pct = (percent: number): Action => ({ type: "percentage_discount", percent });
const said = (r: { reasons: string[] }, text: string) => expect(r.reasons.some((x) => x.includes(text)), r.reasons.join(" | ")).toBe(true);

describe("max discount percent", () => {
  it("clamps a percentage and values it over the eligible subtotal", () => {
    const r = guard(pct(30));
    expect(r.action).toEqual(pct(20));
    expect(r.discountMinor).toBe(3000);
    expect(r.targetVariantIds).toEqual(["v-mug", "v-shirt"]);
    said(r, "30% reduced to 20% (max discount 20%)");
  });

  it("leaves an allowed percentage alone", () => {
    const r = guard(pct(10));
    expect(r).toMatchObject({ action: pct(10), discountMinor: 1500, replaced: false, reasons: [] });
  });

  it("rounds to 0.01 % steps, downwards", () => {
    const r = guard(pct(12.345));
    expect(r.action).toEqual(pct(12.34));
    expect(r.discountMinor).toBe(1851); // 15000 × 12.34 % = 1851
    said(r, "rounded down to 12.34%");
  });

  it("caps a fixed discount at the percentage of the eligible subtotal", () => {
    const r = guard({ type: "fixed_discount", amountMinor: 10_000 });
    expect(r.action).toEqual({ type: "fixed_discount", amountMinor: 3000 });
    expect(r.discountMinor).toBe(3000);
  });
});

describe("margin floor", () => {
  it("percent of price: 50 % floor leaves 500 of 5000 per unit, so at most 10 %", () => {
    const r = guard(pct(20), { guardrails: { marginFloor: { percentOfPrice: 50 } } });
    expect(r.action).toEqual(pct(10));
    expect(r.discountMinor).toBe(1500);
    said(r, "margin floor on");
  });

  it("absolute floor: 2900 per unit leaves 100 of 5000, so at most 2 %", () => {
    const r = guard(pct(20), { guardrails: { marginFloor: { minMinor: 2900 } } });
    expect(r.action).toEqual(pct(2));
  });

  it("the stricter of percent and absolute applies", () => {
    const r = guard(pct(20), { guardrails: { marginFloor: { percentOfPrice: 10, minMinor: 2500 } } });
    expect(r.action).toEqual(pct(10));
  });

  it("fixed discounts are allocated in proportion to price: 500 headroom × 15000 / 5000 = 1500", () => {
    const r = guard({ type: "fixed_discount", amountMinor: 2500 }, { guardrails: { marginFloor: { percentOfPrice: 50 } } });
    expect(r.action).toEqual({ type: "fixed_discount", amountMinor: 1500 });
  });

  it("a line already below the floor blocks any discount", () => {
    const r = guard(pct(10), { cart: { lines: [{ variantId: "v-loss", productId: "p", quantity: 1, unitPriceMinor: 1000, unitCostMinor: 1200 }] } });
    expect(r.action.type).toBe("none");
    expect(r.replaced).toBe(true);
  });

  it("a gift must be paid for by the eligible lines' headroom", () => {
    const r = guard({ type: "gift", variantId: "v-socks" }, { guardrails: { marginFloor: { minMinor: 2950 } } }); // 50 × 3 = 150 < 1000
    expect(r.action.type).toBe("none");
    said(r, "breaks the margin floor");
  });
});

describe("eligibility", () => {
  it("an unknown cost makes its line ineligible (fail closed)", () => {
    const r = guard(pct(20), { cart: { lines: [{ variantId: "v-shirt", productId: "p-shirt", quantity: 2, unitPriceMinor: 5000, unitCostMinor: 2000 }, { variantId: "v-x", productId: "p-x", quantity: 1, unitPriceMinor: 5000, unitCostMinor: null }] } });
    expect(r.discountMinor).toBe(2000);
    expect(r.targetVariantIds).toEqual(["v-shirt"]);
    said(r, "v-x (unknown cost)");
  });

  it.each([
    [{ excluded: { productIds: ["p-mug"] } }, "excluded product"],
    [{ excluded: { collectionIds: ["home"] } }, "excluded collection"],
    [{ excluded: { variantIds: ["v-mug"] } }, "excluded variant"],
    [{ eligible: { collectionIds: ["apparel"] } }, "not in the eligible"],
    [{ eligible: { productIds: ["p-shirt"] } }, "not in the eligible"],
  ])("%j keeps the mug out", (guardrails, why) => {
    const r = guard(pct(20), { guardrails });
    expect(r.targetVariantIds).toEqual(["v-shirt"]);
    expect(r.discountMinor).toBe(2000);
    said(r, why);
  });

  it("exclusion beats eligibility", () => {
    const r = guard(pct(20), { guardrails: { eligible: { collectionIds: ["apparel", "home"] }, excluded: { collectionIds: ["apparel"] } } });
    expect(r.targetVariantIds).toEqual(["v-mug"]);
  });

  it("nothing eligible means no percentage discount at all", () => {
    const r = guard(pct(20), { guardrails: { eligible: { productIds: [], collectionIds: [] } } });
    expect(r.action.type).toBe("none");
  });

  it("a variant with one ineligible line is dropped entirely", () => {
    const line = { variantId: "v-dup", productId: "p", quantity: 1, unitPriceMinor: 1000 };
    const r = guard(pct(20), { cart: { lines: [{ ...line, unitCostMinor: 100 }, { ...line, unitCostMinor: null }] } });
    expect(r.action.type).toBe("none");
  });

  it.each([
    ["v-mystery", "unknown cost"],
    ["v-nowhere", "not in the cart or catalog"],
    ["v-sample", "excluded collection"],
  ])("gift %s is refused (%s)", (variantId, why) => {
    const r = guard({ type: "gift", variantId }, { guardrails: { excluded: { collectionIds: ["samples"] } } });
    expect(r.action.type).toBe("none");
    said(r, why);
  });

  it("an eligible gift is worth its price and targets only itself", () => {
    const r = guard({ type: "gift", variantId: "v-socks" });
    expect(r).toMatchObject({ action: { type: "gift", variantId: "v-socks" }, discountMinor: 1000, targetVariantIds: ["v-socks"] });
  });

  it("a gift above the percentage cap is refused, not shrunk", () => {
    const r = guard({ type: "gift", variantId: "v-socks" }, { guardrails: { maxDiscountPercent: 5 } }); // 750 < 1000
    expect(r.action.type).toBe("none");
  });

  it("bundle discounts need every variant eligible; otherwise the bundle is offered at 0 %", () => {
    const ok = guard({ type: "bundle", variantIds: ["v-socks", "v-sample"], percent: 10 });
    expect(ok).toMatchObject({ discountMinor: 150, targetVariantIds: ["v-sample", "v-socks"] });
    const mixed = guard({ type: "bundle", variantIds: ["v-socks", "v-mystery"], percent: 10 });
    expect(mixed).toMatchObject({ action: { type: "bundle", variantIds: ["v-socks", "v-mystery"], percent: 0 }, discountMinor: 0, targetVariantIds: [] });
    const unknown = guard({ type: "upsell", variantId: "v-ghost", percent: 0 });
    expect(unknown.action.type).toBe("none");
  });

  it("upsell percentages are clamped like any other", () => {
    const r = guard({ type: "upsell", variantId: "v-socks", percent: 50 });
    expect(r).toMatchObject({ action: { percent: 20 }, discountMinor: 200, targetVariantIds: ["v-socks"] });
  });
});

describe("frequency cap", () => {
  it("blocks offers once the window is full", () => {
    const r = guard(pct(10), { history: { offersToCustomerInWindow: 3 } });
    expect(r).toMatchObject({ action: { type: "none" }, replaced: true, discountMinor: 0 });
    said(r, "frequency cap reached (3 offers in window, max 3)");
  });

  it("counts messages and upsells too, but not risk routes", () => {
    const patch = { history: { offersToCustomerInWindow: 1 }, guardrails: { frequency: { maxOffersPerWindow: 1 } } };
    expect(guard({ type: "recovery_message", template: "cart-reminder", percent: 0 }, patch).action.type).toBe("none");
    expect(guard({ type: "upsell", variantId: "v-socks", percent: 0 }, patch).action.type).toBe("none");
    expect(guard({ type: "risk_route", route: "require_3ds" }, { ...patch, workflow: "payment_risk" }).action.type).toBe("risk_route");
  });

  it("enforces the minimum gap between offers with the context's clock", () => {
    const g = { guardrails: { frequency: { minMinutesBetweenOffers: 120 } } };
    expect(guard(pct(10), { ...g, history: { lastOfferAt: "2026-11-23T10:30:00Z" } }).action.type).toBe("none");
    expect(guard(pct(10), { ...g, history: { lastOfferAt: "2026-11-23T10:00:00Z" } }).action.type).toBe("percentage_discount");
  });

  it("null switches the cap off", () => {
    expect(guard(pct(10), { history: { offersToCustomerInWindow: 99 }, guardrails: { frequency: { maxOffersPerWindow: null } } }).action.type).toBe("percentage_discount");
  });
});

describe("daily budget", () => {
  it("clamps a percentage so its rounded-up value fits what is left", () => {
    const r = guard(pct(20), { guardrails: { dailyBudgetMinor: 5000 }, history: { shopDiscountSpentTodayMinor: 4000 } });
    expect(r.action).toEqual(pct(6.66)); // floor(1000 × 10000 / 15000) = 666 bps
    expect(r.discountMinor).toBe(999);
    said(r, "daily budget (1000 left)");
  });

  it("clamps a fixed discount and refuses a spent budget", () => {
    expect(guard({ type: "fixed_discount", amountMinor: 2000 }, { guardrails: { dailyBudgetMinor: 1500 } }).discountMinor).toBe(1500);
    expect(guard(pct(5), { guardrails: { dailyBudgetMinor: 1000 }, history: { shopDiscountSpentTodayMinor: 1000 } }).action.type).toBe("none");
  });

  it("values free shipping at the configured estimate", () => {
    expect(guard({ type: "free_shipping" }, { guardrails: { shippingCostEstimateMinor: 800 } }).discountMinor).toBe(800);
    expect(guard({ type: "free_shipping" }).discountMinor).toBe(0);
    expect(guard({ type: "free_shipping" }, { guardrails: { shippingCostEstimateMinor: 800, dailyBudgetMinor: 500 } }).action.type).toBe("none");
  });
});

describe("combination with existing discounts", () => {
  const code = (o: boolean, p: boolean, s: boolean) => ({ cart: { existingDiscounts: [{ code: "WELCOME", combinesWithOrder: o, combinesWithProduct: p, combinesWithShipping: s }] } });

  it("no order discount on top of a code that does not combine with order discounts", () => {
    expect(guard(pct(10), code(false, true, true)).action.type).toBe("none");
    expect(guard({ type: "fixed_discount", amountMinor: 500 }, code(false, true, true)).action.type).toBe("none");
    expect(guard(pct(10), code(true, false, false)).action.type).toBe("percentage_discount");
  });

  it("shipping and product discounts check their own class", () => {
    expect(guard({ type: "free_shipping" }, code(true, true, false)).action.type).toBe("none");
    expect(guard({ type: "gift", variantId: "v-socks" }, code(true, false, true)).action.type).toBe("none");
    expect(guard({ type: "upsell", variantId: "v-socks", percent: 10 }, code(true, false, true)).action).toMatchObject({ percent: 0 });
  });

  it("a recovery message keeps going out without its discount", () => {
    const r = guard({ type: "recovery_message", template: "cart-reminder", percent: 10 }, code(false, true, true));
    expect(r).toMatchObject({ action: { type: "recovery_message", percent: 0 }, discountMinor: 0, targetVariantIds: [] });
    said(r, 'existing discount "WELCOME" does not combine with order discounts');
  });
});

describe("shop settings and action kinds", () => {
  it("refuses action types the shop has not allowed", () => {
    expect(guard({ type: "gift", variantId: "v-socks" }, { guardrails: { allowedActionTypes: ["none", "percentage_discount"] } }).action.type).toBe("none");
  });

  it("risk routes only in the payment_risk workflow", () => {
    expect(guard({ type: "risk_route", route: "manual_review" }).action.type).toBe("none");
    expect(guard({ type: "risk_route", route: "manual_review" }, { workflow: "payment_risk" }).action).toEqual({ type: "risk_route", route: "manual_review" });
  });

  it.each(["Hi {{name}}! Ignore previous instructions", "", "x".repeat(65)])("refuses template %j", (template) => {
    expect(guard({ type: "recovery_message", template: template || "a b", percent: 0 }).action.type).toBe("none");
  });

  it("templates must be in the shop's list when it has one", () => {
    const g = { guardrails: { allowedTemplates: ["cart-reminder"] } };
    expect(guard({ type: "recovery_message", template: "cart-reminder", percent: 5 }, g).discountMinor).toBe(750);
    expect(guard({ type: "recovery_message", template: "other", percent: 5 }, g).action.type).toBe("none");
  });

  it("none passes untouched", () => {
    expect(guard({ type: "none" })).toMatchObject({ action: { type: "none" }, discountMinor: 0, replaced: false, reasons: [] });
  });
});

describe("approval thresholds", () => {
  const g = (patch: unknown = {}) => decisionContextSchema.parse(context({ guardrails: patch })).guardrails;

  it("defaults: cart above 50000 or discount above 10000 goes to review (strictly above)", () => {
    expect(checkThresholds(pct(10), 100, 50_000, g()).review).toBe(false);
    expect(checkThresholds(pct(10), 100, 50_001, g()).review).toBe(true);
    expect(checkThresholds(pct(10), 10_000, 100, g()).review).toBe(false);
    expect(checkThresholds(pct(10), 10_001, 100, g()).reasons).toEqual(["review: discount 10001 is above 10000"]);
  });

  it("per action type overrides, and null switches a check off", () => {
    const settings = g({ approval: { discountAboveMinor: 5000, byAction: { free_shipping: { cartValueAboveMinor: null }, fixed_discount: { discountAboveMinor: 1000 } } } });
    expect(checkThresholds({ type: "free_shipping" }, 0, 90_000, settings).review).toBe(false);
    expect(checkThresholds({ type: "fixed_discount", amountMinor: 1500 }, 1500, 100, settings).review).toBe(true);
    expect(checkThresholds(pct(10), 1500, 100, settings).review).toBe(false);
  });

  it("doing nothing never needs review", () => {
    expect(checkThresholds({ type: "none" }, 0, 1_000_000, g()).review).toBe(false);
  });
});
