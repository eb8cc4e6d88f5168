// Target cart.lines.discounts.generate.run: a verified `percentage` offer becomes product discounts
// on its target lines (each line its own capped percentage), a verified `fixed` offer an order
// discount. Anything in doubt: no discount.
import { cartCurrency, orderDiscount, percentCap, percentHundredths, pricing, type Pricing } from "./caps";
import type { CartLinesInput } from "./input";
import { resolveOffer, type ResolvedOffer } from "./offer";
import { noChanges, type CartLinesDiscountsGenerateRunResult } from "./output";
import { cmp, HUNDRED, isPositive, parseDecimal, toDecimalString, type Rational } from "./rational";
import type { OfferKind } from "./token";

// "at most 2 decimals" for a percentage (ADR 0005).
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

// Shopify rejects an output above 20 kB (carts up to 200 lines). 200 cart line ids alone take about
// 16 kB, so lines that share a percentage share a candidate, and if distinct margin-capped
// percentages still make the output too large they are floored to a coarser step (1%, 5%, 10%):
// rounding a discount down never breaks a cap.
const OUTPUT_LIMIT_BYTES = 20_000;
const STEPS_IN_HUNDREDTHS = [1, 100, 500, 1000];

// The JSON of a productDiscountsAdd result, piece by piece (what JSON.stringify writes for it):
//   {"operations":[{"productDiscountsAdd":{"selectionStrategy":"ALL","candidates":[C,…]}}]}
//   C = {"targets":[T,…],"value":{"percentage":{"value":"<percent>"}}}
//   T = {"cartLine":{"id":<id as JSON>}}
// Its length is computed rather than serialized: JSON.stringify is among the costliest calls in
// QuickJS. With a comma counted after every target, it is
//   RESULT + Σ targets (TARGET + id + 1) + Σ candidates (CANDIDATE + percent) − 1
// (each candidate's last target has no comma, and the candidates but the last have one).
const RESULT_JSON = '{"operations":[{"productDiscountsAdd":{"selectionStrategy":"ALL","candidates":[]}}]}'.length;
const CANDIDATE_JSON = '{"targets":[],"value":{"percentage":{"value":""}}}'.length;
const TARGET_JSON = '{"cartLine":{"id":}}'.length;

function formatHundredths(h: number): string {
  const whole = (h - (h % 100)) / 100;
  const fraction = h % 100;
  if (fraction === 0) return String(whole);
  return fraction % 10 === 0 ? `${whole}.${fraction / 10}` : `${whole}.${fraction < 10 ? "0" : ""}${fraction}`;
}

/**
 * The product discounts for each line's percentage in hundredths (0: none): lines that share a
 * percentage share a candidate, in the order the percentages first appear (line order within), and
 * the percentages are floored to the first step that keeps the output under the limit.
 */
export function percentageResult(lines: ReadonlyArray<{ id: string }>, hundredths: Int32Array): CartLinesDiscountsGenerateRunResult {
  const n = lines.length;
  // Group the lines by percentage (a cart usually has one or two).
  const groupOf = Object.create(null) as Record<number, number>;
  const percents: number[] = [];
  /** Per group: Σ (TARGET + JSON id + 1) over its lines, ids taken as needing no escape. */
  const targetsJson = new Int32Array(n);
  const lineGroup = new Int32Array(n);
  const ids = new Array<string>(n);
  let lastPercent = 0;
  let lastGroup = -1;
  let idChars = 0;
  let targetCount = 0;
  for (let i = 0; i < n; i++) {
    const h = hundredths[i]!;
    lineGroup[i] = -1;
    if (h <= 0) continue;
    const id = lines[i]!.id;
    ids[i] = id;
    let g = lastGroup;
    if (h !== lastPercent) {
      const known = groupOf[h];
      if (known === undefined) {
        g = percents.length;
        groupOf[h] = g;
        percents.push(h);
      } else {
        g = known;
      }
      lastPercent = h;
      lastGroup = g;
    }
    lineGroup[i] = g;
    targetsJson[g] = targetsJson[g]! + TARGET_JSON + id.length + 3;
    idChars += id.length;
    targetCount++;
  }
  if (targetCount === 0) return noChanges();
  // An id's JSON is id.length + 2 unless a character needs escaping (at most 6 for one). When even
  // that bound keeps the output under the limit, the computed length may be short but the step-1
  // decision is the same; otherwise the escapes are counted exactly.
  const bound = RESULT_JSON + targetCount * (TARGET_JSON + 3) + 6 * idChars + percents.length * (CANDIDATE_JSON + 6);
  if (bound >= OUTPUT_LIMIT_BYTES) countEscapes(ids, lineGroup, targetsJson, idChars, targetCount);
  const candidateOf = new Int32Array(percents.length);
  for (const step of STEPS_IN_HUNDREDTHS) {
    // Groups whose floored percentages coincide share a candidate, in order of first appearance.
    const candidateAt = Object.create(null) as Record<number, number>;
    const floors: number[] = [];
    let length = RESULT_JSON - 1;
    for (let g = 0; g < percents.length; g++) {
      const h = percents[g]! - (percents[g]! % step);
      candidateOf[g] = -1;
      if (h <= 0) continue;
      let c = candidateAt[h];
      if (c === undefined) {
        c = floors.length;
        candidateAt[h] = c;
        floors.push(h);
        length += CANDIDATE_JSON + formatHundredths(h).length;
      }
      candidateOf[g] = c;
      length += targetsJson[g]!;
    }
    if (floors.length === 0) return noChanges();
    if (length < OUTPUT_LIMIT_BYTES) return candidatesFor(ids, lineGroup, candidateOf, floors);
  }
  return noChanges();
}

/** Corrects `targetsJson` for ids whose JSON is longer than id.length + 2 (JSON.stringify once). */
function countEscapes(ids: string[], lineGroup: Int32Array, targetsJson: Int32Array, idChars: number, targetCount: number): void {
  const listed: string[] = [];
  for (let i = 0; i < ids.length; i++) if (lineGroup[i]! >= 0) listed.push(ids[i]!);
  // Joined by spaces (never escaped, and no surrogate pair can form across one): the JSON of the
  // joined ids is longer than the ids and the quotes exactly by their escapes.
  if (JSON.stringify(listed.join(" ")).length === idChars + targetCount - 1 + 2) return;
  for (let i = 0; i < ids.length; i++) {
    const g = lineGroup[i]!;
    if (g >= 0) targetsJson[g] = targetsJson[g]! + JSON.stringify(ids[i]).length - ids[i]!.length - 2;
  }
}

function candidatesFor(ids: readonly string[], lineGroup: Int32Array, candidateOf: Int32Array, floors: readonly number[]): CartLinesDiscountsGenerateRunResult {
  const targets: Array<Array<{ cartLine: { id: string } }>> = new Array(floors.length);
  for (let c = 0; c < floors.length; c++) targets[c] = [];
  for (let i = 0; i < ids.length; i++) {
    const g = lineGroup[i]!;
    if (g < 0) continue;
    const c = candidateOf[g]!;
    if (c >= 0) targets[c]!.push({ cartLine: { id: ids[i]! } });
  }
  const candidates = new Array<{ targets: Array<{ cartLine: { id: string } }>; value: { percentage: { value: string } } }>(floors.length);
  for (let c = 0; c < floors.length; c++) candidates[c] = { targets: targets[c]!, value: { percentage: { value: formatHundredths(floors[c]!) } } };
  return { operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates } }] };
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
  for (let i = 0; i < lines.length; i++) if (order.covered[i] !== 1) excludedCartLineIds.push(lines[i]!.id);
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
  const currency = cartCurrency(input.cart.lines);
  const p = currency ? pricing(resolved.config.caps, input.presentmentCurrencyRate, currency) : null;
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
