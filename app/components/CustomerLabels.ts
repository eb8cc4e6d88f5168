// Labels for the customer-intelligence pages (no server code).
import type { NbaAction, Tier } from "../engine/clv";

export const TIER_LABELS: Record<Tier, string> = { platinum: "Platinum", gold: "Gold", silver: "Silver", bronze: "Bronze" };
export const TIER_COLORS: Record<Tier, string> = { platinum: "#5c6ac4", gold: "#b98900", silver: "#8a8a8a", bronze: "#a0522d" };
export const TIER_TONES: Record<Tier, "info" | "attention" | undefined> = { platinum: "info", gold: "attention", silver: undefined, bronze: undefined };

export const NBA_LABELS: Record<NbaAction, string> = {
  vip_retention_offer: "VIP retention offer",
  winback_offer: "Win-back offer",
  replenishment_reminder: "Replenishment reminder",
  cross_sell_category: "Cross-sell in their category",
  loyalty_invite: "Loyalty programme invite",
  second_purchase_nudge: "Second-purchase nudge",
  no_action: "No action",
};

export const tierLabel = (t: string) => TIER_LABELS[t as Tier] ?? t;
export const nbaLabel = (a: string) => NBA_LABELS[a as NbaAction] ?? a;
export const pct = (x: number) => `${Math.round(x * 100)}%`;
