import type { OptionView } from "./delivery-groups";

/** Index of the cheapest option; on a tie the first in Shopify's order, which is what it shows first. */
export function cheapestIndex(options: readonly OptionView[]): number {
  let best = 0;
  for (let i = 1; i < options.length; i++) if (options[i]!.amount < options[best]!.amount) best = i;
  return best;
}
