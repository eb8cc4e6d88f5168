// Property tests: for any delivery groups and any arm, the operations the Function returns keep
// every group's cheapest option visible and first (App Store rule 1.1.10), under each way Shopify
// might apply them (see simulate.ts), and always form a result the schema accepts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cartDeliveryOptionsTransformRun } from "../src";
import type { CartDeliveryOptionsTransformRunInput, DeliveryOperation } from "../src/input";
import { MODES, cheapestHandle, simulate } from "./simulate";
import { resultErrors } from "./result-schema";

const WORDS = ["Standard", "Express", "Overnight", "Pickup", "Economy", "Free", "Express Saver", "UPS", "Local"];
const text = fc.oneof(fc.constantFrom(...WORDS), fc.string({ minLength: 1, maxLength: 12 }));
const title = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
// Few distinct prices, so ties with the cheapest are common.
const amount = fc.oneof(fc.integer({ min: 0, max: 4 }).map(String), fc.integer({ min: 0, max: 99999 }).map((c) => (c / 100).toFixed(2)));

const cartGroups = fc
  .array(fc.array(fc.record({ title, amount }), { maxLength: 7 }), { maxLength: 4 })
  .chain((groups) => {
    const count = groups.reduce((n, g) => n + g.length, 0);
    // Handles are unique across the cart as Shopify sends them, except when a duplicate is injected.
    return fc.record({ groups: fc.constant(groups), duplicate: fc.option(fc.tuple(fc.nat(Math.max(count - 1, 0)), fc.nat(Math.max(count - 1, 0))), { freq: 5 }) });
  })
  .map(({ groups, duplicate }) => {
    let n = 0;
    const handles: string[] = [];
    const out = groups.map((g) => g.map((o) => ({ handle: (handles[n] = `h${n++}`), title: o.title, cost: { amount: o.amount } })));
    if (duplicate && handles.length > 1) {
      const [from, to] = duplicate;
      const target = out.flat()[to]!;
      target.handle = handles[from]!;
    }
    return out.map((deliveryOptions) => ({ deliveryOptions }));
  });

const match = fc.record({ titleContains: text });
const op = fc.oneof(
  fc.record({ op: fc.constant("hide"), match }),
  fc.record({ op: fc.constant("move"), match, index: fc.integer({ min: 1, max: 100 }) }),
  fc.record({
    op: fc.constant("rename"),
    match,
    title: fc.oneof(text, fc.constantFrom(...WORDS).map((w) => `${w} (1–2 business days)`), fc.string({ minLength: 1, maxLength: 255 })),
  }),
);
const validConfig = fc.record({
  v: fc.constant(1),
  experiment: fc.constant("exp"),
  hashVersion: fc.constantFrom(1, 2),
  arms: fc.constant([{ name: "treatment", weight: 1, ops: [] as unknown[] }]),
}).chain((config) => fc.array(op, { maxLength: 20 }).map((ops) => ({ ...config, arms: [{ name: "treatment", weight: 1, ops }] })));
// Mostly valid configs (they exercise the planner), some arbitrary JSON (it exercises refusal).
const config = fc.oneof({ weight: 9, arbitrary: validConfig }, { weight: 1, arbitrary: fc.jsonValue() });

const input = fc.record({ groups: cartGroups, config, override: fc.boolean(), customer: fc.option(fc.string({ minLength: 1, maxLength: 30 })) }).map(
  ({ groups, config, override, customer }): CartDeliveryOptionsTransformRunInput => ({
    cart: {
      arms: override ? { jsonValue: { exp: "treatment" } } : null,
      buyerIdentity: customer === null ? null : { customer: { id: `gid://shopify/Customer/${customer}` } },
      deliveryGroups: groups,
    },
    deliveryCustomization: { metafield: { jsonValue: config } },
  }),
);

function handlesOf(operations: DeliveryOperation[]): Set<string> {
  return new Set(operations.map((o) => ("deliveryOptionHide" in o ? o.deliveryOptionHide : "deliveryOptionMove" in o ? o.deliveryOptionMove : o.deliveryOptionRename).deliveryOptionHandle));
}

describe("cartDeliveryOptionsTransformRun properties", () => {
  it("keeps the cheapest option of every group visible and first, in every model of Shopify", () => {
    fc.assert(
      fc.property(input, (cartInput) => {
        const { operations } = cartDeliveryOptionsTransformRun(cartInput);
        const groups = cartInput.cart.deliveryGroups.map((g) => g.deliveryOptions.map((o) => ({ handle: o.handle, title: o.title ?? null, amount: Number(o.cost.amount) })));
        const touched = handlesOf(operations);
        for (const mode of MODES) {
          const after = simulate(groups, operations, mode);
          groups.forEach((before, g) => {
            if (before.length === 0) return;
            const cheapest = cheapestHandle(before)!;
            const group = after[g]!;
            const visible = group.filter((o) => !o.hidden);
            expect(visible.map((o) => o.handle)).toContain(cheapest);
            if (before.some((o) => touched.has(o.handle))) {
              expect(visible[0]!.handle).toBe(cheapest);
              // The cheapest keeps its own title inside any new one: explained, never disguised.
              const original = before.find((o) => o.handle === cheapest)!.title;
              const now = group.find((o) => o.handle === cheapest)!.title;
              if (now !== original) expect(now).toContain(original);
            } else {
              expect(group).toEqual(before.map((o) => ({ ...o, hidden: false })));
            }
          });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("returns results the 2026-07 schema accepts, within Shopify's output limits", () => {
    fc.assert(
      fc.property(input, (cartInput) => {
        const result = cartDeliveryOptionsTransformRun(cartInput);
        expect(resultErrors(result)).toEqual([]);
        expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(20000);
        for (const operation of result.operations) {
          if ("deliveryOptionRename" in operation) {
            expect(operation.deliveryOptionRename.title.trim()).not.toBe("");
            expect(operation.deliveryOptionRename.title.length).toBeLessThanOrEqual(255);
          }
          if ("deliveryOptionMove" in operation && operation.deliveryOptionMove.index === 0) {
            // Only the cheapest of its group is ever moved to the top.
            const group = cartInput.cart.deliveryGroups.find((g) => g.deliveryOptions.some((o) => o.handle === operation.deliveryOptionMove.deliveryOptionHandle))!;
            const options = group.deliveryOptions.map((o) => ({ handle: o.handle, amount: Number(o.cost.amount) }));
            expect(operation.deliveryOptionMove.deliveryOptionHandle).toBe(cheapestHandle(options));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("does nothing for an anonymous buyer without an arm override", () => {
    fc.assert(
      fc.property(input, (cartInput) => {
        const anonymous = { ...cartInput, cart: { ...cartInput.cart, arms: null, buyerIdentity: null } };
        expect(cartDeliveryOptionsTransformRun(anonymous)).toEqual({ operations: [] });
      }),
      { numRuns: 200 },
    );
  });
});
