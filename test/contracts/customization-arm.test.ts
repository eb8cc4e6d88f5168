import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customizationArm, customizationConfigSchema } from "../../app/services/customization-experiments.server";
import { assignArm } from "../../extensions/shared/src/experiment/assign-arm";
import { parseExperiment } from "../../extensions/shared/src/experiment/experiment";

// The app attributes a logged-in customer's order to the delivery/payment arm the Function gave
// them by computing the same assignment. The two implementations must agree on every customer;
// and what the app's editor accepts, the Function accepts.

const armArb = fc.record({ name: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== "" && !/[\u0000-\u001f\u007f]/.test(s)), weight: fc.integer({ min: 0, max: 100 }) });
const configArb = fc
  .record({
    experiment: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== "" && !/[\u0000-\u001f\u007f]/.test(s)),
    hashVersion: fc.constantFrom(1 as const, 2 as const),
    arms: fc.uniqueArray(armArb, { minLength: 1, maxLength: 5, selector: (a) => a.name }),
  })
  .filter((c) => c.arms.some((a) => a.weight > 0))
  .map((c) => ({ v: 1 as const, experiment: c.experiment, hashVersion: c.hashVersion, arms: c.arms.map((a) => ({ ...a, ops: [] })) }));

describe("delivery/payment arm assignment: app and Function agree", () => {
  it("the same arm for any customer and configuration", () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 1, max: 2 ** 40 }), (config, n) => {
        const gid = `gid://shopify/Customer/${n}`;
        expect(customizationConfigSchema("delivery").safeParse(config).success).toBe(true);
        const experiment = parseExperiment(config, () => null);
        expect(experiment).not.toBeNull();
        const fn = assignArm(experiment!, null, gid);
        expect(customizationArm(config, gid)).toBe(fn?.arm.name ?? null);
      }),
      { numRuns: 2000 },
    );
  });
});
