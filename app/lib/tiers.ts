/** Customer tiers, best first (issue 5's CLV quantiles); shared by the server and the admin pages. */
export const TIERS = ["platinum", "gold", "silver", "bronze"] as const;
export type TierName = (typeof TIERS)[number];
