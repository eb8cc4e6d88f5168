// Property tests: for any payment methods and any arm, the buyer is left with a visible way to pay
// (in the payment list, when the checkout has one), and every result is one the schema accepts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cartPaymentMethodsTransformRun } from "../src";
import type { CartPaymentMethodsTransformRunInput, PaymentMethodPlacement } from "../src/input";
import { resultErrors } from "./result-schema";
import { simulate } from "./simulate";

const NAMES = ["Credit card", "PayPal", "Cash on Delivery", "Bank Deposit", "Shop Pay", "Apple Pay", "Klarna"];
const text = fc.oneof(fc.constantFrom(...NAMES, "Pay", "a"), fc.string({ minLength: 1, maxLength: 10 }));
const placements = fc.constantFrom<PaymentMethodPlacement[]>([], ["PAYMENT_METHOD"], ["ACCELERATED_CHECKOUT"], ["ACCELERATED_CHECKOUT", "PAYMENT_METHOD"]);
const methods = fc
  .array(fc.record({ name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 15 }) }), placements }), { maxLength: 10 })
  .map((list) => list.map((m, i) => ({ id: `gid://shopify/PaymentCustomizationPaymentMethod/${i}`, ...m })));

const match = fc.record({ nameContains: text });
const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("hide"), match }) },
  fc.record({ op: fc.constant("move"), match, index: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ op: fc.constant("rename"), match, name: fc.oneof(text, fc.string({ minLength: 1, maxLength: 255 })) }),
);
const validConfig = fc.array(op, { maxLength: 20 }).map((ops) => ({ v: 1, experiment: "exp", hashVersion: 1, arms: [{ name: "treatment", weight: 1, ops }] }));
const config = fc.oneof({ weight: 9, arbitrary: validConfig }, { weight: 1, arbitrary: fc.jsonValue() });

const input = fc.record({ methods, config, override: fc.boolean(), customer: fc.option(fc.string({ minLength: 1, maxLength: 30 })) }).map(
  ({ methods, config, override, customer }): CartPaymentMethodsTransformRunInput => ({
      cart: {
        arms: override ? { jsonValue: { exp: "treatment" } } : null,
        buyerIdentity: customer === null ? null : { customer: { id: `gid://shopify/Customer/${customer}` } },
      },
      paymentMethods: methods,
      paymentCustomization: { metafield: { jsonValue: config } },
    }),
);

describe("cartPaymentMethodsTransformRun properties", () => {
  it("always leaves at least one method visible, and one in the payment list if there was one", () => {
    fc.assert(
      fc.property(input, (cartInput) => {
        const { operations } = cartPaymentMethodsTransformRun(cartInput);
        const after = simulate(cartInput.paymentMethods, operations);
        const visible = after.filter((m) => !m.hidden);
        const listed = (m: { placements: string[] }) => m.placements.length === 0 || m.placements.includes("PAYMENT_METHOD");
        if (cartInput.paymentMethods.length > 0) expect(visible.length).toBeGreaterThan(0);
        if (cartInput.paymentMethods.some(listed)) expect(visible.some(listed)).toBe(true);
        for (const m of after) expect(m.name === cartInput.paymentMethods.find((o) => o.id === m.id)!.name || m.name.trim() !== "").toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("returns results the 2026-07 schema accepts, within Shopify's output limit", () => {
    fc.assert(
      fc.property(input, (cartInput) => {
        const result = cartPaymentMethodsTransformRun(cartInput);
        expect(resultErrors(result)).toEqual([]);
        expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(20000);
      }),
      { numRuns: 500 },
    );
  });

  it("does nothing for an anonymous buyer without an arm override", () => {
    fc.assert(
      fc.property(input, (cartInput) => {
        const anonymous = { ...cartInput, cart: { arms: null, buyerIdentity: null } };
        expect(cartPaymentMethodsTransformRun(anonymous)).toEqual({ operations: [] });
      }),
      { numRuns: 200 },
    );
  });
});
