// Target cart.lines.discounts.generate.run: a verified `percentage` offer becomes product discounts
// on its target lines (each line its own capped percentage), a verified `fixed` offer an order
// discount. Anything in doubt: no discount.
import { orderDiscount, percentCap, percentHundredths, pricing, type Pricing } from "./caps";
import type { CartLinesInput } from "./input";
import { resolveOffer, type ResolvedOffer } from "./offer";
import { noChanges, type CartLinesDiscountsGenerateRunResult } from "./output";
import { cmp, HUNDRED, isPositive, parseDecimal, toDecimalString, type Rational } from "./rational";
import type { OfferKind } from "./token";

// "at most 2 decimals" for a percentage (ADR 0005).
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;

// Shopify rejects an output above 20 kB (carts up to 200 lines). 200 cart line ids alone take about
// 16 kB, so lines that share a percentage share a candidate, and if distinct margin-capped
// percentages still make the output too large they are floored to a coarser step (1%, 5%, 10%):
// rounding a discount down never breaks a cap.
const OUTPUT_LIMIT_BYTES = 20_000;
const STEPS_IN_HUNDREDTHS = [1, 100, 500, 1000];

// The JSON of a productDiscountsAdd result, piece by piece (what JSON.stringify writes for it):
//   {"operations":[{"productDiscountsAdd":{"selectionStrategy":"ALL","candidates":[C,…]}}]}
//   C = {"targets":[T,…],"value":{"percentage":{"value":"<percent>"}}}
//   T = {"cartLine":{"id":"<id>"}}
// Its length is computed rather than serialized: JSON.stringify is among the costliest calls in
// QuickJS (a 200-target result costs some 4M Wasm instructions, as much as the rest of a run). With
// a comma counted after every target, it is
//   RESULT + Σ targets (TARGET + id + 1) + Σ candidates (CANDIDATE + percent) − 1
// (each candidate's last target has no comma, and the candidates but the last have one).
// An id is counted as its length: cart line ids are Shopify GIDs (ASCII letters, digits and
// ":/-"), none of which JSON escapes. Were one to need escaping, the output could come out longer
// than computed, and Shopify would reject it: no discount, as for anything else in doubt.
const RESULT_JSON = '{"operations":[{"productDiscountsAdd":{"selectionStrategy":"ALL","candidates":[]}}]}'.length;
const CANDIDATE_JSON = '{"targets":[],"value":{"percentage":{"value":""}}}'.length;
const TARGET_JSON = '{"cartLine":{"id":""}}'.length;

type Target = { cartLine: { id: string } };
type Candidate = { targets: Target[]; value: { percentage: { value: string } } };

function formatHundredths(h: number): string {
  const whole = (h - (h % 100)) / 100;
  const fraction = h % 100;
  if (fraction === 0) return String(whole);
  return fraction % 10 === 0 ? `${whole}.${fraction / 10}` : `${whole}.${fraction < 10 ? "0" : ""}${fraction}`;
}

const result = (candidates: Candidate[]): CartLinesDiscountsGenerateRunResult => ({
  operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates } }],
});

/**
 * The product discounts for each line's percentage in hundredths (0: none): lines that share a
 * percentage share a candidate, in the order the percentages first appear (line order within), and
 * the percentages are floored to the first step that keeps the output under the limit.
 */
export function percentageResult(lines: ReadonlyArray<{ i: string }>, hundredths: Int32Array): CartLinesDiscountsGenerateRunResult {
  // Step 1 (the percentages as they are) in one pass, building the output as it goes: a cart
  // usually has one or two percentages, and fits.
  const n = lines.length;
  const candidateOf = Object.create(null) as Record<number, Candidate | undefined>;
  const candidates: Candidate[] = [];
  let length = RESULT_JSON - 1;
  let lastPercent = 0;
  let last: Candidate | null = null;
  for (let i = 0; i < n; i++) {
    const h = hundredths[i]!;
    if (h <= 0) continue;
    if (h !== lastPercent) {
      let c = candidateOf[h];
      if (c === undefined) {
        const value = formatHundredths(h);
        c = { targets: [], value: { percentage: { value } } };
        candidateOf[h] = c;
        candidates.push(c);
        length += CANDIDATE_JSON + value.length;
      }
      lastPercent = h;
      last = c;
    }
    const id = lines[i]!.i;
    last!.targets.push({ cartLine: { id } });
    length += TARGET_JSON + id.length + 1;
  }
  if (candidates.length === 0) return noChanges();
  if (length < OUTPUT_LIMIT_BYTES) return result(candidates);
  return coarser(lines, hundredths);
}

/** The output at the first step above 1 that fits (rare: many lines with distinct margin caps). */
function coarser(lines: ReadonlyArray<{ i: string }>, hundredths: Int32Array): CartLinesDiscountsGenerateRunResult {
  for (let s = 1; s < STEPS_IN_HUNDREDTHS.length; s++) {
    const step = STEPS_IN_HUNDREDTHS[s]!;
    const candidateOf = new Map<number, Candidate>();
    let length = RESULT_JSON - 1;
    for (let i = 0; i < lines.length; i++) {
      const h = hundredths[i]! - (hundredths[i]! % step);
      if (h <= 0) continue;
      let c = candidateOf.get(h);
      if (c === undefined) {
        const value = formatHundredths(h);
        c = { targets: [], value: { percentage: { value } } };
        candidateOf.set(h, c);
        length += CANDIDATE_JSON + value.length;
      }
      c.targets.push({ cartLine: { id: lines[i]!.i } });
      length += TARGET_JSON + lines[i]!.i.length + 1;
    }
    if (candidateOf.size === 0) return noChanges();
    if (length < OUTPUT_LIMIT_BYTES) return result([...candidateOf.values()]);
  }
  return noChanges();
}

function percentageOperations(input: CartLinesInput, { token, targets }: ResolvedOffer, p: Pricing): CartLinesDiscountsGenerateRunResult {
  const percent = PERCENT.test(token.value) ? parseDecimal(token.value) : null;
  if (!percent || !isPositive(percent) || cmp(percent, HUNDRED) > 0) return noChanges();
  const lines = input.cart.lines;
  return percentageResult(lines, percentHundredths(lines, targets, percentCap(percent, p), p));
}

function fixedOperations(input: CartLinesInput, { token }: ResolvedOffer, p: Pricing, currency: string): CartLinesDiscountsGenerateRunResult {
  // A fixed amount is money in one currency: a shopper who switched currency after accepting gets nothing.
  const maxFixed: Rational | undefined = p.caps.maxFixed.get(currency);
  const amount = parseDecimal(token.value);
  if (token.cur !== currency || !maxFixed || !amount || !isPositive(amount)) return noChanges();
  const lines = input.cart.lines;
  // A fixed offer carries no targets (ADR 0005): the config decides which lines it covers.
  const order = orderDiscount(lines, amount, maxFixed, p);
  if (!order) return noChanges();
  const excludedCartLineIds: string[] = [];
  for (let i = 0; i < lines.length; i++) if (order.covered[i] !== 1) excludedCartLineIds.push(lines[i]!.i);
  const minorUnits: Rational = { n: order.minorUnits, d: 10n ** BigInt(p.digits) };
  return {
    operations: [
      {
        orderDiscountsAdd: {
          selectionStrategy: "FIRST",
          candidates: [{ targets: [{ orderSubtotal: { excludedCartLineIds } }], value: { fixedAmount: { amount: toDecimalString(minorUnits, p.digits) } } }],
        },
      },
    ],
  };
}

function run(input: CartLinesInput): CartLinesDiscountsGenerateRunResult {
  const classes = input.discount.discountClasses;
  const kinds: OfferKind[] = [];
  if (classes.includes("PRODUCT")) kinds.push("percentage");
  if (classes.includes("ORDER")) kinds.push("fixed");
  const resolved = resolveOffer(input, kinds);
  if (!resolved) return noChanges();
  // Shopify prices every line of a cart in its presentment currency.
  const currency = input.cart.cost?.totalAmount.currencyCode;
  const p = typeof currency === "string" && CURRENCY.test(currency) ? pricing(resolved.config.caps, input.presentmentCurrencyRate, currency) : null;
  if (!currency || !p) return noChanges();
  if (resolved.token.kind === "percentage") return percentageOperations(input, resolved, p);
  return fixedOperations(input, resolved, p, currency);
}

export function cartLinesDiscountsGenerateRun(input: CartLinesInput): CartLinesDiscountsGenerateRunResult {
  // A Function that throws blocks nothing and only logs; returning no discount is the same outcome,
  // stated on purpose.
  try {
    return run(input);
  } catch {
    return noChanges();
  }
}
