// Turns one arm's operations into Shopify operations on the payment methods. Whatever the config
// says, a buyer is never left without a way to pay: a hide that would remove the last visible
// method (or the last one in the payment list, when there is one) is dropped.
import type { PaymentOperation } from "./input";
import type { PaymentMatch, PaymentOp } from "./payment-op";
import type { MethodView } from "./payment-methods";

function matches(method: MethodView, match: PaymentMatch): boolean {
  return method.name.includes(match.nameContains);
}

/**
 * @example
 * planPaymentOps([{ id: "a", name: "Cash on Delivery", listed: true }], [{ op: "hide", match: { nameContains: "Cash" } }])
 * // → []  (hiding the only method would leave the buyer nothing to pay with)
 */
export function planPaymentOps(methods: readonly MethodView[], ops: readonly PaymentOp[]): PaymentOperation[] {
  const hidden = new Set<string>();
  const anyListed = methods.some((method) => method.listed);
  const visibleAfterHiding = (id: string, onlyListed: boolean) =>
    methods.filter((method) => method.id !== id && !hidden.has(method.id) && (!onlyListed || method.listed)).length;

  const planned: PaymentOperation[] = [];
  for (const op of ops) {
    for (const method of methods) {
      if (!matches(method, op.match)) continue;
      const paymentMethodId = method.id;
      if (op.op === "hide") {
        if (hidden.has(paymentMethodId)) continue;
        if (visibleAfterHiding(paymentMethodId, false) === 0) continue;
        if (anyListed && visibleAfterHiding(paymentMethodId, true) === 0) continue;
        hidden.add(paymentMethodId);
        planned.push({ paymentMethodHide: { paymentMethodId } });
      } else if (op.op === "rename") {
        if (op.name !== method.name) planned.push({ paymentMethodRename: { paymentMethodId, name: op.name } });
      } else if (methods.length > 1) {
        planned.push({ paymentMethodMove: { paymentMethodId, index: Math.min(op.index, methods.length - 1) } });
      }
    }
  }
  return planned;
}
