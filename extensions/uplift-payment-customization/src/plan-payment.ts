// The whole decision for one checkout, with the reason it came out that way, so tests (and a
// reader of `shopify app function run` output) can tell "control arm" from "bad config".
import { assignArm, type Assignment } from "../../shared/src/experiment/assign-arm";
import { parseExperiment } from "../../shared/src/experiment/experiment";
import { isObject } from "../../shared/src/experiment/guards";
import { EMPTY_BUDGET, spend } from "../../shared/src/experiment/output-budget";
import type { PaymentOperation } from "./input";
import { parsePaymentOp, type PaymentOp } from "./payment-op";
import { readPaymentMethods } from "./payment-methods";
import { planPaymentOps } from "./plan-payment-ops";

export type PaymentDecision = {
  operations: PaymentOperation[];
  reason: "invalid-config" | "no-arm" | "invalid-input" | "no-ops" | "applied";
  assignment: Assignment<PaymentOp> | null;
  /** Planned operations left out because they did not fit the output budget. */
  droppedOperations: number;
};

export function planPayment(input: unknown): PaymentDecision {
  const root = isObject(input) ? input : {};
  const owner = isObject(root.paymentCustomization) ? root.paymentCustomization : {};
  const metafield = isObject(owner.metafield) ? owner.metafield : {};
  const experiment = parseExperiment(metafield.jsonValue, parsePaymentOp);
  if (experiment === null) return { operations: [], reason: "invalid-config", assignment: null, droppedOperations: 0 };

  const cart = isObject(root.cart) ? root.cart : {};
  const arms = isObject(cart.arms) ? cart.arms.jsonValue : undefined;
  const buyer = isObject(cart.buyerIdentity) ? cart.buyerIdentity : {};
  const customerId = isObject(buyer.customer) ? buyer.customer.id : undefined;
  const assignment = assignArm(experiment, arms, customerId);
  if (assignment === null) return { operations: [], reason: "no-arm", assignment, droppedOperations: 0 };

  const methods = readPaymentMethods(root.paymentMethods);
  if (methods === null) return { operations: [], reason: "invalid-input", assignment, droppedOperations: 0 };

  // Unlike delivery groups, any prefix of the plan is safe (hides only ever get fewer), so the
  // plan is cut at the budget rather than dropped whole.
  const planned = planPaymentOps(methods, assignment.arm.ops);
  const operations: PaymentOperation[] = [];
  let budget = EMPTY_BUDGET;
  for (const operation of planned) {
    const after = spend(budget, [operation]);
    if (after === null) break;
    budget = after;
    operations.push(operation);
  }
  const reason = operations.length > 0 ? "applied" : "no-ops";
  return { operations, reason, assignment, droppedOperations: planned.length - operations.length };
}
