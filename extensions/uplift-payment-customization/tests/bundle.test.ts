// The bundle Shopify CLI would hand to Javy, run in QuickJS (the engine inside the Wasm) with no
// clock, randomness or Node APIs: it must give exactly what the direct call gives.
import { beforeAll, describe, expect, it } from "vitest";
import { bundleFunction, runInQuickJS, runInVm } from "../../testing/harness";
import { cartPaymentMethodsTransformRun } from "../src";
import type { CartPaymentMethodsTransformRunInput } from "../src/input";
import { EXTENSION_DIR, loadBenchInput, loadFixtures } from "./fixtures";

const EXPORT = "cart-payment-methods-transform-run";
let bundle = "";
beforeAll(async () => {
  bundle = await bundleFunction(EXTENSION_DIR);
});

describe("bundled Function", () => {
  it("stays small (no validation library, nothing from app/)", () => {
    expect(bundle.length).toBeLessThan(20000);
    expect(bundle).not.toMatch(/from "zod"|app\/engine/);
  });

  it.each(loadFixtures())("matches the direct call in QuickJS on $name", async ({ payload }) => {
    const run = await runInQuickJS(bundle, EXPORT, payload.input);
    expect(run.output).toEqual(payload.output);
    expect(run.output).toEqual(cartPaymentMethodsTransformRun(payload.input as CartPaymentMethodsTransformRunInput));
    expect(run.logs).toEqual([]);
  });

  it("runs the 200-line bench input in QuickJS and in a bare V8 context with the direct call's result", async () => {
    const input = loadBenchInput();
    const direct = cartPaymentMethodsTransformRun(input as CartPaymentMethodsTransformRunInput);
    expect(direct.operations.length).toBeGreaterThan(0);
    expect((await runInQuickJS(bundle, EXPORT, input)).output).toEqual(direct);
    expect((await runInVm(bundle, EXPORT, input)).output).toEqual(direct);
  });
});
