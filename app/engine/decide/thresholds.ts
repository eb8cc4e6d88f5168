// Approval thresholds: a safe action may still be big enough that a person should look first. They
// route the decision to review; they never change the action.
import type { Action } from "./action";
import type { GuardrailSettings } from "./guardrail-settings";

export type ThresholdResult = { review: boolean; reasons: string[] };

export function checkThresholds(action: Action, discountMinor: number, cartSubtotalMinor: number, g: GuardrailSettings): ThresholdResult {
  if (action.type === "none") return { review: false, reasons: [] };
  const own = g.approval.byAction[action.type];
  // A per-action value overrides the default, and an explicit null switches that check off.
  const cartLimit = own?.cartValueAboveMinor !== undefined ? own.cartValueAboveMinor : g.approval.cartValueAboveMinor;
  const discountLimit = own?.discountAboveMinor !== undefined ? own.discountAboveMinor : g.approval.discountAboveMinor;
  const reasons: string[] = [];
  if (cartLimit !== null && cartSubtotalMinor > cartLimit) reasons.push(`review: cart value ${cartSubtotalMinor} is above ${cartLimit}`);
  if (discountLimit !== null && discountMinor > discountLimit) reasons.push(`review: discount ${discountMinor} is above ${discountLimit}`);
  return { review: reasons.length > 0, reasons };
}
