// The per-line caps in Numbers (src/decimal.ts, percentHundredths in src/caps.ts) against exact
// fractions (exact.ts), over amounts, scales and rates wide enough to reach both the Number path and
// its BigInt fallback: the margin floor must come out the same to the hundredth of a percent.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderDiscount, percentHundredths, pricing } from "../src/caps";
import { parseConfig } from "../src/config";
import { readDecimal, type DecimalParts } from "../src/decimal";
import type { InputLine } from "../src/input";
import { parseDecimal } from "../src/rational";
import { config, productGid, variantGid } from "./builders";
import { Q } from "./exact";

/** A decimal string of `digits` integer digits at most and `scale` fraction digits. */
const decimal = (maxWhole: bigint, maxScale: number) =>
  fc.tuple(fc.bigInt({ min: 0n, max: maxWhole }), fc.integer({ min: 0, max: maxScale }), fc.bigInt({ min: 0n, max: 10n ** 12n - 1n })).map(([whole, scale, fraction]) =>
    scale === 0 ? String(whole) : `${whole}.${String(fraction % 10n ** BigInt(scale)).padStart(scale, "0")}`,
  );

describe("readDecimal", () => {
  const text = fc.oneof(
    decimal(10n ** 18n - 1n, 12),
    decimal(10_000n, 3),
    fc.constantFrom("0", "00", "007", "0.0", "1.", ".5", "1e3", "-1", "-0", " 1", "1 ", "+1", "Infinity", "NaN", "0x10", "", "1.0000000000000", "9999999999999999", "123456789012345", "1234567890123456", "0.000000000001"),
    fc.string({ maxLength: 8 }),
  );

  it("accepts what parseDecimal accepts, with the same value when its mantissa is exact", () => {
    fc.assert(
      fc.property(text, (t) => {
        const parts: DecimalParts = { mantissa: 0, scale: 0 };
        const exact = parseDecimal(t);
        expect(readDecimal(t, parts)).toBe(exact !== null);
        if (!exact) return;
        if (parts.mantissa === -1) {
          // Only a long nonzero decimal is left to the BigInt path.
          expect(t.replace(".", "").length).toBeGreaterThan(15);
          expect(exact.n > 0n).toBe(true);
        } else {
          expect(Number.isSafeInteger(parts.mantissa)).toBe(true);
          expect(BigInt(parts.mantissa) * exact.d).toBe(exact.n * 10n ** BigInt(parts.scale));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("percentHundredths", () => {
  const rateText = fc.oneof(decimal(30_000n, 6), fc.constantFrom("1.0", "1", "0.000001", "24500.123456789", "1.23456789012"));
  const lineArb = fc.record({
    price: fc.oneof(decimal(2_000n, 2), decimal(10n ** 9n, 3), decimal(10n ** 13n, 4)),
    cost: fc.option(fc.oneof(decimal(2_000n, 2), decimal(10n ** 9n, 4)), { nil: undefined }),
    quantity: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 1_000_000 })),
  });
  const scenario = fc.record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
    rate: rateText,
    currency: fc.constantFrom("USD", "JPY", "KWD"),
    capped: fc.integer({ min: 0, max: 10_000 }),
    marginFloor: fc.option(fc.record({ percentOfPrice: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1000 }).map((n) => n / 10), fc.constant(12.34)), min: decimal(1_000n, 3) }), { nil: null }),
  });
  const DIGITS: Record<string, number> = { USD: 2, JPY: 0, KWD: 3 };

  it("is the exact margin cap, floored to 0.01%, on the Number path and on its fallback", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const costs = Object.fromEntries(s.lines.flatMap((l, i) => (l.cost === undefined ? [] : [[variantGid(i + 1), l.cost]])));
        const caps = parseConfig(config({ costs, marginFloor: s.marginFloor, maxPercent: 100 }))!.caps;
        const p = pricing(caps, s.rate, s.currency);
        if (Q.of(s.rate).le(new Q(0n))) {
          expect(p).toBeNull();
          return;
        }
        const lines: InputLine[] = s.lines.map((l, i) => ({
          id: `gid://shopify/CartLine/${i + 1}`,
          quantity: l.quantity,
          cost: { amountPerQuantity: { amount: l.price, currencyCode: s.currency } },
          merchandise: { id: variantGid(i + 1), product: { id: productGid(1) } },
        }));
        const got = Array.from(percentHundredths(lines, null, s.capped, p!));
        const expected = s.lines.map((l) => {
          const price = Q.of(l.price);
          if (!price.gt(new Q(0n))) return 0;
          if (l.cost === undefined) return s.capped;
          const rate = Q.of(s.rate);
          const mf = s.marginFloor;
          const floor = mf ? Q.maxOf(price.times(Q.of(String(mf.percentOfPrice))).over(Q.int(100)), Q.of(mf.min).times(rate)) : new Q(0n);
          const value = price.times(Q.int(l.quantity));
          const budget = price.minus(Q.of(l.cost).times(rate)).minus(floor).times(Q.int(l.quantity)).minus(new Q(1n, 10n ** BigInt(DIGITS[s.currency]!)));
          if (budget.le(new Q(0n))) return 0;
          const ratio = budget.times(Q.int(10_000)).over(value);
          return Math.min(s.capped, Number(ratio.n / ratio.d));
        });
        expect(got).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("orderDiscount", () => {
  const lineArb = fc.record({
    price: fc.oneof(decimal(300n, 2), decimal(10n ** 9n, 3), fc.constantFrom("0", "0.00", "abc")),
    cost: fc.option(fc.oneof(decimal(300n, 2), decimal(10n ** 6n, 4)), { nil: undefined }),
    quantity: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 100_000 }), fc.constant(0)),
    product: fc.integer({ min: 1, max: 4 }),
  });
  const scenario = fc.record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
    rate: fc.oneof(decimal(3n, 4), fc.constantFrom("1.0", "0.000001", "24500.123456789")),
    currency: fc.constantFrom("USD", "JPY", "KWD"),
    token: fc.oneof(decimal(500n, 2), decimal(10n ** 14n, 3)),
    maxFixed: decimal(1000n, 2),
    maxPercent: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(12.5)),
    excluded: fc.subarray([1, 2, 3, 4], { maxLength: 1 }),
    marginFloor: fc.option(fc.record({ percentOfPrice: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(7.5)), min: decimal(20n, 2) }), { nil: null }),
  });
  const DIGITS: Record<string, number> = { USD: 2, JPY: 0, KWD: 3 };

  it("is the first version's choice (exact fractions, stable sort by share, best suffix, longest on a tie)", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const costs = Object.fromEntries(s.lines.flatMap((l, i) => (l.cost === undefined ? [] : [[variantGid(i + 1), l.cost]])));
        const caps = parseConfig(config({ costs, marginFloor: s.marginFloor, maxPercent: s.maxPercent, excludedProductIds: s.excluded.map(productGid) }))!.caps;
        const p = pricing(caps, s.rate, s.currency)!;
        if (!p) return;
        const lines: InputLine[] = s.lines.map((l, i) => ({
          id: `gid://shopify/CartLine/${i + 1}`,
          quantity: l.quantity,
          cost: { amountPerQuantity: { amount: l.price, currencyCode: s.currency } },
          merchandise: { id: variantGid(i + 1), product: { id: productGid(l.product) } },
        }));
        const got = orderDiscount(lines, parseDecimal(s.token)!, parseDecimal(s.maxFixed)!, p);
        // The reference, with the test's own fractions.
        const rate = Q.of(s.rate);
        const unit = new Q(1n, 10n ** BigInt(DIGITS[s.currency]!));
        const rows = s.lines.flatMap((l, i) => {
          if (!/^\d+(\.\d+)?$/.test(l.price) || l.quantity <= 0 || s.excluded.includes(l.product)) return [];
          const price = Q.of(l.price);
          if (!price.gt(new Q(0n))) return [];
          const value = price.times(Q.int(l.quantity));
          if (l.cost === undefined) return [{ i, value, share: Q.int(1) }];
          const mf = s.marginFloor;
          const floor = mf ? Q.maxOf(price.times(Q.of(String(mf.percentOfPrice))).over(Q.int(100)), Q.of(mf.min).times(rate)) : new Q(0n);
          const budget = price.minus(Q.of(l.cost).times(rate)).minus(floor).times(Q.int(l.quantity)).minus(unit);
          if (budget.le(new Q(0n))) return [];
          const share = budget.over(value);
          return [{ i, value, share: share.le(Q.int(1)) ? share : Q.int(1) }];
        });
        rows.sort((a, b) => (a.share.le(b.share) ? (b.share.le(a.share) ? 0 : -1) : 1));
        let best: { units: bigint; from: number } | null = null;
        let subtotal = new Q(0n);
        const offered = Q.of(s.token).le(Q.of(s.maxFixed)) ? Q.of(s.token) : Q.of(s.maxFixed);
        for (let from = rows.length - 1; from >= 0; from--) {
          subtotal = subtotal.plus(rows[from]!.value);
          const candidates = [offered, subtotal.times(Q.of(String(s.maxPercent))).over(Q.int(100)), rows[from]!.share.times(subtotal)];
          const amount = candidates.reduce((a, b) => (a.le(b) ? a : b)).over(unit);
          const units = amount.n / amount.d;
          if (!best || units >= best.units) best = { units, from };
        }
        if (!best || best.units <= 0n) {
          expect(got).toBeNull();
          return;
        }
        expect(got?.minorUnits).toBe(best.units);
        const covered = new Set(rows.slice(best.from).map((r) => r.i));
        expect(Array.from(got!.covered)).toEqual(s.lines.map((_, i) => (covered.has(i) ? 1 : 0)));
      }),
      { numRuns: 2000 },
    );
  });
});

