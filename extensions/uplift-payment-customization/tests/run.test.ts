import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseToml } from "smol-toml";
import { MAX_OPERATIONS } from "../../shared/src/experiment/output-budget";
import { cartPaymentMethodsTransformRun } from "../src";
import type { CartPaymentMethodsTransformRunInput } from "../src/input";
import { planPayment } from "../src/plan-payment";
import { EXTENSION_DIR, loadFixtures } from "./fixtures";

const fixtures = loadFixtures();
const toml = parseToml(readFileSync(EXTENSION_DIR + "shopify.extension.toml", "utf8")) as {
  extensions: Array<{ targeting: Array<{ target: string; export: string }> }>;
};

describe("cartPaymentMethodsTransformRun on the fixtures", () => {
  it("has the fixtures the tests are about", () => {
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining(["control", "treatment", "override-treatment", "override-anonymous", "override-unknown-arm", "anonymous", "missing-config", "unknown-op", "hide-all-keeps-one"]),
    );
  });

  it.each(fixtures)("$name", ({ payload }) => {
    expect(payload.export).toBe(toml.extensions[0]!.targeting[0]!.export);
    expect(payload.target).toBe(toml.extensions[0]!.targeting[0]!.target);
    expect(cartPaymentMethodsTransformRun(payload.input as CartPaymentMethodsTransformRunInput)).toEqual(payload.output);
  });

  // The fixtures with no operations must be empty for the reason their name gives, not by accident.
  it.each([
    ["control", "no-ops", "control"],
    ["override-unknown-arm", "no-ops", "control"],
    ["anonymous", "no-arm", null],
    ["missing-config", "invalid-config", null],
    ["unknown-op", "invalid-config", null],
    ["treatment", "applied", "treatment"],
    ["override-anonymous", "applied", "treatment"],
  ])("%s is decided as %s in arm %s", (name, reason, armName) => {
    const decision = planPayment(fixtures.find((f) => f.name === name)!.payload.input);
    expect(decision.reason).toBe(reason);
    expect(decision.assignment?.arm.name ?? null).toBe(armName);
  });
});

describe("cartPaymentMethodsTransformRun when in doubt", () => {
  const treatment = fixtures.find((f) => f.name === "treatment")!.payload.input as CartPaymentMethodsTransformRunInput;

  it.each<[string, unknown]>([
    ["undefined", undefined],
    ["an empty object", {}],
    ["payment methods that are not a list", { ...treatment, paymentMethods: "all" }],
    ["a repeated payment method id", { ...treatment, paymentMethods: [...treatment.paymentMethods, treatment.paymentMethods[2]] }],
  ])("returns no operations for input that is %s", (_, input) => {
    expect(cartPaymentMethodsTransformRun(input as CartPaymentMethodsTransformRunInput)).toEqual({ operations: [] });
  });

  it("returns no operations instead of throwing when reading the input throws", () => {
    const hostile = {
      ...treatment,
      get paymentMethods(): never {
        throw new Error("boom");
      },
    };
    expect(() => planPayment(hostile)).toThrow("boom");
    expect(cartPaymentMethodsTransformRun(hostile)).toEqual({ operations: [] });
  });

  it("cuts an oversized plan at the budget, keeping its first operations", () => {
    const methods = Array.from({ length: 80 }, (_, i) => ({ id: `gid://shopify/PaymentCustomizationPaymentMethod/${i}`, name: `Method ${i}`, placements: [] }));
    const config = { v: 1, experiment: "many", hashVersion: 1, arms: [{ name: "t", weight: 1, ops: [{ op: "rename", match: { nameContains: "Method" }, name: "Renamed" }] }] };
    const input = { cart: { arms: { jsonValue: { many: "t" } } }, paymentMethods: methods, paymentCustomization: { metafield: { jsonValue: config } } };
    const decision = planPayment(input);
    expect(decision.operations).toHaveLength(MAX_OPERATIONS);
    expect(decision.droppedOperations).toBe(80 - MAX_OPERATIONS);
    expect(decision.operations[0]).toEqual({ paymentMethodRename: { paymentMethodId: methods[0]!.id, name: "Renamed" } });
  });
});
