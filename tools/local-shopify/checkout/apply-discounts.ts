import type { AppDiscount, DiscountAllocation, DiscountApplication, DiscountClass } from "../model";
import { amount } from "../money";
import type { CartLineState, SimCart } from "./cart";
import { allocate, centsDown, compare, formatDecimal, isNegative, parseDecimal, percentOf, type Decimal } from "./decimal";

// Turns the operations Discount Functions returned into discount applications and per-line
// allocations, as Shopify does for the operations modelled here:
// - only operations of a class the discount has (discountClasses) apply; others are ignored;
// - product discounts first, then order discounts on what is left of the lines, then shipping;
// - every allocation is in cents, rounded down, and never more than what is left of its line;
//   a fixed amount or order discount spread over several lines is split in proportion to what is
//   left of each, rounded down with the leftover cents on the largest remainders, so it adds up.
// What Shopify would decide between competing discounts (two product discounts on one line,
// discounts that do not combine) is not modelled: it throws instead of guessing.

export type DiscountRun = { discount: AppDiscount; label: string; operations: Record<string, unknown>[] };

export type PricedCart = {
  applications: DiscountApplication[];
  lineAllocations: Map<string, DiscountAllocation[]>; // by cart line id
  shippingAllocations: DiscountAllocation[];
};

type Obj = Record<string, unknown>;
type Applied = {
  discount: AppDiscount;
  cls: DiscountClass;
  application: Omit<DiscountApplication, "type" | "title">;
  lines: Map<string, number>; // cart line id → cents
  shipping: number;
};

const CLASS_OF: Record<string, DiscountClass> = { productDiscountsAdd: "PRODUCT", orderDiscountsAdd: "ORDER", deliveryDiscountsAdd: "SHIPPING" };
const COMBINES_KEY = { PRODUCT: "productDiscounts", ORDER: "orderDiscounts", SHIPPING: "shippingDiscounts" } as const;

function notModelled(at: string, what: string): Error {
  return new Error(`local Shopify checkout: ${at}: ${what} is not modelled`);
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? (value as Obj[]) : [];
}

// The one member of a @oneOf input object (coercion has checked there is exactly one).
function oneOf(value: unknown): [string, Obj] {
  const [entry] = Object.entries(value as Obj);
  return [entry?.[0] ?? "", (entry?.[1] ?? {}) as Obj];
}

function percentage(raw: unknown, at: string): Decimal {
  const p = parseDecimal(raw, at);
  if (isNegative(p) || compare(p, 100) > 0) throw new Error(`Function output: ${at} must be >= 0 and <= 100`);
  return p;
}

function fixedAmount(raw: unknown, at: string): Decimal {
  const a = parseDecimal(raw, at);
  if (isNegative(a)) throw new Error(`Function output: ${at} must be >= 0`);
  return a;
}

type State = { cart: SimCart; remaining: Map<string, number>; productLines: Set<string>; shippingRemaining: number; shippingDiscounted: boolean };

function line(s: State, id: unknown, at: string): CartLineState {
  const found = s.cart.lines.find((l) => l.id === id);
  if (!found) throw new Error(`Function output: ${at} names no line of this cart: ${String(id)}`);
  return found;
}

// A product candidate's allocations against what is left of each line.
function productCandidate(s: State, c: Obj, at: string): { lines: Map<string, number>; application: Applied["application"] } {
  if (list(c.prerequisites).length > 0) throw notModelled(`${at}.prerequisites`, "a prerequisite cart line");
  if (c.associatedDiscountCode) throw notModelled(`${at}.associatedDiscountCode`, "a discount code");
  // Targets naming the same line are one target with their quantities added (null if any is null).
  const targets = new Map<string, number | null>();
  list(c.targets).forEach((t, i) => {
    const [kind, target] = oneOf(t);
    if (kind !== "cartLine") throw notModelled(`${at}.targets.${i}`, kind);
    const l = line(s, target.id, `${at}.targets.${i}.cartLine.id`);
    const q = (target.quantity as number | null | undefined) ?? null;
    if (q !== null && q <= 0) throw new Error(`Function output: ${at}.targets.${i}.cartLine.quantity must be > 0`);
    if (!targets.has(l.id)) targets.set(l.id, q);
    else {
      const before = targets.get(l.id) ?? null;
      targets.set(l.id, before === null || q === null ? null : before + q);
    }
  });
  const rows = [...targets].map(([id, q]) => {
    const l = line(s, id, at);
    const quantity = q === null ? l.quantity : Math.min(q, l.quantity);
    return { id, quantity, base: Math.min(l.unitCents * quantity, s.remaining.get(id) ?? 0), full: l.unitCents * quantity };
  });
  const [kind, value] = oneOf(c.value);
  const lines = new Map<string, number>();
  if (kind === "percentage") {
    const p = percentage(value.value, `${at}.value.percentage.value`);
    for (const r of rows) lines.set(r.id, Math.min(percentOf(r.full, p), r.base));
    return { lines, application: { value: formatDecimal(p), valueType: "percentage", allocationMethod: "across", targetSelection: "entitled", targetType: "line_item", appliedTo: "line" } };
  }
  const a = fixedAmount(value.amount, `${at}.value.fixedAmount.amount`);
  const each = value.appliesToEachItem === true;
  if (each) for (const r of rows) lines.set(r.id, Math.min(centsDown(a) * r.quantity, r.base));
  else {
    const bases = rows.map((r) => r.base);
    const shares = allocate(Math.min(centsDown(a), bases.reduce((x, y) => x + y, 0)), bases);
    rows.forEach((r, i) => lines.set(r.id, shares[i] ?? 0));
  }
  return { lines, application: { value: formatDecimal(a), valueType: "fixed_amount", allocationMethod: each ? "each" : "across", targetSelection: "entitled", targetType: "line_item", appliedTo: "line" } };
}

const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);

function productOperation(s: State, discount: AppDiscount, op: Obj, at: string): Applied[] {
  const evaluated = list(op.candidates).map((c, i) => productCandidate(s, c, `${at}.candidates.${i}`));
  const strategy = op.selectionStrategy as "FIRST" | "MAXIMUM" | "ALL";
  const chosen =
    strategy === "ALL" ? evaluated
    : strategy === "MAXIMUM" ? evaluated.reduce<typeof evaluated>((best, e) => (best[0] && total(best[0].lines) >= total(e.lines) ? best : [e]), [])
    : evaluated.slice(0, 1);
  return chosen.map((e) => {
    for (const [id, cents] of e.lines) {
      if (cents <= 0) continue;
      if (s.productLines.has(id)) throw notModelled(at, `more than one product discount on cart line ${id}`);
      s.productLines.add(id);
      s.remaining.set(id, (s.remaining.get(id) ?? 0) - cents);
    }
    return { discount, cls: "PRODUCT", application: e.application, lines: e.lines, shipping: 0 };
  });
}

// Assumption: minimum subtotals are measured on the lines' prices before discounts, the cost the
// Function itself saw.
function conditionsMet(s: State, conditions: Obj[], at: string): boolean {
  return conditions.every((condition, i) => {
    const [kind, c] = oneOf(condition);
    const where = `${at}.conditions.${i}.${kind}`;
    const ids = (xs: unknown) => (Array.isArray(xs) ? (xs as unknown[]) : []).map((id) => line(s, id, where).id);
    const subtotal = (lines: CartLineState[]) => lines.reduce((sum, l) => sum + l.unitCents * l.quantity, 0);
    if (kind === "orderMinimumSubtotal") {
      const excluded = new Set(ids(c.excludedCartLineIds));
      return subtotal(s.cart.lines.filter((l) => !excluded.has(l.id))) >= centsDown(fixedAmount(c.minimumAmount, `${where}.minimumAmount`));
    }
    const chosen = s.cart.lines.filter((l) => ids(c.ids).includes(l.id));
    if (kind === "cartLineMinimumSubtotal") return subtotal(chosen) >= centsDown(fixedAmount(c.minimumAmount, `${where}.minimumAmount`));
    if (kind === "cartLineMinimumQuantity") return chosen.reduce((q, l) => q + l.quantity, 0) >= Number(c.minimumQuantity);
    throw notModelled(where, `condition ${kind}`);
  });
}

function orderCandidate(s: State, c: Obj, at: string): { lines: Map<string, number>; application: Applied["application"] } | null {
  if (c.associatedDiscountCode) throw notModelled(`${at}.associatedDiscountCode`, "a discount code");
  const targets = list(c.targets);
  if (targets.length !== 1) throw notModelled(`${at}.targets`, `${targets.length} order subtotal targets`);
  const [, target] = oneOf(targets[0]);
  const excluded = new Set((target.excludedCartLineIds as unknown[]).map((id) => line(s, id, `${at}.targets.0.orderSubtotal.excludedCartLineIds`).id));
  if (!conditionsMet(s, list(c.conditions), at)) return null;
  const eligible = s.cart.lines.filter((l) => !excluded.has(l.id));
  const weights = eligible.map((l) => s.remaining.get(l.id) ?? 0);
  const base = weights.reduce((x, y) => x + y, 0);
  const [kind, value] = oneOf(c.value);
  const p = kind === "percentage" ? percentage(value.value, `${at}.value.percentage.value`) : null;
  const a = kind === "fixedAmount" ? fixedAmount(value.amount, `${at}.value.fixedAmount.amount`) : null;
  const reduction = p ? percentOf(base, p) : Math.min(centsDown(a!), base);
  const shares = allocate(reduction, weights);
  const lines = new Map(eligible.map((l, i) => [l.id, shares[i] ?? 0]));
  return {
    lines,
    application: {
      value: formatDecimal(p ?? a!),
      valueType: p ? "percentage" : "fixed_amount",
      allocationMethod: "across",
      targetSelection: excluded.size > 0 ? "entitled" : "all",
      targetType: "line_item",
      appliedTo: "order",
    },
  };
}

function orderOperation(s: State, discount: AppDiscount, op: Obj, at: string): Applied[] {
  const evaluated = list(op.candidates).flatMap((c, i) => orderCandidate(s, c, `${at}.candidates.${i}`) ?? []);
  const chosen =
    op.selectionStrategy === "MAXIMUM"
      ? evaluated.reduce<typeof evaluated>((best, e) => (best[0] && total(best[0].lines) >= total(e.lines) ? best : [e]), [])
      : evaluated.slice(0, 1);
  return chosen.map((e) => {
    for (const [id, cents] of e.lines) s.remaining.set(id, (s.remaining.get(id) ?? 0) - cents);
    return { discount, cls: "ORDER", application: e.application, lines: e.lines, shipping: 0 };
  });
}

// Only the selected delivery option is charged, so only a candidate covering it changes the order.
function deliveryOperation(s: State, discount: AppDiscount, op: Obj, at: string): Applied[] {
  const group = s.cart.deliveryGroup;
  return list(op.candidates).flatMap((c, i): Applied[] => {
    const where = `${at}.candidates.${i}`;
    if (c.associatedDiscountCode) throw notModelled(`${where}.associatedDiscountCode`, "a discount code");
    const covers = list(c.targets).some((t, j) => {
      const [kind, target] = oneOf(t);
      if (kind === "deliveryGroup") {
        if (target.id !== group.id) throw new Error(`Function output: ${where}.targets.${j}.deliveryGroup.id names no delivery group of this cart: ${String(target.id)}`);
        return true;
      }
      if (!group.options.some((o) => o.handle === target.handle))
        throw new Error(`Function output: ${where}.targets.${j}.deliveryOption.handle names no delivery option of this cart: ${String(target.handle)}`);
      return target.handle === group.selected.handle;
    });
    if (!covers) return [];
    if (s.shippingDiscounted) throw notModelled(where, "more than one discount on the selected delivery option");
    const [kind, value] = oneOf(c.value);
    const p = kind === "percentage" ? percentage(value.value, `${where}.value.percentage.value`) : null;
    const a = kind === "fixedAmount" ? fixedAmount(value.amount, `${where}.value.fixedAmount.amount`) : null;
    const cents = Math.min(p ? percentOf(group.selected.costCents, p) : centsDown(a!), s.shippingRemaining);
    s.shippingDiscounted = true;
    s.shippingRemaining -= cents;
    return [{
      discount,
      cls: "SHIPPING",
      application: { value: formatDecimal(p ?? a!), valueType: p ? "percentage" : "fixed_amount", allocationMethod: "each", targetSelection: "all", targetType: "shipping_line", appliedTo: "order" },
      lines: new Map(),
      shipping: cents,
    }];
  });
}

function checkCombinations(applied: Applied[]): void {
  const classes = new Map<AppDiscount, Set<DiscountClass>>();
  for (const a of applied) classes.set(a.discount, (classes.get(a.discount) ?? new Set()).add(a.cls));
  const discounts = [...classes.keys()];
  discounts.forEach((x, i) =>
    discounts.slice(i + 1).forEach((y) => {
      for (const cx of classes.get(x) ?? []) {
        for (const cy of classes.get(y) ?? []) {
          if (!x.combinesWith[COMBINES_KEY[cy]] || !y.combinesWith[COMBINES_KEY[cx]])
            throw notModelled(`discounts "${x.title}" (${cx}) and "${y.title}" (${cy})`, "choosing between discounts that do not combine");
        }
      }
    }),
  );
}

export function applyDiscounts(cart: SimCart, runs: readonly DiscountRun[]): PricedCart {
  const s: State = {
    cart,
    remaining: new Map(cart.lines.map((l) => [l.id, l.unitCents * l.quantity])),
    productLines: new Set(),
    shippingRemaining: cart.deliveryGroup.selected.costCents,
    shippingDiscounted: false,
  };
  const byClass: Record<DiscountClass, { discount: AppDiscount; op: Obj; at: string }[]> = { PRODUCT: [], ORDER: [], SHIPPING: [] };
  for (const run of runs) {
    run.operations.forEach((operation, i) => {
      const [kind, op] = oneOf(operation);
      const at = `${run.label} operations.${i}.${kind}`;
      const cls = CLASS_OF[kind];
      if (cls) {
        if (run.discount.discountClasses.includes(cls)) byClass[cls].push({ discount: run.discount, op, at });
        return;
      }
      // No codes are entered at this checkout, so accepting or rejecting none changes nothing.
      if ((kind === "enteredDiscountCodesAccept" || kind === "enteredDiscountCodesReject") && list(op.codes).length === 0) return;
      throw notModelled(at, `operation ${kind}`);
    });
  }
  const applied = [
    ...byClass.PRODUCT.flatMap((x) => productOperation(s, x.discount, x.op, x.at)),
    ...byClass.ORDER.flatMap((x) => orderOperation(s, x.discount, x.op, x.at)),
    ...byClass.SHIPPING.flatMap((x) => deliveryOperation(s, x.discount, x.op, x.at)),
  ].filter((a) => total(a.lines) + a.shipping > 0);
  checkCombinations(applied);

  const priced: PricedCart = { applications: [], lineAllocations: new Map(cart.lines.map((l) => [l.id, []])), shippingAllocations: [] };
  for (const a of applied) {
    const applicationIndex = priced.applications.length;
    priced.applications.push({ type: "automatic", title: a.discount.title, ...a.application });
    for (const [id, cents] of a.lines) if (cents > 0) priced.lineAllocations.get(id)?.push({ amount: amount(cents), applicationIndex });
    if (a.shipping > 0) priced.shippingAllocations.push({ amount: amount(a.shipping), applicationIndex });
  }
  return priced;
}
