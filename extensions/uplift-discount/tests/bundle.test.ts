// The bundle Shopify CLI would hand to Javy, run in QuickJS (Javy's engine) with no Node globals:
// catches what unit tests in Node cannot (a stray Buffer, TextEncoder, clock or async, a missing
// export), and shows the output is the same as calling the TypeScript directly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleFunction, runInQuickJS, runInVm } from "../../testing/harness";
import { cartDeliveryOptionsDiscountsGenerateRun, cartLinesDiscountsGenerateRun } from "../src/index";
import type { CartDeliveryInput, CartLinesInput } from "../src/input";
import { loadFixtures, runFixture } from "./load-fixtures";
import { DELIVERY, FIXTURES_DIR, LINES } from "./make-fixtures";

const EXTENSION = join(import.meta.dirname, "..");
let bundle = "";
beforeAll(async () => {
  bundle = await bundleFunction(EXTENSION);
});

describe("bundled Function", () => {
  it("is small: raw and deflated size", () => {
    const raw = Buffer.byteLength(bundle);
    const deflated = deflateSync(bundle).length;
    console.log(`uplift-discount bundle: ${raw} bytes raw, ${deflated} bytes deflated`);
    // Javy stores QuickJS bytecode in a Wasm capped at 256 kB; the JS source is a rough upper bound.
    // 64.5 kB with token v2 (binding, key states) while v1's canonical-cart digest stays for the cut-over (ADR 0005).
    expect(raw).toBeLessThan(70_000);
  });

  const fixtures = loadFixtures();
  for (const name of ["percentage-valid", "margin-floor", "fixed-margin-leaves-out-tight-line", "entitlement", "tampered-sig", "free-shipping"]) {
    it(`QuickJS gives the TypeScript's output: ${name}`, async () => {
      const fixture = fixtures.find((f) => f.name === name)!;
      const { output } = await runInQuickJS(bundle, fixture.export, fixture.input);
      expect(output).toEqual(runFixture(fixture));
      expect(output).toEqual(fixture.expected);
    });
  }

  it("every fixture gives its expected output in a bare V8 context", async () => {
    for (const fixture of fixtures) {
      expect((await runInVm(bundle, fixture.export, fixture.input)).output, fixture.name).toEqual(fixture.expected);
    }
  });

  it("a 200-line cart with a signed offer targeting every line: same output in QuickJS", async () => {
    const input = JSON.parse(readFileSync(join(FIXTURES_DIR, "bench-input.json"), "utf8")) as CartLinesInput & CartDeliveryInput;
    const lines = await runInQuickJS(bundle, LINES, input);
    const direct = cartLinesDiscountsGenerateRun(input);
    expect(lines.output).toEqual(direct);
    const candidates = (direct.operations[0] as { productDiscountsAdd: { candidates: Array<{ targets: unknown[] }> } }).productDiscountsAdd.candidates;
    expect(candidates.flatMap((c) => c.targets).length).toBeGreaterThan(150);
    expect(JSON.stringify(lines.output).length).toBeLessThan(20_000);
    const delivery = await runInQuickJS(bundle, DELIVERY, input);
    expect(delivery.output).toEqual(cartDeliveryOptionsDiscountsGenerateRun(input));
    console.log(`200 lines in QuickJS: lines target ${lines.ms.toFixed(1)} ms / ${lines.interrupts} interrupts, delivery target ${delivery.ms.toFixed(1)} ms / ${delivery.interrupts} interrupts`);
  });
});
