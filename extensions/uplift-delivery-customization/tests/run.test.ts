import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseToml } from "smol-toml";
import { cartDeliveryOptionsTransformRun } from "../src";
import type { CartDeliveryOptionsTransformRunInput } from "../src/input";
import { planDelivery } from "../src/plan-delivery";
import { EXTENSION_DIR, loadFixtures } from "./fixtures";

const fixtures = loadFixtures();
const toml = parseToml(readFileSync(EXTENSION_DIR + "shopify.extension.toml", "utf8")) as {
  extensions: Array<{ targeting: Array<{ target: string; export: string }> }>;
};

describe("cartDeliveryOptionsTransformRun on the fixtures", () => {
  it("has the fixtures the tests are about", () => {
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining(["control", "treatment", "override-treatment", "override-anonymous", "override-unknown-arm", "anonymous", "missing-config", "unknown-op"]),
    );
  });

  it.each(fixtures)("$name", ({ payload }) => {
    expect(payload.export).toBe(toml.extensions[0]!.targeting[0]!.export);
    expect(payload.target).toBe(toml.extensions[0]!.targeting[0]!.target);
    expect(cartDeliveryOptionsTransformRun(payload.input as CartDeliveryOptionsTransformRunInput)).toEqual(payload.output);
  });

  // The fixtures with no operations must be empty for the reason their name gives, not by accident.
  it.each([
    ["control", "no-ops", "control"],
    ["override-unknown-arm", "no-ops", "control"],
    ["anonymous", "no-arm", null],
    ["missing-config", "invalid-config", null],
    ["unknown-op", "invalid-config", null],
    ["treatment", "applied", "treatment"],
    ["override-treatment", "applied", "treatment"],
  ])("%s is decided as %s in arm %s", (name, reason, armName) => {
    const decision = planDelivery(fixtures.find((f) => f.name === name)!.payload.input);
    expect(decision.reason).toBe(reason);
    expect(decision.assignment?.arm.name ?? null).toBe(armName);
  });
});

describe("cartDeliveryOptionsTransformRun when in doubt", () => {
  const treatment = fixtures.find((f) => f.name === "treatment")!.payload.input as CartDeliveryOptionsTransformRunInput;

  it.each<[string, unknown]>([
    ["undefined", undefined],
    ["null", null],
    ["an empty object", {}],
    ["a cart that is a string", { ...treatment, cart: "cart" }],
    ["delivery groups that are not a list", { ...treatment, cart: { ...treatment.cart, deliveryGroups: { id: "g" } } }],
  ])("returns no operations for input that is %s", (_, input) => {
    expect(cartDeliveryOptionsTransformRun(input as CartDeliveryOptionsTransformRunInput)).toEqual({ operations: [] });
  });

  it("returns no operations instead of throwing when reading the input throws", () => {
    const hostile = {
      ...treatment,
      cart: {
        ...treatment.cart,
        get deliveryGroups(): never {
          throw new Error("boom");
        },
      },
    };
    expect(() => planDelivery(hostile)).toThrow("boom");
    expect(cartDeliveryOptionsTransformRun(hostile)).toEqual({ operations: [] });
  });
});
