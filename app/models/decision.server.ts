import prisma from "../db.server";
import { SqlParams } from "../lib/sql-params";
import { approvalInsertSql, type NewApproval } from "./approval.server";
import { armExposureSql } from "./arm-stats.server";
import { auditInsertSql, type AuditEntry } from "./audit.server";
import { reserveSpendSql } from "./daily-spend.server";
import { exposureInsertSql } from "./exposure.server";
import { hotQuery } from "./hot-query.server";
import { claimSlotSql } from "./offer-slot.server";

export type DecisionRow = {
  id: string;
  shop: string;
  workflow: string;
  unitId: string;
  customerGid: string | null;
  cartToken: string | null;
  orderGid: string | null;
  outcome: string;
  actionType: string;
  /** Stored as `json` text exactly as serialized here: a replay must read back byte for byte. */
  decision: unknown;
  context: unknown;
  engineVersion: string;
  propensity: number;
  experimentArm: string | null;
  discountMinor: number;
  cartValueMinor: number;
  /** The time the decision was made for (history, budgets and attribution read it). */
  createdAt: Date;
};

/** Everything one decision writes, in one statement. */
export type DecisionRecord = {
  decision: DecisionRow;
  /** The decision.made entry; its entity is the decision. */
  audit: AuditEntry;
  exposure: { experimentKey: string; arm: string };
  /** A learning arm actually served. */
  armExposure?: { segment: string; armId: string };
  /** A review: the pending approval and its approval.requested entry. */
  approval?: { row: NewApproval; audit: AuditEntry };
  /** An offer under a frequency limit: stored only if no other offer to the unit's slot landed since its history was read. */
  slot?: { slot: number; seenVersion: number };
  /** Money the decision commits on its day (an applied discount or an approval's hold), reserved under the budget. */
  spend?: { day: string; amountMinor: number; limitMinor: number | null };
};

export type StoreResult = { stored: true } | { stored: false; lost: "unit" | "budget" };

function decisionInsertSql(d: DecisionRow, p: SqlParams, from: string): string {
  const columns: Array<[string, string]> = [
    ["id", p.add(d.id, "uuid")],
    ["shop", p.add(d.shop, "text")],
    ["workflow", p.add(d.workflow, "text")],
    ["unitId", p.add(d.unitId, "text")],
    ["customerGid", p.add(d.customerGid, "text")],
    ["cartToken", p.add(d.cartToken, "text")],
    ["orderGid", p.add(d.orderGid, "text")],
    ["outcome", p.add(d.outcome, "text")],
    ["actionType", p.add(d.actionType, "text")],
    ["decision", p.json(d.decision, "json")],
    ["context", p.json(d.context, "jsonb")],
    ["engineVersion", p.add(d.engineVersion, "text")],
    ["propensity", p.add(d.propensity, "float8")],
    ["experimentArm", p.add(d.experimentArm, "text")],
    ["discountMinor", p.add(d.discountMinor, "int")],
    ["cartValueMinor", p.add(d.cartValueMinor, "int")],
    ["createdAt", p.add(d.createdAt.toISOString(), "timestamp")],
  ];
  return `INSERT INTO "Decision" (${columns.map(([name]) => `"${name}"`).join(", ")}) SELECT ${columns.map(([, value]) => value).join(", ")} FROM ${from} RETURNING id`;
}

/**
 * Stores a decision with its audit entry, exposure, approval and arm count, and takes its money and
 * its offer slot, in ONE statement: a data-modifying CTE commits or fails as a whole in autocommit,
 * so a crash leaves all of it or none of it, and there is no interactive transaction holding a
 * connection (and the shop's spend row) across round trips. The money and the slot are gates: when
 * either was taken by a concurrent decision nothing is written, and the caller decides again with
 * fresh figures. The slot is claimed before the money: when the money then does not fit, the slot
 * has moved on without an offer, which costs another unit of that slot at most one retry (the other
 * order could leave money reserved for a decision never stored).
 */
export async function storeDecision(r: DecisionRecord): Promise<StoreResult> {
  const p = new SqlParams();
  const shop = r.decision.shop;
  const ctes: string[] = [];
  let gate = "(SELECT 1) AS go";
  if (r.slot) {
    ctes.push(`slot AS (${claimSlotSql({ shop, ...r.slot }, p)})`);
    gate = "slot";
  }
  if (r.spend && r.spend.amountMinor > 0) {
    ctes.push(`spend AS (${reserveSpendSql({ shop, ...r.spend }, p, gate)})`);
    gate = "spend";
  }
  ctes.push(`d AS (${decisionInsertSql(r.decision, p, gate)})`);
  ctes.push(`e AS (${exposureInsertSql({ shop, unitId: r.decision.unitId, ...r.exposure }, p, "d")})`);
  ctes.push(`a AS (${auditInsertSql(r.audit, p, "d")})`);
  if (r.armExposure) ctes.push(`arm AS (${armExposureSql({ shop, workflow: r.decision.workflow, ...r.armExposure }, p, "d")})`);
  if (r.approval) {
    ctes.push(`ap AS (${approvalInsertSql(r.approval.row, p, "d")})`);
    ctes.push(`apa AS (${auditInsertSql(r.approval.audit, p, "d")})`);
  }
  const sql = `WITH ${ctes.join(",\n")}
    SELECT (SELECT count(*) FROM d)::int AS stored${r.slot ? ", (SELECT count(*) FROM slot)::int AS slot" : ""}`;
  const { rows } = await hotQuery<{ stored: number; slot?: number }>(sql, p.values);
  const row = rows[0]!;
  if (row.stored === 1) return { stored: true };
  return { stored: false, lost: row.slot === 0 ? "unit" : "budget" };
}

export async function findDecision(shop: string, id: string) {
  return prisma.decision.findFirst({ where: { shop, id } });
}
