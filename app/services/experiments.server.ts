import { WORKFLOWS, type Workflow } from "../engine/decide";
import { expectedSplit, experimentReport, summarizeArms, type ExperimentReport, type UnitOutcome } from "../engine/experiments";
import { exposedUnits, exposureArmCounts, offerRedemptionCounts, ordersOfCustomers, ordersOfUnits, type ExposedUnit, type OrderAmounts } from "../models/outcomes.server";
import { workflowConfig } from "./workflow-config.server";
import {
  customizationConfig,
  customizationControlArm,
  customizationEditor,
  customizationExperimentKey,
  customizationSplit,
  isRunningCustomization,
  type CustomizationKind,
} from "./customization-experiments.server";

// The experiment read-out: every workflow with exposures and the running checkout delivery and
// payment experiments, their arms, and each arm against control on conversion, revenue and profit
// per visitor, from the orders exposed units placed afterwards. Both kinds go through readOut.

/** Units analysed per experiment; the earliest exposures are kept when there are more. */
export const MAX_UNITS = 100_000;

// ---- How an order counts (shared with the shadow estimate) ----------------------------------
// The order mirror holds Shopify's order totals, not refunds or costs, so:
// - net merchandise = subtotal_price (after discounts, before shipping and tax), total_price when
//   the subtotal is missing. Shopify's totals are already net of discounts: gross = net + discounts.
// - cost = gross × the cost ratio of the cart a decision saw (cost ÷ price over lines with a known
//   cost): order lines carry no cost. Without any known ratio, cost counts 0 (margin = revenue).
// - "refunded" gives back the whole net and the goods come back (no cost): the order's margin is 0.
//   A partial refund counts what orders/updated says is left (current_subtotal_price); rows
//   stored without it count half the net refunded.
// - Cancelled and voided orders count as if they had not been placed.

export type OrderValue = { counted: boolean; grossMinor: number; discountMinor: number; refundedMinor: number; costMinor: number; marginMinor: number };

const toMinor = (amount: number | null) => Math.round((amount ?? 0) * 100);

export function orderValue(order: OrderAmounts, costRatio: number): OrderValue {
  const status = order.financialStatus?.toLowerCase() ?? null;
  if (order.cancelledAt || status === "voided") return { counted: false, grossMinor: 0, discountMinor: 0, refundedMinor: 0, costMinor: 0, marginMinor: 0 };
  const net = toMinor(order.subtotalPrice ?? order.totalPrice);
  const discountMinor = Math.max(0, toMinor(order.totalDiscounts));
  const grossMinor = net + discountMinor;
  const refunded = status === "refunded";
  // orders/updated carries the subtotal after refunds; older rows without it fall back to counting
  // a partial refund as half the net.
  const kept = order.currentSubtotalPrice;
  const refundedMinor = refunded
    ? net
    : kept !== null && kept !== undefined
      ? Math.min(net, Math.max(0, net - toMinor(kept)))
      : status === "partially_refunded"
        ? Math.round(net / 2)
        : 0;
  const costMinor = refunded ? 0 : Math.round(grossMinor * costRatio);
  return { counted: true, grossMinor, discountMinor, refundedMinor, costMinor, marginMinor: net - refundedMinor - costMinor };
}

/** The mean of the known cost ratios (the fallback for units whose own is unknown), else 0. */
export function meanCostRatio(ratios: (number | null)[]): number {
  const known = ratios.filter((r): r is number => r !== null && Number.isFinite(r) && r >= 0);
  return known.length ? known.reduce((a, r) => a + r, 0) / known.length : 0;
}

/** Orders grouped by customer, each list sorted by time. */
export function ordersByCustomer(orders: OrderAmounts[]): Map<string, OrderAmounts[]> {
  const map = new Map<string, OrderAmounts[]>();
  for (const o of orders) {
    const list = map.get(o.customerGid);
    if (list) list.push(o);
    else map.set(o.customerGid, [o]);
  }
  for (const list of map.values()) list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return map;
}

// ---- Read-out ---------------------------------------------------------------------------------

export type ArmRow = {
  arm: string;
  units: number;
  conversions: number;
  conversionRate: number;
  revenuePerVisitorMinor: number;
  profitPerVisitorMinor: number;
};

/** What an experiment's exposed units did afterwards, per arm, against its control arm. */
export type Readout = {
  units: number;
  /** More units were exposed than MAX_UNITS; the earliest were analysed. */
  capped: boolean;
  /** Units without a customer to link orders to (cart-token units that never identified). */
  unlinkedUnits: number;
  arms: ArmRow[];
  split: Record<string, number>;
  /** The arm every other arm is measured against. */
  control: string;
  report: ExperimentReport;
};

export type ExperimentResult = Readout & {
  workflow: Workflow;
  /** Checkout offers that came back on orders (checkout_incentive only). */
  offers: { redeemed: number; flagged: number } | null;
};

export type CustomizationResult = Readout & { kind: CustomizationKind; experiment: string };

export type ReadoutOptions = {
  /** The share of units each arm should get, for the sample-ratio check. */
  split: Record<string, number>;
  control: string;
  /** How the arms are listed; arms not named here follow in alphabetical order. */
  armOrder: string[];
};

/**
 * One experiment's read-out from its exposed units (earliest first). A unit's outcome is every
 * order its customer placed after the exposure (a guest's: the orders linked to its unit id).
 */
export async function readOut(shop: string, exposed: ExposedUnit[], o: ReadoutOptions, now = new Date()): Promise<Readout> {
  const capped = exposed.length > MAX_UNITS;
  const units = capped ? exposed.slice(0, MAX_UNITS) : exposed;
  const gids = [...new Set(units.map((u) => u.customerGid).filter((g): g is string => g !== null))];
  // Shopify's order timestamps have whole seconds: an order placed in the same second as the
  // exposure (a checkout completed right after the offer) must still count.
  const second = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;
  const from = new Date(second(units.reduce((min, u) => (u.exposedAt < min ? u.exposedAt : min), units[0]?.exposedAt ?? now)));
  const to = new Date(now.getTime() + 1);
  const orders = ordersByCustomer(await ordersOfCustomers(shop, gids, from, to));
  // Guests: orders reach their unit through the checkout token or the offer the order carried.
  const guests = units.filter((u) => u.customerGid === null).map((u) => u.unitId);
  const guestOrders = ordersByCustomer(await ordersOfUnits(shop, guests, from, to));
  const fallbackRatio = meanCostRatio(units.map((u) => u.costRatio));

  const rows: UnitOutcome[] = units.map((u) => {
    const ratio = u.costRatio ?? fallbackRatio;
    const row = { unitId: u.unitId, arm: u.arm, converted: false, revenueMinor: 0, costMinor: 0, refundedMinor: 0, discountMinor: 0 };
    const own = (u.customerGid ? orders.get(u.customerGid) : guestOrders.get(u.unitId)) ?? [];
    for (const order of own) {
      if (order.createdAt.getTime() < second(u.exposedAt)) continue;
      const v = orderValue(order, ratio);
      if (!v.counted) continue;
      row.converted = true;
      row.revenueMinor += v.grossMinor;
      row.costMinor += v.costMinor;
      row.refundedMinor += v.refundedMinor;
      row.discountMinor += v.discountMinor;
    }
    return row;
  });

  const summaries = summarizeArms(rows);
  // The page is looked at whenever someone opens it, so intervals must stay valid under peeking.
  const report = experimentReport(summaries, { split: o.split, control: o.control, method: "sequential" });
  const rank = (arm: string) => {
    const i = o.armOrder.indexOf(arm);
    return i === -1 ? o.armOrder.length : i;
  };
  const arms = summaries
    .map((s) => ({
      arm: s.arm,
      units: s.n,
      conversions: s.conversion.sum,
      conversionRate: s.conversion.sum / s.n,
      revenuePerVisitorMinor: s.revenue.sum / s.n,
      profitPerVisitorMinor: s.profit.sum / s.n,
    }))
    .sort((a, b) => rank(a.arm) - rank(b.arm) || a.arm.localeCompare(b.arm));
  const unlinkedUnits = units.filter((u) => u.customerGid === null && !guestOrders.has(u.unitId)).length;
  return { units: units.length, capped, unlinkedUnits, arms, split: o.split, control: o.control, report };
}

/** One workflow's experiment: control is the held-out group, the split its configured holdout. */
export async function experimentResult(shop: string, workflow: Workflow, now = new Date()): Promise<ExperimentResult | null> {
  const units = await exposedUnits(shop, workflow, MAX_UNITS + 1);
  if (units.length === 0) return null;
  const { experiments } = await workflowConfig(shop, workflow);
  const split = expectedSplit(experiments.holdoutPercent);
  const readout = await readOut(shop, units, { split, control: "control", armOrder: ["control", "treatment", "universal_holdout"] }, now);
  const offers = workflow === "checkout_incentive" ? await offerRedemptionCounts(shop) : null;
  return { workflow, ...readout, offers };
}

/**
 * The delivery or payment experiment running now, measured on the logged-in customers who reached
 * checkout under it; null when it is idle or nobody has been exposed yet.
 */
export async function customizationResult(shop: string, kind: CustomizationKind, now = new Date()): Promise<CustomizationResult | null> {
  const config = await customizationConfig(shop, kind);
  if (!isRunningCustomization(config)) return null;
  const units = await exposedUnits(shop, customizationExperimentKey(kind, config), MAX_UNITS + 1);
  if (units.length === 0) return null;
  const control = customizationControlArm(config);
  const armOrder = [control, ...config.arms.map((a) => a.name).filter((a) => a !== control)];
  const readout = await readOut(shop, units, { split: customizationSplit(config), control, armOrder }, now);
  return { kind, experiment: config.experiment, ...readout };
}

/** Every workflow that has exposures, in the admin's workflow order. */
export async function experimentsOverview(shop: string, now = new Date()) {
  const counts = await exposureArmCounts(shop);
  const keys = new Set(counts.map((c) => c.experimentKey));
  const workflows = WORKFLOWS.filter((w) => keys.has(w));
  const experiments = await Promise.all(workflows.map((w) => experimentResult(shop, w, now)));
  return { experiments: experiments.filter((e): e is ExperimentResult => e !== null) };
}

/** The Experiments page: the read-outs and the checkout customization experiments' editors. */
export async function experimentsPage(shop: string, now = new Date()) {
  const [overview, customizations, ...results] = await Promise.all([
    experimentsOverview(shop, now),
    customizationEditor(shop),
    customizationResult(shop, "delivery", now),
    customizationResult(shop, "payment", now),
  ]);
  return { ...overview, customizations, customizationResults: results.filter((r): r is CustomizationResult => r !== null) };
}
