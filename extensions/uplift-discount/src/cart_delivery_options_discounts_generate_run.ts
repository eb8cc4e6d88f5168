// Target cart.delivery-options.discounts.generate.run: a verified `free_shipping` offer takes 100%
// off every delivery group, when the discount has the SHIPPING class and the config allows it.
import type { CartDeliveryInput } from "./input";
import { resolveOffer } from "./offer";
import { noChanges, type CartDeliveryOptionsDiscountsGenerateRunResult } from "./output";

function run(input: CartDeliveryInput): CartDeliveryOptionsDiscountsGenerateRunResult {
  if (!input.discount.discountClasses.includes("SHIPPING")) return noChanges();
  const resolved = resolveOffer(input, ["free_shipping"]);
  if (!resolved || resolved.token.value !== "0") return noChanges();
  if (!resolved.config.caps.freeShipping) return noChanges();
  const groups = input.cart.deliveryGroups.filter((g) => typeof g.id === "string");
  if (groups.length === 0) return noChanges();
  return {
    operations: [
      {
        deliveryDiscountsAdd: {
          selectionStrategy: "ALL",
          candidates: [{ targets: groups.map((g) => ({ deliveryGroup: { id: g.id } })), value: { percentage: { value: "100" } } }],
        },
      },
    ],
  };
}

export function cartDeliveryOptionsDiscountsGenerateRun(input: CartDeliveryInput): CartDeliveryOptionsDiscountsGenerateRunResult {
  try {
    return run(input);
  } catch {
    return noChanges();
  }
}
