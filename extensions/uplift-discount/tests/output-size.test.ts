// Shopify rejects a Function output above 20 kB (carts up to 200 lines); a rejected output is no
// discount at all. The worst case is 200 lines with long ids, each capped to its own percentage.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentageResult } from "../src/cart_lines_discounts_generate_run";
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

// The Function computes the output's JSON length instead of serializing it; this reference groups
// and serializes at every step, as the first version did.
function reference(ids: string[], hundredths: number[]) {
  for (const step of [1, 100, 500, 1000]) {
    const groups = new Map<number, string[]>();
    ids.forEach((id, i) => {
      const h = Math.floor(hundredths[i]! / step) * step;
      if (h > 0) groups.set(h, [...(groups.get(h) ?? []), id]);
    });
    const result = groups.size === 0
      ? { operations: [] }
      : {
          operations: [{
            productDiscountsAdd: {
              selectionStrategy: "ALL",
              candidates: [...groups].map(([h, group]) => ({
                targets: group.map((id) => ({ cartLine: { id } })),
                value: { percentage: { value: String(h / 100) } },
              })),
            },
          }],
        };
    if (JSON.stringify(result).length < 20_000) return result;
  }
  return { operations: [] };
}

describe("output size, computed", () => {
  // The Function counts an id as its length: cart line ids are Shopify GIDs, which JSON never
  // escapes. Any id JSON.stringify writes as itself in quotes is exact; ids come in all such shapes here.
  const unescaped = (id: string) => JSON.stringify(id) === `"${id}"`;

  it("picks the step and the candidates that serializing the output picks (any id JSON writes as it is)", () => {
    const id = fc.oneof(
      { arbitrary: fc.nat(999).map((i) => `gid://shopify/CartLine/${String(i).padStart(8, "0")}-8d8e-4d7e-9a3b-8d2c1d1e3f4a`), weight: 6 },
      { arbitrary: fc.string({ unit: "binary", maxLength: 60 }).filter(unescaped), weight: 1 },
      { arbitrary: fc.constantFrom("é😀", "x/y:z", "gid://shopify/CartLine/0"), weight: 1 },
    );
    const percent = fc.oneof(fc.constant(0), fc.constant(1000), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 20 }).map((n) => n * 50));
    fc.assert(
      fc.property(fc.array(fc.tuple(id, percent), { maxLength: 220 }), (lines) => {
        const ids = lines.map(([lineId]) => lineId);
        const hundredths = lines.map(([, h]) => h);
        expect(percentageResult(ids.map((lineId) => ({ i: lineId })), Int32Array.from(hundredths))).toEqual(reference(ids, hundredths));
      }),
      { numRuns: 300 },
    );
  });

  it("decides exactly at the limit", () => {
    const base = fc.array(fc.tuple(fc.nat(999), fc.constantFrom(0, 1000, 995, 1234)), { maxLength: 100 });
    const pad = fc.constantFrom("x", "-", "é", "😀");
    fc.assert(
      fc.property(base, pad, fc.constantFrom(1000, 995, 1234), fc.integer({ min: -12, max: 12 }), (lines, padChar, padPercent, delta) => {
        const ids = lines.map(([i]) => `gid://shopify/CartLine/${i}`);
        const hundredths = lines.map(([, h]) => h);
        // The step-1 output with an empty padding id, then enough padding to land near 20,000.
        const withPad = (padding: string) => [...ids, padding];
        const length = (padding: string) => JSON.stringify(reference([...withPad(padding)], [...hundredths, padPercent])).length;
        const empty = length("");
        const perChar = JSON.stringify(padChar).length - 2;
        const count = Math.max(0, Math.floor((20_000 - empty + delta) / perChar));
        const padding = padChar.repeat(count);
        const all = withPad(padding);
        const percents = [...hundredths, padPercent];
        expect(percentageResult(all.map((id) => ({ i: id })), Int32Array.from(percents))).toEqual(reference(all, percents));
      }),
      { numRuns: 400 },
    );
  });
});

