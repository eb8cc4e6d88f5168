// The per-line caps in Numbers (src/decimal.ts, percentHundredths in src/caps.ts) against exact
// fractions (exact.ts), over amounts, scales and rates wide enough to reach both the Number path and
// its BigInt fallback: the margin floor must come out the same to the hundredth of a percent.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderDiscount, percentHundredths, pricing } from "../src/caps";
import { parseConfig } from "../src/config";
import { readCheckedDecimal, readDecimal, type DecimalParts } from "../src/decimal";
import type { InputLine } from "../src/input";
import { parseDecimal } from "../src/rational";
import { config, inputLine, productGid, variantGid } from "./builders";
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

describe("readCheckedDecimal (for the config's unit costs, checked when the config is parsed)", () => {
  it("reads every decimal of the config's language as readDecimal does", () => {
    fc.assert(
      fc.property(fc.oneof(decimal(10n ** 18n - 1n, 12), decimal(10_000n, 3), fc.constantFrom("0", "00", "007", "0.0", "1.000000000000", "123456789012345", "1234567890123456", "0000000000000000.0")), (t) => {
        const strict: DecimalParts = { mantissa: 0, scale: 0 };
        const checked: DecimalParts = { mantissa: 0, scale: 0 };
        expect(readDecimal(t, strict)).toBe(true);
        readCheckedDecimal(t, checked);
        expect(checked).toEqual(strict);
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
        const lines: InputLine[] = s.lines.map((l, i) => inputLine(`gid://shopify/CartLine/${i + 1}`, variantGid(i + 1), productGid(1), l.quantity, l.price));
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
        const lines: InputLine[] = s.lines.map((l, i) => inputLine(`gid://shopify/CartLine/${i + 1}`, variantGid(i + 1), productGid(l.product), l.quantity, l.price));
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

describe("which lines a discount may touch", () => {
  // percentHundredths inlines the checks orderDiscount calls (a call per line costs as much as the
  // checks in QuickJS): both must touch exactly the lines this independent reading allows. One
  // difference is by design: a percentage on a line without a unit cost only needs a price above
  // zero, so it does not read the price exactly, and text that is no decimal at all but starts with
  // 1–9 ("5.", "1e3") passes there. Shopify sends prices as decimals; only the decimals are compared.
  const line = fc.record({
    variant: fc.oneof(fc.integer({ min: 1, max: 6 }).map(variantGid), fc.constantFrom("", undefined, 7)),
    product: fc.oneof(fc.integer({ min: 1, max: 4 }).map(productGid), fc.constantFrom("", undefined)),
    quantity: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom(1.5, 2 ** 31, Number.NaN, "2")),
    price: fc.oneof(decimal(300n, 2), fc.constantFrom("0", "0.00", "0.50", "0.001", "00.10", "1", "9.99", "abc", "", " 5", "-1", ".5", "5.", "1e3", "Infinity", undefined)),
  });
  const scenario = fc.record({
    lines: fc.array(line, { minLength: 1, maxLength: 10 }),
    excludedVariants: fc.subarray([1, 2, 3, 4, 5, 6]),
    excludedProducts: fc.subarray([1, 2, 3, 4]),
    eligible: fc.option(fc.subarray([1, 2, 3, 4]), { nil: null }),
  });

  it("percentHundredths and orderDiscount touch the same lines, those a plain reading of the caps allows", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const caps = parseConfig(
          config({ maxPercent: 100, marginFloor: null, excludedVariantIds: s.excludedVariants.map(variantGid), excludedProductIds: s.excludedProducts.map(productGid), eligibleProductIds: s.eligible && s.eligible.map(productGid) }),
        )!.caps;
        const p = pricing(caps, "1.0", "USD")!;
        const lines = s.lines.map((l, i) => ({ i: `gid://shopify/CartLine/${i + 1}`, q: l.quantity, c: { u: { a: l.price } }, m: { i: l.variant, p: l.product === undefined ? undefined : { i: l.product } } })) as unknown as InputLine[];
        const allowed = s.lines.map((l) => {
          if (typeof l.variant !== "string" || l.variant === "" || typeof l.product !== "string" || l.product === "") return false;
          if (typeof l.quantity !== "number" || !Number.isInteger(l.quantity) || l.quantity <= 0 || l.quantity >= 2 ** 31) return false;
          if (s.excludedVariants.map(variantGid).includes(l.variant) || s.excludedProducts.map(productGid).includes(l.product)) return false;
          if (s.eligible && !s.eligible.map(productGid).includes(l.product)) return false;
          return typeof l.price === "string" && /^\d+(\.\d+)?$/.test(l.price) && Q.of(l.price).gt(new Q(0n));
        });
        const decimalPrice = s.lines.map((l) => typeof l.price === "string" && /^\d+(\.\d+)?$/.test(l.price));
        const percentage = Array.from(percentHundredths(lines, null, 1000, p)).map((h) => h > 0);
        expect(percentage.filter((_, i) => decimalPrice[i])).toEqual(allowed.filter((_, i) => decimalPrice[i]));
        const order = orderDiscount(lines, parseDecimal("1000000")!, parseDecimal("1000000")!, p);
        if (order !== null) expect(Array.from(order.covered).map((c) => c === 1)).toEqual(allowed);
        else {
          // No order discount at all: the lines allowed are worth less than a cent together.
          const worth = s.lines.reduce((sum, l, i) => (allowed[i] ? sum.plus(Q.of(l.price!).times(Q.int(l.quantity as number))) : sum), new Q(0n));
          expect(new Q(1n, 100n).gt(worth)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
