// The whole decision for one checkout, with the reason it came out that way, so tests (and a
// reader of `shopify app function run` output) can tell "control arm" from "bad config".
import { assignArm, type Assignment } from "../../shared/src/experiment/assign-arm";
import { parseExperiment } from "../../shared/src/experiment/experiment";
import { isObject } from "../../shared/src/experiment/guards";
import { EMPTY_BUDGET, spend } from "../../shared/src/experiment/output-budget";
import { readDeliveryGroups } from "./delivery-groups";
import { parseDeliveryOp, type DeliveryOp } from "./delivery-op";
import type { DeliveryOperation } from "./input";
import { planGroup } from "./plan-group";

export type DeliveryDecision = {
  operations: DeliveryOperation[];
  reason: "invalid-config" | "no-arm" | "no-ops" | "applied";
  assignment: Assignment<DeliveryOp> | null;
  /** Groups left alone because their input was unusable or their operations did not fit. */
  skippedGroups: number;
};

export function planDelivery(input: unknown): DeliveryDecision {
  const root = isObject(input) ? input : {};
  const owner = isObject(root.deliveryCustomization) ? root.deliveryCustomization : {};
  const metafield = isObject(owner.metafield) ? owner.metafield : {};
  const experiment = parseExperiment(metafield.jsonValue, parseDeliveryOp);
  if (experiment === null) return { operations: [], reason: "invalid-config", assignment: null, skippedGroups: 0 };

  const cart = isObject(root.cart) ? root.cart : {};
  const arms = isObject(cart.arms) ? cart.arms.jsonValue : undefined;
  const buyer = isObject(cart.buyerIdentity) ? cart.buyerIdentity : {};
  const customerId = isObject(buyer.customer) ? buyer.customer.id : undefined;
  const assignment = assignArm(experiment, arms, customerId);
  if (assignment === null) return { operations: [], reason: "no-arm", assignment, skippedGroups: 0 };

  const operations: DeliveryOperation[] = [];
  let budget = EMPTY_BUDGET;
  let skippedGroups = 0;
  for (const options of readDeliveryGroups(cart.deliveryGroups)) {
    const planned = options === null ? null : planGroup(options, assignment.arm.ops);
    // A group's operations go in whole or not at all: dropping only its closing move could
    // leave a costlier option on top.
    const after = planned === null ? null : spend(budget, planned);
    if (planned === null || after === null) {
      skippedGroups++;
      continue;
    }
    budget = after;
    operations.push(...planned);
  }
  return { operations, reason: operations.length > 0 ? "applied" : "no-ops", assignment, skippedGroups };
}
