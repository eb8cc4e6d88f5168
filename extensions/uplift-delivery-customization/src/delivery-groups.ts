// Reads the delivery groups out of the Function input, keeping only what planning can be sure of.
import { isObject } from "../../shared/src/experiment/guards";

export type OptionView = { handle: string; title: string | null; amount: number };

/**
 * One entry per input group, in input order: its options, or null when the group must be left
 * alone: an option without a handle or a finite cost (its cheapest option is unknowable), or a
 * handle that also appears elsewhere in the cart (an operation names only a handle, so it could
 * land in another group where the cheapest-first guarantee was never checked).
 */
export function readDeliveryGroups(rawGroups: unknown): Array<OptionView[] | null> {
  if (!Array.isArray(rawGroups)) return [];
  const seen = new Map<string, number>();
  const groups = rawGroups.map((rawGroup): OptionView[] | null => {
    const rawOptions: unknown = isObject(rawGroup) ? rawGroup.deliveryOptions : undefined;
    if (!Array.isArray(rawOptions)) return null;
    const options: OptionView[] = [];
    for (const raw of rawOptions) {
      if (!isObject(raw) || typeof raw.handle !== "string" || raw.handle === "" || !isObject(raw.cost)) return null;
      // Decimal arrives as a string ("29.99"); Number("") is 0, so an empty amount is refused first.
      const amount = typeof raw.cost.amount === "string" && raw.cost.amount.trim() !== "" ? Number(raw.cost.amount) : NaN;
      if (!Number.isFinite(amount)) return null;
      options.push({ handle: raw.handle, title: typeof raw.title === "string" ? raw.title : null, amount });
    }
    return options;
  });
  for (const options of groups) for (const option of options ?? []) seen.set(option.handle, (seen.get(option.handle) ?? 0) + 1);
  return groups.map((options) => (options !== null && options.every((option) => seen.get(option.handle) === 1) ? options : null));
}
