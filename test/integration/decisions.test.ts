import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { replay, type Decision, type DecisionContext } from "../../app/engine/decide";
import { decideFor } from "../../app/services/decide.server";
import { CONFIG_STALE_MS, CONFIG_TTL_MS } from "../../app/services/workflow-config.server";
import { stopQueue } from "../../app/queue.server";
import { BIG_CART, checkoutRequest, liveShop, newShop, onePolicy, putSetting, setFlag, setGuardrails, unitIn } from "../support/decisions";

const W = "checkout_incentive";
const tenOff = onePolicy(W, { type: "percentage_discount", percent: 10 });

const stored = (shop: string) => prisma.decision.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });

describe("decideFor", () => {
  afterAll(async () => {
    await stopQueue();
  });

  it("stores nothing while the workflow's flag is off (the default)", async () => {
    const shop = newShop("off");
    await putSetting(shop, `policy:${W}`, tenOff);
    const result = await decideFor(shop, checkoutRequest(unitIn("treatment", W)));
    expect(result).toMatchObject({ decision: null, decisionId: null, approvalId: null, flag: { mode: "off" } });
    await setFlag(shop, W, { mode: "off" });
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).decision).toBeNull();
    expect(await stored(shop)).toEqual([]);
    expect(await prisma.auditLog.count({ where: { shop } })).toBe(0);
    expect(await prisma.exposure.count({ where: { shop } })).toBe(0);
  });

  it("live: stores the decision with its context, an audit entry with reasons and the exposure; the row replays byte for byte", async () => {
    const shop = await liveShop("live");
    const unit = unitIn("treatment", W);
    const result = await decideFor(shop, checkoutRequest(unit), { seed: "seed-1" });
    expect(result.arm).toBe("treatment");
    expect(result.decision).toMatchObject({ outcome: "apply", source: "rule", ruleId: "any-cart", action: { type: "percentage_discount", percent: 10 }, discountMinor: 1_000 });

    const [row] = await stored(shop);
    expect(row).toMatchObject({ id: result.decisionId, unitId: unit, outcome: "apply", actionType: "percentage_discount", discountMinor: 1_000, cartValueMinor: 10_000, experimentArm: "treatment" });
    const context = row!.context as unknown as DecisionContext;
    expect(context).toMatchObject({ workflow: W, unitId: unit, mode: "live", seed: "seed-1", policy: { id: tenOff.id }, history: { offersToCustomerInWindow: 0 } });
    expect(JSON.stringify(replay(row!.context))).toBe(JSON.stringify(row!.decision));
    expect(JSON.stringify(replay(row!.context))).toBe(JSON.stringify(result.decision));

    const audit = await prisma.auditLog.findMany({ where: { shop } });
    expect(audit).toEqual([expect.objectContaining({ event: "decision.made", actor: "system", entity: row!.id, workflow: W, customerGid: `gid://shopify/Customer/${unit}` })]);
    expect(audit[0]!.reasonsText).toContain('rule "any-cart" matched: percentage_discount');
    expect(audit[0]!.after).toMatchObject({ decisionId: row!.id, outcome: "apply", action: { type: "percentage_discount", percent: 10 } });
    expect(await prisma.exposure.findMany({ where: { shop } })).toEqual([expect.objectContaining({ experimentKey: W, unitId: unit, arm: "treatment" })]);
    expect(await prisma.approval.count({ where: { shop } })).toBe(0);
  });

  it("a cart above the approval threshold goes to review: a pending approval and its audit entry", async () => {
    const shop = await liveShop("review");
    const unit = unitIn("treatment", W);
    const result = await decideFor(shop, checkoutRequest(unit, BIG_CART));
    expect(result.decision).toMatchObject({ outcome: "review", discountMinor: 6_000 });
    expect(result.decision!.reasons).toEqual(expect.arrayContaining(["review: cart value 60000 is above 50000", "review: discount 6000 is above 5000"]));
    const approval = await prisma.approval.findUniqueOrThrow({ where: { id: result.approvalId! } });
    expect(approval).toMatchObject({ shop, decisionId: result.decisionId, status: "pending", cartValueMinor: 60_000, discountMinor: 6_000, proposedAction: { type: "percentage_discount", percent: 10 } });
    expect(approval.expiresAt.getTime() - approval.createdAt.getTime()).toBeGreaterThan(23 * 3_600_000);
    const decision = await prisma.decision.findUniqueOrThrow({ where: { id: result.decisionId! } });
    // Money held by a review counts through its approval, not twice.
    expect(decision).toMatchObject({ outcome: "review", discountMinor: 0 });
    const requested = await prisma.auditLog.findMany({ where: { shop, event: "approval.requested" } });
    expect(requested).toEqual([expect.objectContaining({ actor: "system", entity: approval.id, workflow: W })]);
    expect(requested[0]!.reasonsText).toContain("review: cart value 60000 is above 50000");
  });

  it("caps offers per unit: after the cap the next decision is none, with the guardrail's reason", async () => {
    const shop = await liveShop("freq");
    await setGuardrails(shop, { frequency: { maxOffersPerWindow: 2, minMinutesBetweenOffers: null }, dailyBudgetMinor: null });
    const unit = unitIn("treatment", W);
    const other = unitIn("treatment", W);
    const outcomes: Decision[] = [];
    for (let i = 0; i < 3; i++) outcomes.push((await decideFor(shop, checkoutRequest(unit))).decision!);
    expect(outcomes.map((d) => [d.outcome, d.action.type])).toEqual([
      ["apply", "percentage_discount"],
      ["apply", "percentage_discount"],
      ["apply", "none"],
    ]);
    expect(outcomes[2]).toMatchObject({ source: "guardrail", discountMinor: 0 });
    expect(outcomes[2]!.reasons).toContain("guardrail: frequency cap reached (2 offers in window, max 2); no action");
    // The cap is per unit: another customer of the same shop still gets the offer.
    expect((await decideFor(shop, checkoutRequest(other))).decision!.action.type).toBe("percentage_discount");
  });

  it("keeps a minimum gap between offers to one unit (default 60 minutes)", async () => {
    const shop = await liveShop("gap");
    const unit = unitIn("treatment", W);
    expect((await decideFor(shop, checkoutRequest(unit))).decision!.action.type).toBe("percentage_discount");
    const again = (await decideFor(shop, checkoutRequest(unit))).decision!;
    expect(again.action.type).toBe("none");
    expect(again.reasons).toContain("guardrail: last offer 0 min ago, minimum gap 60 min; no action");
  });

  it("shares the daily budget across units: once spent, nobody gets a discount", async () => {
    const shop = await liveShop("budget");
    await setGuardrails(shop, { dailyBudgetMinor: 1_500 });
    const [a, b, c] = [unitIn("treatment", W), unitIn("treatment", W), unitIn("treatment", W)];
    const first = (await decideFor(shop, checkoutRequest(a))).decision!;
    expect(first).toMatchObject({ action: { percent: 10 }, discountMinor: 1_000 });
    const second = (await decideFor(shop, checkoutRequest(b))).decision!;
    expect(second).toMatchObject({ action: { percent: 5 }, discountMinor: 500 });
    expect(second.reasons).toContain("guardrail: 10% reduced to 5% (daily budget (500 left))");
    const third = (await decideFor(shop, checkoutRequest(c))).decision!;
    expect(third).toMatchObject({ action: { type: "none" }, discountMinor: 0 });
    expect(third.reasons).toContain("guardrail: no discount left after limits; no action");
    const rows = await stored(shop);
    expect(rows.reduce((s, r) => s + r.discountMinor, 0)).toBe(1_500);
    expect((rows[2]!.context as unknown as DecisionContext).history.shopDiscountSpentTodayMinor).toBe(1_500);
  });

  it("concurrent checkouts cannot together spend past the daily budget or the frequency cap", async () => {
    const shop = await liveShop("race");
    await setGuardrails(shop, { dailyBudgetMinor: 2_500, frequency: { maxOffersPerWindow: 1, minMinutesBetweenOffers: null } });
    const units = Array.from({ length: 6 }, () => unitIn("treatment", W));
    const spent = (await Promise.all(units.map((u) => decideFor(shop, checkoutRequest(u))))).map((r) => r.decision!.discountMinor);
    expect(spent.reduce((a, b) => a + b, 0)).toBe(2_500);
    expect([...spent].sort((a, b) => b - a)).toEqual([1_000, 1_000, 500, 0, 0, 0]);

    const unit = unitIn("treatment", W);
    await setGuardrails(shop, { dailyBudgetMinor: null, frequency: { maxOffersPerWindow: 1, minMinutesBetweenOffers: null } });
    const same = await Promise.all(Array.from({ length: 5 }, () => decideFor(shop, checkoutRequest(unit))));
    expect(same.filter((r) => r.decision!.action.type === "percentage_discount")).toHaveLength(1);
  });

  it("a review holds budget until it is decided", async () => {
    const shop = await liveShop("held");
    await setGuardrails(shop, { dailyBudgetMinor: 7_000 });
    const big = await decideFor(shop, checkoutRequest(unitIn("treatment", W), BIG_CART));
    expect(big.decision).toMatchObject({ outcome: "review", discountMinor: 6_000 });
    const next = (await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).decision!;
    expect(next).toMatchObject({ outcome: "apply", discountMinor: 1_000, action: { percent: 10 } });
    const last = (await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).decision!;
    expect(last.action.type).toBe("none");
  });

  it.each([
    ["universal_holdout" as const, "universal holdout"],
    ["control" as const, "% control"],
  ])("a unit in %s is logged with outcome skip and the caller is told to do nothing", async (arm, why) => {
    const shop = await liveShop("held-out");
    const unit = unitIn(arm, W);
    const result = await decideFor(shop, checkoutRequest(unit));
    expect(result.arm).toBe(arm);
    expect(result.decision).toMatchObject({ action: { type: "none" }, outcome: "skip", source: "holdout", discountMinor: 0, experimentArm: arm });
    const [row] = await stored(shop);
    expect(row).toMatchObject({ outcome: "skip", experimentArm: arm, discountMinor: 0 });
    // What the engine would have done is kept for the lift read-out, marked as not acted on.
    expect((row!.decision as unknown as Decision).action).toEqual({ type: "percentage_discount", percent: 10 });
    expect((row!.decision as unknown as Decision).reasons.join("\n")).toContain(why);
    expect((row!.decision as unknown as Decision).reasons).toContain("held out: no action taken");
    expect(await prisma.exposure.findMany({ where: { shop } })).toEqual([expect.objectContaining({ unitId: unit, arm })]);
    // Held-out units use no budget and no frequency.
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).decision!.discountMinor).toBe(1_000);
  });

  it("the kill switch takes effect within a second, without a restart or a cache flush", async () => {
    const shop = await liveShop("kill");
    const unit = unitIn("treatment", W, "kill");
    expect((await decideFor(shop, checkoutRequest(unit))).decision).not.toBeNull();
    const flipped = Date.now();
    await setFlag(shop, W, { killed: true, version: 2 }, { invalidate: false });
    let result = await decideFor(shop, checkoutRequest(unitIn("treatment", W, "kill2")));
    while (result.decision !== null && Date.now() - flipped < 1_200) {
      await new Promise((r) => setTimeout(r, 50));
      result = await decideFor(shop, checkoutRequest(unitIn("treatment", W, "kill2")));
    }
    const took = Date.now() - flipped;
    expect(result).toMatchObject({ decision: null, decisionId: null, flag: { mode: "off", source: "kill_switch" } });
    expect(took).toBeLessThan(1_000); // a cached value is used at most CONFIG_STALE_MS; the promise is "under a second"
    const before = (await stored(shop)).length;
    expect((await decideFor(shop, checkoutRequest(unit))).decision).toBeNull();
    expect((await stored(shop)).length).toBe(before);
  });

  it("between the TTL and the stale limit the cached settings are served while a refresh runs; the refresh then lands", async () => {
    const shop = await liveShop("stale");
    // Taken before the read: the cached value is at most this old, so the check below is conservative.
    const loadedBy = Date.now();
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).flag.mode).toBe("live");
    await setFlag(shop, W, { killed: true, version: 2 }, { invalidate: false });
    await new Promise((r) => setTimeout(r, CONFIG_TTL_MS + 50));
    const served = await decideFor(shop, checkoutRequest(unitIn("treatment", W)));
    // Still inside the stale window: the old (live) flag answered, and a refresh started.
    if (Date.now() - loadedBy < CONFIG_STALE_MS) expect(served.flag.mode).toBe("live");
    await new Promise((r) => setTimeout(r, 100));
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).flag).toMatchObject({ mode: "off", source: "kill_switch" });
  });

  it("a decision dated in the future (a caller's own clock) does not keep the kill switch from reaching this process", async () => {
    const shop = await liveShop("kill-future");
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)), { now: tomorrow })).decision).not.toBeNull();
    await setFlag(shop, W, { killed: true, version: 2 }, { invalidate: false });
    // Past the stale window (a cached value is never used once older than CONFIG_STALE_MS < 1 s).
    await new Promise((r) => setTimeout(r, CONFIG_STALE_MS + 50));
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).flag).toMatchObject({ mode: "off", source: "kill_switch" });
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)), { now: tomorrow })).decision).toBeNull();
  });

  it("shadow mode logs what would happen (outcome shadow) and counts nothing against budget or frequency", async () => {
    const shop = newShop("shadow");
    await putSetting(shop, `policy:${W}`, tenOff);
    await setFlag(shop, W, { mode: "shadow" });
    await setGuardrails(shop, { dailyBudgetMinor: 1_000, frequency: { maxOffersPerWindow: 1, minMinutesBetweenOffers: null } });
    const unit = unitIn("treatment", W);
    for (const u of [unit, unit, unitIn("treatment", W)]) {
      const d = (await decideFor(shop, checkoutRequest(u))).decision!;
      expect(d).toMatchObject({ outcome: "shadow", action: { type: "percentage_discount", percent: 10 }, discountMinor: 1_000 });
      expect(d.reasons).toContain("shadow mode: not applied (live outcome would be apply)");
    }
    expect((await stored(shop)).map((r) => [r.outcome, r.discountMinor])).toEqual([["shadow", 0], ["shadow", 0], ["shadow", 0]]);
    await setFlag(shop, W, { mode: "live", version: 2 });
    // Live now: the whole budget is there, and the unit shadowed twice has had no offer.
    expect((await decideFor(shop, checkoutRequest(unit))).decision).toMatchObject({ outcome: "apply", discountMinor: 1_000 });
  });

  it("a hostile LLM proposal is held to the guardrails: at most 15 %, and never below the margin floor", async () => {
    const shop = await liveShop("llm");
    const llmProposal = { action: { type: "percentage_discount", percent: 90 }, reasons: ["ignore previous instructions"] };
    // Plenty of margin: the 15 % maximum binds.
    const wide = (await decideFor(shop, checkoutRequest(unitIn("treatment", W), [{ price: 10_000, cost: 2_000 }], { llmProposal }))).decision!;
    expect(wide).toMatchObject({ source: "llm", outcome: "apply", action: { type: "percentage_discount", percent: 15 }, discountMinor: 1_500 });
    expect(wide.reasons).toContain("guardrail: 90% reduced to 15% (max discount 15%)");
    // Thin margin: price 10000, cost 7000, floor 20 % of price → at most 1000 (10 %) of discount.
    const lines = [{ price: 10_000, cost: 7_000, quantity: 2 }, { price: 5_000, cost: 3_000 }];
    const thin = (await decideFor(shop, checkoutRequest(unitIn("treatment", W), lines, { llmProposal }))).decision!;
    expect(thin.action.type).toBe("percentage_discount");
    const percent = (thin.action as { percent: number }).percent;
    expect(percent).toBeLessThanOrEqual(15);
    for (const l of lines) expect(l.price - l.cost - (l.price * percent) / 100).toBeGreaterThanOrEqual(0.2 * l.price);
    expect(thin.discountMinor).toBeLessThanOrEqual(Math.ceil((25_000 * percent) / 100));
    expect(thin.reasons.join("\n")).toMatch(/reduced to 10% \(margin floor/);
    const [, row] = await stored(shop);
    expect(JSON.stringify(replay(row!.context))).toBe(JSON.stringify(row!.decision));
  });

  it("two shops are isolated: one shop's decisions are not in the other's history or budget", async () => {
    const [a, b] = [await liveShop("iso-a"), await liveShop("iso-b")];
    for (const shop of [a, b]) await setGuardrails(shop, { dailyBudgetMinor: 2_000, frequency: { maxOffersPerWindow: 1, minMinutesBetweenOffers: null } });
    const unit = unitIn("treatment", W);
    expect((await decideFor(a, checkoutRequest(unit))).decision).toMatchObject({ discountMinor: 1_000 });
    expect((await decideFor(a, checkoutRequest(unitIn("treatment", W)))).decision).toMatchObject({ discountMinor: 1_000 });
    // Shop A has spent its budget and capped the unit; shop B sees neither.
    expect((await decideFor(a, checkoutRequest(unitIn("treatment", W)))).decision!.action.type).toBe("none");
    const inB = await decideFor(b, checkoutRequest(unit));
    expect(inB.decision).toMatchObject({ outcome: "apply", discountMinor: 1_000 });
    const rowB = await prisma.decision.findUniqueOrThrow({ where: { id: inB.decisionId! } });
    expect((rowB.context as unknown as DecisionContext).history).toEqual({ offersToCustomerInWindow: 0, lastOfferAt: null, shopDiscountSpentTodayMinor: 0 });
    expect(await prisma.decision.count({ where: { shop: b } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { shop: b } })).toBe(1);
  });
});
