import { describe, expect, it } from "vitest";
import type { CustomizationConfig } from "./checkout-config.server";
import { idleCustomizationConfig } from "./checkout-config.server";
import { customizationControlArm, customizationExperimentKey, customizationSplit, isRunningCustomization } from "./customization-experiments.server";

const config = (arms: [string, number][], experiment = "delivery-order-1"): CustomizationConfig => ({
  v: 1,
  experiment,
  hashVersion: 2,
  arms: arms.map(([name, weight]) => ({ name, weight, ops: [] })),
});

describe("customization experiment read-out helpers", () => {
  it("an experiment runs only with two or more arms that receive customers", () => {
    expect(isRunningCustomization(idleCustomizationConfig("delivery"))).toBe(false);
    expect(isRunningCustomization(config([["a", 0], ["b", 100]]))).toBe(false);
    expect(isRunningCustomization(config([["a", 1], ["b", 100], ["c", 0]]))).toBe(true);
  });

  it("the control arm is the one named control in any case, else the first arm with a weight", () => {
    expect(customizationControlArm(config([["fast-first", 50], ["Control", 50]]))).toBe("Control");
    expect(customizationControlArm(config([["fast-first", 50], ["CONTROL", 50]]))).toBe("CONTROL");
    expect(customizationControlArm(config([["fast-first", 50], ["renamed", 50]]))).toBe("fast-first");
    // A control nobody can be assigned to has no units to compare with.
    expect(customizationControlArm(config([["control", 0], ["off", 0], ["b", 30], ["c", 70]]))).toBe("b");
  });

  it("the expected split normalises the weights of the arms that receive customers", () => {
    expect(customizationSplit(config([["control", 1], ["b", 3], ["c", 0]]))).toEqual({ control: 0.25, b: 0.75 });
  });

  it("the exposure key names the kind and the experiment, so a renamed experiment starts over", () => {
    const c = config([["control", 1], ["b", 1]]);
    expect(customizationExperimentKey("payment", c)).toBe("customization:payment:delivery-order-1");
    expect(customizationExperimentKey("payment", { ...c, experiment: "v2" })).not.toBe(customizationExperimentKey("payment", c));
    expect(customizationExperimentKey("delivery", c)).not.toBe(customizationExperimentKey("payment", c));
  });
});
