import type { Tx } from "../db.server";
import { rewardOf } from "../engine/decide";
import { creditArmReward } from "../models/arm-stats.server";

/** How long after an offer a purchase still counts as its outcome. */
export const ATTRIBUTION_DAYS = 7;

type LoggedDecision = { source?: string; ruleId?: string | null; discountMinor?: number; inputs?: { segment?: string | null } };
type LoggedLine = { quantity: number; unitPriceMinor: number; unitCostMinor: number | null };

/**
 * A new order from a customer who was recently served a learning arm credits that arm with the
 * margin-aware reward (order margin − discount). Runs in the webhook's claim transaction, and the
 * decision is marked, so a redelivered or duplicated webhook cannot credit twice.
 */
export async function creditOrderToLearning(tx: Tx, shop: string, order: { customerGid: string; subtotalMinor: number; createdAt: Date }) {
  const since = new Date(order.createdAt.getTime() - ATTRIBUTION_DAYS * 86_400_000);
  const row = await tx.decision.findFirst({
    where: { shop, unitId: order.customerGid, outcome: "apply", rewardedAt: null, createdAt: { gte: since, lte: order.createdAt } },
    orderBy: { createdAt: "desc" },
  });
  if (!row) return false;
  const logged = row.decision as LoggedDecision;
  const segment = logged.inputs?.segment;
  if (logged.source !== "learning" || !logged.ruleId || !segment) return false;
  // Order lines are not costed in our tables; the decided cart's cost share stands in for it.
  const lines = ((row.context as { cart?: { lines?: LoggedLine[] } }).cart?.lines ?? []).filter((l) => l.unitCostMinor !== null);
  const price = lines.reduce((n, l) => n + l.unitPriceMinor * l.quantity, 0);
  const cost = lines.reduce((n, l) => n + (l.unitCostMinor ?? 0) * l.quantity, 0);
  const marginShare = price > 0 ? 1 - cost / price : 0;
  const reward = rewardOf({ converted: true, orderMarginMinor: Math.round(order.subtotalMinor * marginShare), discountMinor: logged.discountMinor ?? 0 });
  const { count } = await tx.decision.updateMany({ where: { id: row.id, rewardedAt: null }, data: { rewardedAt: new Date() } });
  if (count !== 1) return false;
  await creditArmReward(tx, shop, row.workflow, segment, logged.ruleId, reward);
  return true;
}
