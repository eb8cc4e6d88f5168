import { describe, expect, it } from "vitest";
import type { MethodView } from "../src/payment-methods";
import type { PaymentOp } from "../src/payment-op";
import { planPaymentOps } from "../src/plan-payment-ops";

const method = (id: string, name: string, listed = true): MethodView => ({ id, name, listed });
const hide = (text: string): PaymentOp => ({ op: "hide", match: { nameContains: text } });
const rename = (text: string, name: string): PaymentOp => ({ op: "rename", match: { nameContains: text }, name });
const move = (text: string, index: number): PaymentOp => ({ op: "move", match: { nameContains: text }, index });
const methods = [method("card", "Credit card"), method("pp", "PayPal"), method("cod", "Cash on Delivery (COD)"), method("apple", "Apple Pay", false)];

describe("planPaymentOps", () => {
  it("plans nothing for a control arm", () => {
    expect(planPaymentOps(methods, [])).toEqual([]);
  });

  it("renames, moves (clamped to the list) and hides matching methods in configured order", () => {
    expect(planPaymentOps(methods, [rename("Cash on Delivery", "Cash on Delivery (pay the courier)"), move("PayPal", 0), move("Credit", 99), hide("PayPal")])).toEqual([
      { paymentMethodRename: { paymentMethodId: "cod", name: "Cash on Delivery (pay the courier)" } },
      { paymentMethodMove: { paymentMethodId: "pp", index: 0 } },
      { paymentMethodMove: { paymentMethodId: "card", index: 3 } },
      { paymentMethodHide: { paymentMethodId: "pp" } },
    ]);
  });

  it("never hides the only method", () => {
    expect(planPaymentOps([method("cod", "Cash on Delivery")], [hide("Cash")])).toEqual([]);
  });

  it("keeps the last method of the payment list visible even when an express button would remain", () => {
    expect(planPaymentOps(methods, [hide("Credit"), hide("PayPal"), hide("Cash"), hide("Apple")])).toEqual([
      { paymentMethodHide: { paymentMethodId: "card" } },
      { paymentMethodHide: { paymentMethodId: "pp" } },
      { paymentMethodHide: { paymentMethodId: "apple" } },
    ]);
  });

  it("keeps one method visible when none is in the payment list", () => {
    const expressOnly = [method("apple", "Apple Pay", false), method("google", "Google Pay", false)];
    expect(planPaymentOps(expressOnly, [hide("Pay")])).toEqual([{ paymentMethodHide: { paymentMethodId: "apple" } }]);
  });

  it("hides a method once even when several operations match it, and skips renames to the same name", () => {
    expect(planPaymentOps(methods, [hide("PayPal"), hide("Pal"), rename("Credit", "Credit card")])).toEqual([{ paymentMethodHide: { paymentMethodId: "pp" } }]);
  });

  it("does not move within a list of one", () => {
    expect(planPaymentOps([method("card", "Credit card")], [move("Credit", 0)])).toEqual([]);
  });
});
