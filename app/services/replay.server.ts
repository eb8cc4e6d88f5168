import { replay, type Decision } from "../engine/decide";
import { findDecision } from "../models/decision.server";

export type ReplayResult =
  | { ok: true; identical: boolean; logged: string; replayed: string; engineVersion: string }
  | { ok: false; error: string };

/**
 * Decides again from the logged context and compares the text byte for byte. A difference means
 * the engine changed behaviour for these inputs (its version should say so) or the row was altered.
 */
export async function replayDecision(shop: string, decisionId: string): Promise<ReplayResult> {
  const row = await findDecision(shop, decisionId);
  if (!row) return { ok: false, error: "No such decision" };
  const logged = row.decision as unknown as Decision;
  if (row.unitId === "redacted") return { ok: false, error: "This decision's customer data was erased; it cannot be replayed" };
  if (logged.modelVersion === "none") return { ok: false, error: "Nothing was decided (the workflow was off)" };
  const replayed = JSON.stringify(replay(row.context));
  return { ok: true, identical: replayed === JSON.stringify(logged), logged: JSON.stringify(logged), replayed, engineVersion: row.engineVersion };
}

export async function decisionDetail(shop: string, decisionId: string) {
  const row = await findDecision(shop, decisionId);
  if (!row) return null;
  const d = row.decision as unknown as Decision;
  return {
    id: row.id,
    workflow: row.workflow,
    outcome: row.outcome,
    action: d.action,
    source: d.source,
    ruleId: d.ruleId,
    reasons: d.reasons,
    confidence: d.confidence,
    propensity: d.propensity,
    experimentArm: row.experimentArm,
    modelVersion: d.modelVersion,
    discountMinor: d.discountMinor,
    features: (d.inputs as { features?: unknown }).features ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
