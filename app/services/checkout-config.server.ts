// What the checkout Functions are told, built from the app's own settings: the discount Function's
// keys and hard caps (ADR 0005), and the experiment configuration of the delivery and payment
// customizations. Pure mapping; checkout-setup.server.ts writes the results to `$app` metafields.
import type { GuardrailSettingsInput } from "../engine/decide";
import { guardrailSettingsSchema } from "../engine/decide";
import { functionKey, type FunctionKey } from "../lib/offer-token.server";
import type { OfferKeys } from "./offer-keys.server";

export type DiscountFunctionConfig = {
  v: 1;
  shop: string;
  /** Each key with its HMAC chaining states and cart-binding point (ADR 0005). The secret stays
   *  listed for one release, so that the previous Function keeps verifying v1 tokens. */
  keys: FunctionKey[];
  caps: {
    maxPercent: number;
    maxFixed: Record<string, string>;
    freeShipping: boolean;
    eligibleProductIds: string[] | null;
    excludedProductIds: string[];
    excludedVariantIds: string[];
    marginFloor: { percentOfPrice: number; min: string };
    costs: Record<string, string>;
  };
};

export type CustomizationConfig = {
  v: 1;
  experiment: string;
  hashVersion: 1 | 2;
  arms: { name: string; weight: number; ops: unknown[] }[];
};

const digits = (currency: string) => new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function formatMinor(minor: number, currency: string): string {
  const d = digits(currency);
  if (d === 0) return String(minor);
  return `${Math.floor(minor / 10 ** d)}.${String(minor % 10 ** d).padStart(d, "0")}`;
}

/**
 * The discount Function's configuration. It may only be stricter than the engine, never looser:
 * - collections cannot be checked inside the Function, so only products listed by id are eligible
 *   there (a product eligible through a collection alone gets no discount from the Function);
 * - a fixed amount is capped at the review threshold, the largest discount that needs no person.
 */
export function discountFunctionConfig(shop: string, currency: string, keys: OfferKeys, input: GuardrailSettingsInput): DiscountFunctionConfig {
  const g = guardrailSettingsSchema.parse(input);
  const fixedCap = g.approval.byAction.fixed_discount?.discountAboveMinor ?? g.approval.discountAboveMinor ?? g.dailyBudgetMinor;
  return {
    v: 1,
    shop,
    keys: keys.keys.map((k) => functionKey({ kid: k.kid, secret: k.secret })),
    caps: {
      maxPercent: g.maxDiscountPercent,
      maxFixed: g.allowedActionTypes.includes("fixed_discount") && fixedCap !== null ? { [currency]: formatMinor(fixedCap, currency) } : {},
      freeShipping: g.allowedActionTypes.includes("free_shipping"),
      eligibleProductIds: g.eligible === "all" ? null : [...g.eligible.productIds],
      excludedProductIds: [...g.excluded.productIds],
      excludedVariantIds: [...g.excluded.variantIds],
      marginFloor: { percentOfPrice: g.marginFloor.percentOfPrice, min: formatMinor(g.marginFloor.minMinor, currency) },
      costs: {},
    },
  };
}

/** Until the merchant sets up an experiment, the customizations run with one arm that changes nothing. */
export function idleCustomizationConfig(kind: "delivery" | "payment"): CustomizationConfig {
  return { v: 1, experiment: `${kind}-none`, hashVersion: 1, arms: [{ name: "control", weight: 100, ops: [] }] };
}
