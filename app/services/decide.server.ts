import { randomUUID } from "node:crypto";
import { z } from "zod";
import { decide, guardrailSettingsSchema, NO_ACTION, type Decision, type DecisionContextInput, type GuardrailSettingsInput, type Workflow, WORKFLOWS } from "../engine/decide";
import { evaluateFlag, type FlagEvaluation } from "../engine/flags";
import { assign } from "../engine/experiments";
import { learningStats } from "../models/arm-stats.server";
import { utcDay } from "../models/daily-spend.server";
import { decisionHistory, type DecisionHistory } from "../models/decision-history.server";
import { storeDecision, type DecisionRecord, type StoreResult } from "../models/decision.server";
import { offerSlot } from "../models/offer-slot.server";
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
/** Races lost to concurrent decisions before the contested limit is taken as reached (see historyFor). */
const FRESH_ATTEMPTS = 2;
/** A bound, not a budget: after FRESH_ATTEMPTS each further loss takes one more limit as reached. */
const MAX_ATTEMPTS = FRESH_ATTEMPTS + 3;

type Lost = Extract<StoreResult, { stored: false }>["lost"];

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

/** The limits the store enforces next to the engine, from the same guardrails the engine reads. */
type Limits = { dailyBudgetMinor: number | null; maxOffersPerWindow: number | null; minMinutesBetweenOffers: number | null };
const limitsCache = new WeakMap<GuardrailSettingsInput, Limits>();
function limitsOf(guardrails: GuardrailSettingsInput): Limits {
  let limits = limitsCache.get(guardrails);
  if (!limits) {
    // Settings that do not parse make the engine decide `none`, which needs no gate: any value does.
    const g = guardrailSettingsSchema.safeParse(guardrails);
    limits = g.success
      ? { dailyBudgetMinor: g.data.dailyBudgetMinor, maxOffersPerWindow: g.data.frequency.maxOffersPerWindow, minMinutesBetweenOffers: g.data.frequency.minMinutesBetweenOffers }
      : { dailyBudgetMinor: null, maxOffersPerWindow: null, minMinutesBetweenOffers: null };
    limitsCache.set(guardrails, limits);
  }
  return limits;
}

const frequencyLimited = (l: Limits) => l.maxOffersPerWindow !== null || (l.minMinutesBetweenOffers ?? 0) > 0;

/** What the frequency cap counts (decision-history.server.ts reads the same). */
const isOffer = (d: Decision) => (d.outcome === "apply" || d.outcome === "review") && d.action.type !== "none" && d.action.type !== "risk_route";

/**
 * The history a decision is checked against. After FRESH_ATTEMPTS lost races, each contested limit
 * is taken as reached (the day's budget spent, the unit's offers at the cap): the engine then decides
 * within it without needing that gate again, so the loop ends, and the stored context still replays.
 */
function historyFor(h: DecisionHistory, lost: ReadonlySet<Lost>, limits: Limits, now: Date): DecisionContextInput["history"] {
  const history = { offersToCustomerInWindow: h.offersInWindow, lastOfferAt: h.lastOfferAt?.toISOString() ?? null, shopDiscountSpentTodayMinor: h.discountCommittedToday };
  if (lost.has("budget") && limits.dailyBudgetMinor !== null) {
    history.shopDiscountSpentTodayMinor = Math.max(history.shopDiscountSpentTodayMinor, limits.dailyBudgetMinor);
  }
  if (lost.has("unit")) {
    if (limits.maxOffersPerWindow !== null) history.offersToCustomerInWindow = Math.max(history.offersToCustomerInWindow, limits.maxOffersPerWindow);
    else history.lastOfferAt = now.toISOString();
  }
  return history;
}

/**
 * Runs the engine for one unit under the shop's flag, experiment and guardrails, and records the
 * result: the decision with its full context (for replay), its audit entry, the experiment
 * exposure, and an approval when it is above the thresholds, all in one statement.
 *
 * No lock is held while deciding. The store takes the decision's money from the shop's day counter
 * with a conditional update, and an offer's unit slot with a version check; if a concurrent decision
 * took either first, nothing is written and the decision is made again with fresh figures. So the
 * daily budget and the frequency cap hold under any concurrency, and a shop's checkouts run in
 * parallel instead of one at a time.
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
  const limits = limitsOf(config.guardrails);
  const learning = policy.mode === "learning" ? { segments: await learningStats(shop, workflow) } : { segments: {} };
  const cartValueMinor = req.cart.lines.reduce((n, l) => n + l.unitPriceMinor * l.quantity, 0);
  const seed = options.seed ?? randomUUID();
  const day = utcDay(now);
  const slot = offerSlot(req.unitId);
  const ids = { decision: randomUUID(), approval: randomUUID() };
  const lost = new Set<Lost>();

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const history = await decisionHistory(shop, req.unitId, { windowStart: new Date(now.getTime() - FREQUENCY_WINDOW_DAYS * DAY_MS), day, slot });
    const context: DecisionContextInput = {
      workflow,
      unitId: req.unitId,
      mode: flag.mode === "shadow" || held ? "shadow" : "live",
      cart: req.cart,
      customer: req.customer,
      session: req.session,
      history: historyFor(history, attempt > FRESH_ATTEMPTS ? lost : new Set(), limits, now),
      now: now.toISOString(),
      seed,
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
    const record = decisionRecord({ shop, req, ids, now, cartValueMinor, context, decision, arm: assignment.arm, flagSource: flag.source });
    if (attempt > FRESH_ATTEMPTS) record.audit.reasons = [...decision.reasons, `store: ${[...lost].join(" and ")} taken by concurrent decisions ${attempt - 1} times; decided with that limit reached`];
    // The gates: an offer the frequency limits count takes the unit's slot; money is taken under the budget.
    if (isOffer(decision) && frequencyLimited(limits)) record.slot = { slot, seenVersion: history.slotVersion };
    const committed = decision.outcome === "apply" || decision.outcome === "review" ? decision.discountMinor : 0;
    if (committed > 0) record.spend = { day, amountMinor: committed, limitMinor: limits.dailyBudgetMinor };
    const stored = await storeDecision(record);
    if (!stored.stored) {
      lost.add(stored.lost);
      continue;
    }
    const approvalId = record.approval ? ids.approval : null;
    if (approvalId) await enqueueSlackApproval(shop, approvalId, "post");
    return { decisionId: ids.decision, approvalId, flag, arm: assignment.arm, decision: held ? untouched(decision.reasons, assignment.arm) : decision };
  }
  throw new Error(`decision for ${shop} not stored after ${MAX_ATTEMPTS} attempts (lost: ${[...lost].join(", ")})`);
}

/** The rows one decision writes: the decision, its audit entry and exposure, and an approval for a review. */
function decisionRecord(o: {
  shop: string;
  req: z.infer<typeof decisionRequestSchema>;
  ids: { decision: string; approval: string };
  now: Date;
  cartValueMinor: number;
  context: DecisionContextInput;
  decision: Decision;
  arm: string;
  flagSource: string;
}): DecisionRecord {
  const { shop, req, decision, ids } = o;
  const workflow = req.workflow;
  const record: DecisionRecord = {
    decision: {
      id: ids.decision,
      shop,
      workflow,
      unitId: req.unitId,
      customerGid: req.customerGid,
      cartToken: req.cartToken,
      orderGid: req.orderGid,
      outcome: decision.outcome,
      actionType: decision.action.type,
      decision,
      context: o.context,
      engineVersion: decision.modelVersion,
      propensity: decision.propensity,
      experimentArm: o.arm,
      // Money held by a review counts through its approval, not twice.
      discountMinor: decision.outcome === "apply" ? decision.discountMinor : 0,
      cartValueMinor: o.cartValueMinor,
      createdAt: o.now,
    },
    audit: {
      shop,
      event: "decision.made",
      actor: decision.source === "llm" || decision.source === "learning" ? "ai" : "system",
      entity: ids.decision,
      after: { decisionId: ids.decision, outcome: decision.outcome, action: decision.action, source: decision.source, ruleId: decision.ruleId, arm: o.arm, flag: o.flagSource },
      workflow,
      customerGid: req.customerGid,
      orderGid: req.orderGid,
      reasons: decision.reasons,
    },
    exposure: { experimentKey: workflow, arm: o.arm },
  };
  // A learning arm actually served counts as an exposure with reward 0 until an order credits it
  // (services/learning.server.ts); shadow, held-out and review decisions served nothing.
  const segment = (decision.inputs as { segment?: unknown }).segment;
  if (decision.source === "learning" && decision.outcome === "apply" && decision.ruleId && typeof segment === "string") {
    record.armExposure = { segment, armId: decision.ruleId };
  }
  if (decision.outcome === "review") {
    record.approval = {
      row: {
        id: ids.approval,
        shop,
        decisionId: ids.decision,
        workflow,
        actionType: decision.action.type,
        proposedAction: decision.action,
        cartValueMinor: o.cartValueMinor,
        discountMinor: decision.discountMinor,
        reasons: decision.reasons,
        createdAt: o.now,
        expiresAt: new Date(o.now.getTime() + env.APPROVAL_TTL_HOURS * 3_600_000),
      },
      audit: {
        shop,
        event: "approval.requested",
        actor: "system",
        entity: ids.approval,
        after: { approvalId: ids.approval, decisionId: ids.decision, action: decision.action, discountMinor: decision.discountMinor, cartValueMinor: o.cartValueMinor },
        workflow,
        customerGid: req.customerGid,
        reasons: decision.reasons,
      },
    };
  }
  return record;
}
