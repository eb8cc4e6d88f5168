// Shopify rejects a Function output above 20 kB (carts up to 200 lines); a rejected output is no
// discount at all. The worst case is 200 lines with long ids, each capped to its own percentage.
import { describe, expect, it } from "vitest";
import { cartLinesDiscountsGenerateRun } from "../src/index";
import { config, linesInput, offerFor, variantGid, type CartLineSpec } from "./builders";

// Real cart line ids are long (a UUID after the prefix).
const longId = (i: number) => `gid://shopify/CartLine/${String(i).padStart(8, "0")}-8d8e-4d7e-9a3b-8d2c1d1e3f4a`;

describe("output size", () => {
  it("200 lines with 200 distinct margin caps stay under 20 kB, percentages floored to a coarser step", () => {
    const specs: CartLineSpec[] = Array.from({ length: 200 }, (_, i) => ({ id: longId(i), variant: 1000 + i, product: 1, quantity: 1, price: "100.00" }));
    // Cost 60.00 + i × 0.13 and a 10% floor leave 30.00 − 0.13 i − 0.01 of 100.00: a distinct cap per line.
    const costs = Object.fromEntries(specs.map((s, i) => [variantGid(s.variant), (60 + i * 0.13).toFixed(2)]));
    const input = linesInput(specs, { offer: offerFor(specs, { value: "15" }), config: config({ costs }) });
    const output = cartLinesDiscountsGenerateRun(input);
    expect(JSON.stringify(output).length).toBeLessThan(20_000);
    const candidates = (output.operations[0] as { productDiscountsAdd: { candidates: Array<{ targets: Array<{ cartLine: { id: string } }>; value: { percentage: { value: string } } }> } }).productDiscountsAdd.candidates;
    expect(candidates.flatMap((c) => c.targets)).toHaveLength(specs.filter((_, i) => 30 - 0.13 * i - 0.01 >= 1).length);
    for (const c of candidates) {
      expect(c.value.percentage.value).toMatch(/^\d+$/);
      for (const t of c.targets) {
        const i = Number(t.cartLine.id.slice(23, 31));
        // Never more than the line's own cap (in percent of 100.00, the same number).
        expect(Number(c.value.percentage.value)).toBeLessThanOrEqual(Math.min(15, 30 - 0.13 * i - 0.01));
      }
    }
  });

  it("a few lines keep their exact percentages", () => {
    const specs: CartLineSpec[] = [
      { variant: 1, product: 1, quantity: 1, price: "100.00" },
      { variant: 2, product: 1, quantity: 1, price: "100.00" },
    ];
    const input = linesInput(specs, { offer: offerFor(specs, { value: "15" }), config: config({ costs: { [variantGid(1)]: "80.00" } }) });
    // Line 1: 100 − 80 − 10 = 10.00, less 0.01 → 9.99%.
    expect(cartLinesDiscountsGenerateRun(input).operations[0]).toMatchObject({
      productDiscountsAdd: { candidates: [{ value: { percentage: { value: "9.99" } } }, { value: { percentage: { value: "15" } } }] },
    });
  });
});
