import { AUDIT_EVENTS, AUDIT_EVENT_NAMES } from "../lib/audit-events";

// Labels shared by the admin pages (no server code: components may import this).
export const WORKFLOWS = {
  checkout_incentive: "Checkout incentive",
  abandoned_cart: "Abandoned-cart recovery",
  post_purchase: "Post-purchase upsell",
  bundle: "Dynamic bundles",
  payment_risk: "Payment-risk routing",
  customer_nba: "Customer next-best action",
} as const;
export type Workflow = keyof typeof WORKFLOWS;
export const WORKFLOW_KEYS = Object.keys(WORKFLOWS) as Workflow[];
export const WORKFLOW_OPTIONS = WORKFLOW_KEYS.map((value) => ({ value, label: WORKFLOWS[value] }));

export const AUDIT_EVENT_OPTIONS = AUDIT_EVENT_NAMES.map((value) => ({ value, label: `${value}: ${AUDIT_EVENTS[value]}` }));

export function money(minor: number, currency = "USD") {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(minor / 100);
}

/** A short human description of an engine action. */
export function describeAction(action: { type: string; percent?: number; amountMinor?: number; variantId?: string; route?: string; provider?: string; fromTier?: string | null; toTier?: string }, currency = "USD") {
  switch (action.type) {
    case "none":
      return "No offer";
    case "percentage_discount":
      return `${action.percent}% off`;
    case "fixed_discount":
      return `${money(action.amountMinor ?? 0, currency)} off`;
    case "free_shipping":
      return "Free shipping";
    case "gift":
      return "Free gift";
    case "bundle":
      return `Bundle at ${action.percent}% off`;
    case "upsell":
      return action.percent ? `Upsell at ${action.percent}% off` : "Upsell";
    case "recovery_message":
      return action.percent ? `Recovery message with ${action.percent}% off` : "Recovery message";
    case "risk_route":
      return `Risk route: ${action.route?.replace(/_/g, " ")}`;
    case "crm_tier_change":
      return `Tier ${action.fromTier ?? "none"} → ${action.toTier} in ${action.provider === "hubspot" ? "HubSpot" : action.provider === "salesforce" ? "Salesforce" : action.provider}`;
    default:
      return action.type;
  }
}
