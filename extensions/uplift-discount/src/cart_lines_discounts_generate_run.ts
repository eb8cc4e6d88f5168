// Target cart.lines.discounts.generate.run: a verified `percentage` offer becomes product discounts
// on its target lines (each line its own capped percentage), a verified `fixed` offer an order
// discount. Anything in doubt: no discount.
import { cartCurrency, isEligible, orderAmount, percentHundredths, pricing, toLines, type Pricing } from "./caps";
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

function formatHundredths(h: number): string {
  const fraction = String(h % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${Math.floor(h / 100)}.${fraction}` : String(Math.floor(h / 100));
}

function groupedByPercent(lines: Array<{ id: string; hundredths: number }>, step: number): CartLinesDiscountsGenerateRunResult {
  const groups = new Map<number, string[]>();
  for (const line of lines) {
    const h = Math.floor(line.hundredths / step) * step;
    if (h <= 0) continue;
    const ids = groups.get(h);
    if (ids) ids.push(line.id);
    else groups.set(h, [line.id]);
  }
  if (groups.size === 0) return noChanges();
  const candidates = [...groups].map(([h, ids]) => ({
    targets: ids.map((id) => ({ cartLine: { id } })),
    value: { percentage: { value: formatHundredths(h) } },
  }));
  return { operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates } }] };
}

function percentageOperations(input: CartLinesInput, { token, targets }: ResolvedOffer, p: Pricing): CartLinesDiscountsGenerateRunResult {
  const percent = PERCENT.test(token.value) ? parseDecimal(token.value) : null;
  if (!percent || !isPositive(percent) || cmp(percent, HUNDRED) > 0) return noChanges();
  const lines: Array<{ id: string; hundredths: number }> = [];
  const cartLines = toLines(input.cart.lines);
  const hundredthsOf = percentHundredths(percent, p);
  for (let i = 0; i < cartLines.length; i++) {
    const line = cartLines[i]!;
    if ((targets !== null && !targets[i]) || !isEligible(line, p.caps)) continue;
    lines.push({ id: line.id, hundredths: hundredthsOf(line) });
  }
  for (const step of STEPS_IN_HUNDREDTHS) {
    const result = groupedByPercent(lines, step);
    if (JSON.stringify(result).length < OUTPUT_LIMIT_BYTES) return result;
  }
  return noChanges();
}

function fixedOperations(input: CartLinesInput, { token }: ResolvedOffer, p: Pricing, currency: string): CartLinesDiscountsGenerateRunResult {
  // A fixed amount is money in one currency: a shopper who switched currency after accepting gets nothing.
  const maxFixed: Rational | undefined = p.caps.maxFixed.get(currency);
  const amount = parseDecimal(token.value);
  if (token.cur !== currency || !maxFixed || !amount || !isPositive(amount)) return noChanges();
  const lines = toLines(input.cart.lines);
  // A fixed offer carries no targets (ADR 0005): the config decides which lines it covers.
  const order = orderAmount(lines.filter((l) => isEligible(l, p.caps)), amount, maxFixed, p);
  if (!order) return noChanges();
  const covered = new Set(order.lines.map((l) => l.id));
  const excludedCartLineIds = lines.filter((l) => !covered.has(l.id)).map((l) => l.id);
  return {
    operations: [
      {
        orderDiscountsAdd: {
          selectionStrategy: "FIRST",
          candidates: [{ targets: [{ orderSubtotal: { excludedCartLineIds } }], value: { fixedAmount: { amount: toDecimalString(order.amount, p.digits) } } }],
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
