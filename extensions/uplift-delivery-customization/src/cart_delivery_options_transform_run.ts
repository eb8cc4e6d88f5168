import type { CartDeliveryOptionsTransformRunInput, CartDeliveryOptionsTransformRunResult } from "./input";
import { planDelivery } from "./plan-delivery";

const NO_CHANGES: CartDeliveryOptionsTransformRunResult = { operations: [] };

/**
 * Applies the buyer's arm of the merchant's delivery-options experiment. Never throws: any doubt
 * (missing or invalid config, anonymous buyer, unusable input, a bug) leaves checkout as Shopify
 * built it.
 */
export function cartDeliveryOptionsTransformRun(input: CartDeliveryOptionsTransformRunInput): CartDeliveryOptionsTransformRunResult {
  try {
    const { operations } = planDelivery(input);
    return operations.length > 0 ? { operations } : NO_CHANGES;
  } catch {
    return NO_CHANGES;
  }
}
