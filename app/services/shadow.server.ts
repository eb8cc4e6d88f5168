import type { Workflow } from "../engine/decide";
import { compare, doublyRobust, OpeError, snips, type Interval, type LoggedRecord } from "../engine/ope";
import { countDecisionsAfter, loggedDecisions, ordersOfCustomers } from "../models/outcomes.server";
import { meanCostRatio, orderValue, ordersByCustomer } from "./experiments.server";
import { workflowConfig } from "./workflow-config.server";

// Shadow mode's question, answered from the logs: had the engine's decisions been applied to
// everyone, would the shop have earned more margin than with what it actually did?
//
// Per decision (one OPE record):
// - logged action = what was actually done: held-out units (universal holdout, control) and units
//   decided in shadow mode got nothing ("none"); treatment units decided live got the engine's action.
// - logged propensity = the chance the logging process took that action: the arm's probability
//   times the engine's own propensity, summed over the arms that would have done it:
//     π(none | x) = P(held) + P(treatment) × π_engine(none | x)
//     π(a | x)    = P(treatment) × π_engine(a | x)            for a ≠ none
//   π_engine is known for the action the engine drew (decision.propensity) and taken as 0 for
//   the others (exact for rules policies, which are deterministic). Arm probabilities come from the
//   current experiments setting (universal holdout % and holdout %), not the one in force when the
//   decision was made. A treatment decision in shadow mode did nothing for anyone: propensity 1.
//   Held-out decisions do not record the mode they were made in and are weighed as live, which
//   only matters for learning policies whose drawn action was none.
// - target probability = 1 when the engine's (candidate) action type equals the logged one, else 0.
// - reward = margin of the unit's orders in the 7 days after the decision (see orderValue in
//   experiments.server.ts: net merchandise − refunds − cost from the cart's cost ratio). Overlapping
//   windows of one customer's decisions share orders. Decisions without a customer cannot be tied
//   to orders and are left out, as are decisions sent to review (a person's choice has no known
//   propensity) and decisions whose 7 days have not passed yet.
// - reward model for DR: the mean reward of each logged action type (overall mean when unseen).

export const SHADOW_WINDOW_DAYS = 7;
export const MIN_RECORDS = 30;
/** Newest decisions read per estimate: enough for tight intervals, bounded work per page view. */
export const MAX_DECISIONS = 20_000;
const DAY_MS = 86_400_000;

import type { ShadowEstimate } from "../lib/shadow-estimate";
export type { ShadowEstimate };

const clamp01 = (p: number) => (Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0);
const interval = (i: Interval): Interval => ({ estimate: i.estimate, ci: i.ci, standardError: i.standardError });

export async function shadowEstimate(shop: string, workflow: Workflow, now = new Date()): Promise<ShadowEstimate> {
  const cutoff = new Date(now.getTime() - SHADOW_WINDOW_DAYS * DAY_MS);
  const [decisions, pending, config] = await Promise.all([
    loggedDecisions(shop, workflow, cutoff, MAX_DECISIONS),
    countDecisionsAfter(shop, workflow, cutoff),
    // Not keyed on `now`: the config cache takes its time argument as the moment of reading.
    workflowConfig(shop, workflow),
  ]);
  const uh = clamp01(config.experiments.universalHoldout.percent / 100);
  const pHeld = uh + (1 - uh) * clamp01(config.experiments.holdoutPercent / 100);
  const pTreat = 1 - pHeld;

  type Draft = { customerGid: string; at: Date; ratio: number | null; logged: string; engine: string; loggedPropensity: number };
  const drafts: Draft[] = [];
  for (const d of decisions) {
    if (!d.customerGid || d.outcome === "review") continue;
    const held = d.experimentArm === "universal_holdout" || d.experimentArm === "control";
    const pEngine = clamp01(d.propensity);
    const live = held || d.outcome === "apply";
    const logged = !held && d.outcome === "apply" ? d.actionType : "none";
    const drewLogged = d.actionType === logged ? pEngine : 0;
    const loggedPropensity = !live ? 1 : logged === "none" ? pHeld + pTreat * drewLogged : pTreat * drewLogged;
    // Zero only when the setting changed since (e.g. holdout now 100 %): the record cannot be weighed.
    if (!(loggedPropensity > 0)) continue;
    drafts.push({ customerGid: d.customerGid, at: d.createdAt, ratio: d.costRatio, logged, engine: d.actionType, loggedPropensity: Math.min(1, loggedPropensity) });
  }
  const notEnough = (reason: string): ShadowEstimate => ({ status: "not_enough_data", reason, n: drafts.length, pending, minimum: MIN_RECORDS });
  if (drafts.length < MIN_RECORDS) {
    return notEnough(`${drafts.length} decision${drafts.length === 1 ? "" : "s"} with a customer and a closed ${SHADOW_WINDOW_DAYS}-day window; ${MIN_RECORDS} are needed`);
  }

  const oldest = drafts.reduce((m, d) => (d.at < m ? d.at : m), drafts[0]!.at);
  const gids = [...new Set(drafts.map((d) => d.customerGid))];
  const orders = ordersByCustomer(await ordersOfCustomers(shop, gids, oldest, now));
  const fallbackRatio = meanCostRatio(drafts.map((d) => d.ratio));
  const rewards = drafts.map((d) => {
    const end = d.at.getTime() + SHADOW_WINDOW_DAYS * DAY_MS;
    let margin = 0;
    for (const o of orders.get(d.customerGid) ?? []) {
      const t = o.createdAt.getTime();
      if (t >= d.at.getTime() && t < end) margin += orderValue(o, d.ratio ?? fallbackRatio).marginMinor;
    }
    return margin;
  });

  // Reward model: mean reward per logged action type.
  const sums = new Map<string, { sum: number; n: number }>();
  drafts.forEach((d, i) => {
    const s = sums.get(d.logged) ?? { sum: 0, n: 0 };
    s.sum += rewards[i]!;
    s.n += 1;
    sums.set(d.logged, s);
  });
  const overall = rewards.reduce((a, r) => a + r, 0) / rewards.length;
  const predict = (action: string) => {
    const s = sums.get(action);
    return s ? s.sum / s.n : overall;
  };
  const records: LoggedRecord[] = drafts.map((d, i) => ({
    reward: rewards[i]!,
    loggedPropensity: d.loggedPropensity,
    targetProbability: d.engine === d.logged ? 1 : 0,
    rewardModel: { logged: predict(d.logged), target: predict(d.engine) },
  }));
  if (!records.some((r) => r.targetProbability > 0)) {
    return notEnough("the engine never chose what was actually done, so the logs say nothing about its choices (no overlap)");
  }

  try {
    const s = snips(records);
    const dr = doublyRobust(records);
    const diff = compare(records, { estimator: "doubly_robust" });
    return {
      status: "ok",
      n: records.length,
      pending,
      effectiveSampleSize: s.effectiveSampleSize,
      unsupportedShare: drafts.filter((d) => !sums.has(d.engine)).length / drafts.length,
      current: interval(diff.current),
      snips: interval(s),
      doublyRobust: interval(dr),
      difference: interval(diff),
      windowDays: SHADOW_WINDOW_DAYS,
    };
  } catch (error) {
    if (error instanceof OpeError) return notEnough(error.message);
    throw error;
  }
}
