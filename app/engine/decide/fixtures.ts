// Test fixtures shared by the unit, golden and property tests: one plain cart that every test
// changes only where it matters. Not exported from index.ts.
import type { DecisionContextInput } from "./context";

/**
 * Subtotal 15000 minor units: v-shirt ("apparel") × 2 and v-mug ("home") × 1, each at price 5000 and
 * cost 2000 (margin 9000, 60 % per unit). Max discount 20 %, margin floor 0, no budget, defaults
 * elsewhere (cap 3 offers, review above 50000 cart or 10000 discount).
 */
export function baseContext(): DecisionContextInput {
  return {
    workflow: "checkout_incentive",
    unitId: "cust-1",
    mode: "live",
    cart: {
      currency: "USD",
      lines: [
        { variantId: "v-shirt", productId: "p-shirt", collectionIds: ["apparel"], quantity: 2, unitPriceMinor: 5000, unitCostMinor: 2000 },
        { variantId: "v-mug", productId: "p-mug", collectionIds: ["home"], quantity: 1, unitPriceMinor: 5000, unitCostMinor: 2000 },
      ],
      existingDiscounts: [],
    },
    customer: { id: "cust-1", tier: "gold", predictedValueMinor: 40000, churnRisk: 0.3, ordersCount: 4, isReturning: true, country: "US" },
    session: { device: "mobile", country: "US", source: "email", riskScore: 0.1 },
    history: { offersToCustomerInWindow: 0, lastOfferAt: null, shopDiscountSpentTodayMinor: 0 },
    now: "2026-11-23T12:00:00Z",
    seed: "seed-1",
    policy: { id: "checkout", version: 1, workflow: "checkout_incentive", mode: "rules", rules: [] },
    guardrails: { maxDiscountPercent: 20 },
    catalog: [
      { variantId: "v-socks", productId: "p-socks", collectionIds: ["apparel"], unitPriceMinor: 1000, unitCostMinor: 300 },
      { variantId: "v-sample", productId: "p-sample", collectionIds: ["samples"], unitPriceMinor: 500, unitCostMinor: 100 },
      { variantId: "v-mystery", productId: "p-mystery", collectionIds: [], unitPriceMinor: 2000, unitCostMinor: null },
    ],
  };
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/** `base` with `patch` merged in; arrays and nulls in the patch replace, objects merge. */
export function merge<T>(base: T, patch: unknown): T {
  if (!isObject(base) || !isObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(out[key], value);
  return out as T;
}

/** The base context with a patch applied. */
export const context = (patch: unknown = {}): DecisionContextInput => merge(baseContext(), patch);
