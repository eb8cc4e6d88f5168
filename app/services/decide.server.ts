import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import prisma from "../db.server";
import { decide, NO_ACTION, type Decision, type DecisionContextInput, type Workflow, WORKFLOWS } from "../engine/decide";
import { evaluateFlag, type FlagEvaluation } from "../engine/flags";
import { assign } from "../engine/experiments";
import { createApproval } from "../models/approval.server";
import { recordAudit } from "../models/audit.server";
import { decisionHistory } from "../models/decision-history.server";
import { insertDecision } from "../models/decision.server";
import { recordExposure } from "../models/exposure.server";
import { countArmExposure, learningStats } from "../models/arm-stats.server";
import { env } from "../env.server";
import { enqueueSlackApproval } from "./slack-approvals.server";
import { workflowConfig } from "./workflow-config.server";
import { FREQUENCY_WINDOW_DAYS } from "./workflow-defaults.server";

const minor = z.number().int().nonnegative();
const item = z.object({
  variantId: z.string().min(1),
  productId: z.string().min(1),
  collectionIds: z.array(z.string()).default([]),
  unitPriceMinor: minor,
  unitCostMinor: minor.nullable(),
});

/** What a caller (checkout endpoint, workflow job, demo traffic) asks the engine about. */
export const decisionRequestSchema = z.object({
  workflow: z.enum(WORKFLOWS),
  unitId: z.string().min(1).max(200),
  customerGid: z.string().nullable().default(null),
  cartToken: z.string().nullable().default(null),
  orderGid: z.string().nullable().default(null),
  cart: z.object({
    currency: z.string().regex(/^[A-Z]{3}$/),
    lines: z.array(item.extend({ quantity: z.number().int().positive() })).max(500),
    existingDiscounts: z
      .array(z.object({ code: z.string(), combinesWithOrder: z.boolean(), combinesWithProduct: z.boolean(), combinesWithShipping: z.boolean() }))
      .default([]),
  }),
  customer: z
    .object({
      id: z.string().nullable(),
      tier: z.string(),
      predictedValueMinor: z.number(),
      churnRisk: z.number().min(0).max(1),
      ordersCount: z.number().int().nonnegative(),
      isReturning: z.boolean(),
      country: z.string(),
    })
    .nullable()
    .default(null),
  session: z.object({ device: z.string(), country: z.string(), source: z.string(), riskScore: z.number().min(0).max(1).nullable() }),
  catalog: z.array(item).max(200).default([]),
  /** Untrusted model output, already obtained off the request path (never on checkout). */
  llmProposal: z.unknown().optional(),
});
export type DecisionRequest = z.input<typeof decisionRequestSchema>;

export type DecideResult = {
  decisionId: string | null;
  approvalId: string | null;
  flag: FlagEvaluation;
  arm: string | null;
  decision: Decision | null;
};

const DAY_MS = 86_400_000;

/** The decision as the shopper-facing side sees it when a workflow is off or the unit is held out. */
function untouched(reasons: string[], arm: string | null): Decision {
  return {
    action: NO_ACTION,
    outcome: "skip",
    source: arm ? "holdout" : "flag",
    ruleId: null,
    reasons,
    modelVersion: "none",
    inputs: {},
    confidence: 1,
    propensity: 1,
    experimentArm: arm,
    discountMinor: 0,
  };
}

/**
 * Runs the engine for one unit under the shop's flag, experiment and guardrails, and records the
 * result: the decision with its full context (for replay), its audit entry, the experiment
 * exposure, and an approval when it is above the thresholds. All in one transaction.
 */
export async function decideFor(shop: string, raw: DecisionRequest, options: { now?: Date; seed?: string } = {}): Promise<DecideResult> {
  const req = decisionRequestSchema.parse(raw);
  const now = options.now ?? new Date();
  const workflow: Workflow = req.workflow;
  // The settings cache ages on this process's clock, not the decision's `now`: a caller deciding for
  // another time (demo traffic, a skewed clock) must not keep a kill switch from arriving.
  const config = await workflowConfig(shop, workflow);
  const flag = evaluateFlag(
    config.flagInvalid ? undefined : config.flag,
    {
      id: req.unitId,
      ...(req.customer ? { tier: req.customer.tier, isReturning: req.customer.isReturning } : {}),
      country: req.customer?.country ?? req.session.country,
      device: req.session.device,
    },
    "off",
  );
  if (flag.mode === "off") return { decisionId: null, approvalId: null, flag, arm: null, decision: null };

  const assignment = assign({
    experimentKey: workflow,
    unitId: req.unitId,
    universalHoldout: config.experiments.universalHoldout,
    holdoutPercent: config.experiments.holdoutPercent,
    seed: workflow,
  });
  const held = assignment.arm === "universal_holdout" || assignment.arm === "control";

  const policy = config.policy;
  const learning = policy.mode === "learning" ? { segments: await learningStats(shop, workflow) } : { segments: {} };
  const cartValueMinor = req.cart.lines.reduce((n, l) => n + l.unitPriceMinor * l.quantity, 0);
  const { decisionId, approvalId, decision } = await prisma.$transaction(async (tx) => {
    // One shop's decisions are made one at a time from reading the history to storing the result:
    // concurrent checkouts would otherwise all see the same budget left (and the same offer count)
    // and together spend past the daily budget and the frequency cap.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('uplift-decide'), hashtext(${shop}))`;
    const history = await decisionHistory(shop, req.unitId, new Date(now.getTime() - FREQUENCY_WINDOW_DAYS * DAY_MS), new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS), tx);
    const context: DecisionContextInput = {
      workflow,
      unitId: req.unitId,
      mode: flag.mode === "shadow" || held ? "shadow" : "live",
      cart: req.cart,
      customer: req.customer,
      session: req.session,
      history: {
        offersToCustomerInWindow: history.offersInWindow,
        lastOfferAt: history.lastOfferAt?.toISOString() ?? null,
        shopDiscountSpentTodayMinor: history.discountCommittedToday,
      },
      now: now.toISOString(),
      seed: options.seed ?? randomUUID(),
      policy,
      guardrails: config.guardrails,
      catalog: req.catalog,
      learning,
      ...(req.llmProposal !== undefined ? { llmProposal: req.llmProposal } : {}),
      experimentArm: assignment.arm,
    };
    // Held-out units still get the engine's decision computed (logged in shadow, never acted on):
    // that is what the off-policy estimate and the lift read-out compare against.
    const engine = decide(context);
    const decision: Decision = held
      ? { ...engine, outcome: "skip", reasons: [...engine.reasons, ...assignment.reasons, "held out: no action taken"] }
      : engine;

    const row = await insertDecision(tx, {
      shop,
      workflow,
      unitId: req.unitId,
      customerGid: req.customerGid,
      cartToken: req.cartToken,
      orderGid: req.orderGid,
      outcome: decision.outcome,
      actionType: decision.action.type,
      decision: decision as unknown as Prisma.InputJsonValue,
      context: context as unknown as Prisma.InputJsonValue,
      engineVersion: decision.modelVersion,
      propensity: decision.propensity,
      experimentArm: assignment.arm,
      discountMinor: decision.outcome === "apply" ? decision.discountMinor : 0,
      cartValueMinor,
      // The decision's time is the one it was decided for (history, budgets and attribution read it).
      createdAt: now,
    });
    await recordExposure(tx, shop, workflow, req.unitId, assignment.arm);
    // A learning arm actually served counts as an exposure with reward 0 until an order credits it
    // (services/learning.server.ts); shadow, held-out and review decisions served nothing.
    const segment = (decision.inputs as { segment?: unknown }).segment;
    if (decision.source === "learning" && decision.outcome === "apply" && decision.ruleId && typeof segment === "string") {
      await countArmExposure(tx, shop, workflow, segment, decision.ruleId);
    }
    await recordAudit(tx, {
      shop,
      event: "decision.made",
      actor: decision.source === "llm" || decision.source === "learning" ? "ai" : "system",
      entity: row.id,
      after: { decisionId: row.id, outcome: decision.outcome, action: decision.action, source: decision.source, ruleId: decision.ruleId, arm: assignment.arm, flag: flag.source },
      workflow,
      customerGid: req.customerGid,
      orderGid: req.orderGid,
      reasons: decision.reasons,
    });
    if (decision.outcome !== "review") return { decisionId: row.id, approvalId: null, decision };
    const approval = await createApproval(tx, {
      shop,
      decisionId: row.id,
      workflow,
      actionType: decision.action.type,
      proposedAction: decision.action as unknown as Prisma.InputJsonValue,
      cartValueMinor,
      discountMinor: decision.discountMinor,
      reasons: decision.reasons,
      expiresAt: new Date(now.getTime() + env.APPROVAL_TTL_HOURS * 3_600_000),
    });
    await recordAudit(tx, {
      shop,
      event: "approval.requested",
      actor: "system",
      entity: approval.id,
      after: { approvalId: approval.id, decisionId: row.id, action: decision.action, discountMinor: decision.discountMinor, cartValueMinor },
      workflow,
      customerGid: req.customerGid,
      reasons: decision.reasons,
    });
    return { decisionId: row.id, approvalId: approval.id, decision };
  });
  if (approvalId) await enqueueSlackApproval(shop, approvalId, "post");
  return { decisionId, approvalId, flag, arm: assignment.arm, decision: held ? untouched(decision.reasons, assignment.arm) : decision };
}
