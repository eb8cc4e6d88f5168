import type { CartPaymentMethodsTransformRunInput, CartPaymentMethodsTransformRunResult } from "./input";
import { planPayment } from "./plan-payment";

const NO_CHANGES: CartPaymentMethodsTransformRunResult = { operations: [] };

/**
 * Applies the buyer's arm of the merchant's payment-methods experiment. Never throws: any doubt
 * (missing or invalid config, anonymous buyer, unusable input, a bug) leaves checkout as Shopify
 * built it.
 */
export function cartPaymentMethodsTransformRun(input: CartPaymentMethodsTransformRunInput): CartPaymentMethodsTransformRunResult {
  try {
    const { operations } = planPayment(input);
    return operations.length > 0 ? { operations } : NO_CHANGES;
  } catch {
    return NO_CHANGES;
  }
}
