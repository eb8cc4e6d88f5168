import { afterAll, describe, expect, it } from "vitest";
import prisma, { pool } from "../../app/db.server";
import { replay } from "../../app/engine/decide";
import { auditInsertSql, recordAudit, type AuditEntry } from "../../app/models/audit.server";
import { dailySpend, utcDay } from "../../app/models/daily-spend.server";
import { offerSlot } from "../../app/models/offer-slot.server";
import { SqlParams } from "../../app/lib/sql-params";
import { stopQueue } from "../../app/queue.server";
import { decideApproval, expireDueApprovals, type Approver } from "../../app/services/approvals.server";
import { decideFor } from "../../app/services/decide.server";
import { BIG_CART, checkoutRequest, liveShop, setGuardrails, unitIn } from "../support/decisions";

// How decideFor stores a decision without a shop lock (decision.server.ts): the day's spend counter
// reserved by a conditional update, the unit's offer slot checked by version, and every row of a
// decision written by one statement.

const W = "checkout_incentive";
const alice: Approver = { staffId: "1001", name: "Alice Admin", via: "admin" };

/** What the counter must always equal: applied discounts plus the money approvals hold, on the day. */
async function countedByRows(shop: string, day: string) {
  const [row] = await prisma.$queryRaw<{ applied: string; held: string }[]>`SELECT
    (SELECT coalesce(sum("discountMinor"), 0) FROM "Decision" WHERE shop = ${shop} AND outcome = 'apply' AND "createdAt"::date = ${day}::date)::text AS applied,
    (SELECT coalesce(sum("discountMinor"), 0) FROM "Approval" WHERE shop = ${shop} AND status IN ('pending', 'approved') AND "createdAt"::date = ${day}::date)::text AS held`;
  return { applied: Number(row!.applied), held: Number(row!.held) };
}

async function expectCounterMatchesRows(shop: string, day = utcDay(new Date())) {
  const rows = await countedByRows(shop, day);
  expect(await dailySpend(prisma, shop, day)).toBe(rows.applied + rows.held);
  return rows;
}

const rowsOf = async (shop: string) => ({
  decisions: await prisma.decision.count({ where: { shop } }),
  audit: await prisma.auditLog.count({ where: { shop } }),
  exposures: await prisma.exposure.count({ where: { shop } }),
  approvals: await prisma.approval.count({ where: { shop } }),
  slots: await prisma.offerSlot.findMany({ where: { shop }, orderBy: { slot: "asc" } }),
  spend: await dailySpend(prisma, shop, utcDay(new Date())),
});

describe("storing decisions without a shop lock", () => {
  afterAll(async () => {
    await stopQueue();
  });

  it("many parallel checkouts against a small budget: never more than the budget, the counter equals the rows, every row replays", async () => {
    const shop = await liveShop("spend-race");
    await setGuardrails(shop, { dailyBudgetMinor: 20_000 });
    const now = new Date();
    // Discounts of different sizes (10 % of 7000…12070), and every eighth cart big enough to go to review (6000 held).
    const requests = Array.from({ length: 40 }, (_, i) => checkoutRequest(unitIn("treatment", W), i % 8 === 0 ? BIG_CART : [{ price: 7_000 + 130 * i, cost: 2_000 }]));
    const results = await Promise.all(requests.map((r) => decideFor(shop, r, { now })));

    const { applied, held } = await expectCounterMatchesRows(shop, utcDay(now));
    expect(applied + held).toBeLessThanOrEqual(20_000);
    expect(held).toBeGreaterThan(0);
    // What the callers were told is what was stored and counted.
    const answered = results.filter((r) => r.decision!.outcome === "apply").reduce((n, r) => n + r.decision!.discountMinor, 0);
    expect(answered).toBe(applied);
    const rows = await prisma.decision.findMany({ where: { shop } });
    expect(rows).toHaveLength(40);
    for (const row of rows) expect(JSON.stringify(replay(row.context))).toBe(JSON.stringify(row.decision));
    // Each decision was checked against a figure that, with its own money, fits the budget.
    for (const row of rows.filter((r) => r.outcome === "apply")) {
      const spent = (row.context as { history: { shopDiscountSpentTodayMinor: number } }).history.shopDiscountSpentTodayMinor;
      expect(spent + row.discountMinor).toBeLessThanOrEqual(20_000);
    }
    expect(await prisma.auditLog.count({ where: { shop, event: "decision.made" } })).toBe(40);
  });

  it("an approval holds its money while pending or approved, gives it back when rejected or expired, and an edit moves it", async () => {
    const shop = await liveShop("spend-approvals");
    const review = async () => {
      const r = await decideFor(shop, checkoutRequest(unitIn("treatment", W), BIG_CART));
      expect(r.decision).toMatchObject({ outcome: "review", discountMinor: 6_000 });
      return r.approvalId!;
    };
    const [a, b, c, d] = [await review(), await review(), await review(), await review()];
    expect((await expectCounterMatchesRows(shop)).held).toBe(24_000);

    expect(await decideApproval(shop, a, { verdict: "approve" }, alice)).toMatchObject({ ok: true });
    expect((await expectCounterMatchesRows(shop)).held).toBe(24_000);
    expect(await decideApproval(shop, b, { verdict: "reject" }, alice)).toMatchObject({ ok: true });
    expect((await expectCounterMatchesRows(shop)).held).toBe(18_000);
    expect(await decideApproval(shop, c, { verdict: "edit", action: { type: "percentage_discount", percent: 5 } }, alice)).toMatchObject({ ok: true });
    expect((await expectCounterMatchesRows(shop)).held).toBe(15_000);
    const { expiresAt } = await prisma.approval.findUniqueOrThrow({ where: { id: d } });
    expect(await expireDueApprovals(new Date(expiresAt.getTime() + 1), shop)).toBe(1);
    expect((await expectCounterMatchesRows(shop)).held).toBe(9_000);

    // The money given back is there for the next checkout.
    const next = await decideFor(shop, checkoutRequest(unitIn("treatment", W)));
    expect((next.decision!.inputs as { context: { history: { shopDiscountSpentTodayMinor: number } } }).context.history.shopDiscountSpentTodayMinor).toBe(9_000);
    await expectCounterMatchesRows(shop);
  });

  it("an edit asking for more than the day has left is refused (422), stays pending and moves no money", async () => {
    const shop = await liveShop("spend-edit");
    await setGuardrails(shop, { dailyBudgetMinor: 8_000 });
    const review = await decideFor(shop, checkoutRequest(unitIn("treatment", W), BIG_CART));
    expect(review.decision).toMatchObject({ outcome: "review", discountMinor: 6_000 });
    // Spent by another checkout meanwhile: 1000 of the 8000 left is 7000 held or applied.
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).decision).toMatchObject({ outcome: "apply", discountMinor: 1_000 });
    // 13 % is 7800: within the guardrails the decision was made under (8000 left then), not within today's 1000 left.
    const more = await decideApproval(shop, review.approvalId!, { verdict: "edit", action: { type: "percentage_discount", percent: 13 } }, alice);
    expect(more).toMatchObject({ ok: false, status: 422 });
    expect(await prisma.approval.findUniqueOrThrow({ where: { id: review.approvalId! } })).toMatchObject({ status: "pending", discountMinor: 6_000, finalAction: null });
    expect(await prisma.auditLog.count({ where: { shop, entity: review.approvalId!, event: "approval.edited" } })).toBe(0);
    expect(await dailySpend(prisma, shop, utcDay(new Date()))).toBe(7_000);
    // 11 % (6600) fits: 600 more of the 1000 left.
    expect(await decideApproval(shop, review.approvalId!, { verdict: "edit", action: { type: "percentage_discount", percent: 11 } }, alice)).toMatchObject({ ok: true });
    expect(await dailySpend(prisma, shop, utcDay(new Date()))).toBe(7_600);
    await expectCounterMatchesRows(shop);
  });

  it("a statement that fails on its last row leaves nothing: no decision, audit entry, exposure or approval, and no money or slot taken", async () => {
    const shop = await liveShop("spend-crash");
    // The audit log refuses this shop's entries, as a crash between the rows would (the trigger is
    // the last thing the statement runs into, after the decision, its money and its slot).
    await pool.query(`CREATE FUNCTION uplift_test_refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit refused for the test'; END; $$ LANGUAGE plpgsql`);
    await pool.query(`CREATE TRIGGER uplift_test_refuse_audit BEFORE INSERT ON "AuditLog" FOR EACH ROW WHEN (NEW.shop = '${shop}') EXECUTE FUNCTION uplift_test_refuse_audit()`);
    try {
      const before = await rowsOf(shop);
      await expect(decideFor(shop, checkoutRequest(unitIn("treatment", W)))).rejects.toThrow(/audit refused/);
      await expect(decideFor(shop, checkoutRequest(unitIn("treatment", W), BIG_CART))).rejects.toThrow(/audit refused/);
      expect(await rowsOf(shop)).toEqual(before);
      expect(before).toMatchObject({ decisions: 0, audit: 0, exposures: 0, approvals: 0, spend: 0 });
    } finally {
      await pool.query(`DROP TRIGGER uplift_test_refuse_audit ON "AuditLog"`);
      await pool.query(`DROP FUNCTION uplift_test_refuse_audit()`);
    }
    // The same checkout now goes through, whole.
    const ok = await decideFor(shop, checkoutRequest(unitIn("treatment", W)));
    expect(ok.decision).toMatchObject({ outcome: "apply", discountMinor: 1_000 });
    expect(await rowsOf(shop)).toMatchObject({ decisions: 1, audit: 1, exposures: 1, spend: 1_000 });
  });

  it("two units sharing an offer slot both get their offer: the second is decided again, not refused", async () => {
    const shop = await liveShop("spend-slot");
    await setGuardrails(shop, { frequency: { maxOffersPerWindow: 1, minMinutesBetweenOffers: null } });
    const first = unitIn("treatment", W);
    let second = unitIn("treatment", W);
    while (offerSlot(second) !== offerSlot(first)) second = unitIn("treatment", W);
    const results = await Promise.all([first, second, first, second].map((u) => decideFor(shop, checkoutRequest(u))));
    // One offer per unit (the cap), whichever of each pair stored first.
    expect(results.filter((r) => r.decision!.action.type === "percentage_discount")).toHaveLength(2);
    const rows = await prisma.decision.findMany({ where: { shop, outcome: "apply", actionType: "percentage_discount" } });
    expect(rows.map((r) => r.unitId).sort()).toEqual([first, second].sort());
    expect(await prisma.offerSlot.findMany({ where: { shop } })).toEqual([expect.objectContaining({ slot: offerSlot(first), version: 2n })]);
  });

  it.each([
    ["DailySpend", "budget", "guardrail: no discount left after limits; no action"],
    ["OfferSlot", "unit", "guardrail: frequency cap reached (3 offers in window, max 3); no action"],
  ])("a decision that keeps losing the race for its %s row is made with that limit reached: stored, replayable, explained", async (table, lost, reason) => {
    const shop = await liveShop(`spend-lose-${lost}`);
    const first = unitIn("treatment", W);
    let other = unitIn("treatment", W);
    while (offerSlot(other) !== offerSlot(first)) other = unitIn("treatment", W);
    // The first offer creates the shop's day row and the units' slot row.
    expect((await decideFor(shop, checkoutRequest(first))).decision).toMatchObject({ outcome: "apply", discountMinor: 1_000 });
    // From now on every update of the row is skipped, as if a concurrent decision always got there first.
    await pool.query(`CREATE FUNCTION uplift_test_skip() RETURNS trigger AS $$ BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql`);
    await pool.query(`CREATE TRIGGER uplift_test_skip BEFORE UPDATE ON "${table}" FOR EACH ROW WHEN (NEW.shop = '${shop}') EXECUTE FUNCTION uplift_test_skip()`);
    try {
      const result = await decideFor(shop, checkoutRequest(other));
      expect(result.decision).toMatchObject({ outcome: "apply", action: { type: "none" }, discountMinor: 0 });
      expect(result.decision!.reasons).toContain(reason);
      const row = await prisma.decision.findUniqueOrThrow({ where: { id: result.decisionId! } });
      expect(JSON.stringify(replay(row.context))).toBe(JSON.stringify(row.decision));
      const [entry] = await prisma.auditLog.findMany({ where: { shop, entity: row.id } });
      expect(entry!.reasonsText).toContain(`store: ${lost} taken by concurrent decisions 2 times; decided with that limit reached`);
    } finally {
      await pool.query(`DROP TRIGGER uplift_test_skip ON "${table}"`);
      await pool.query(`DROP FUNCTION uplift_test_skip()`);
    }
    await expectCounterMatchesRows(shop);
  });

  it("counts money on the UTC day the decision was made for", async () => {
    const shop = await liveShop("spend-day");
    await setGuardrails(shop, { dailyBudgetMinor: 1_000 });
    const yesterday = new Date(Date.now() - 86_400_000);
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)), { now: yesterday })).decision).toMatchObject({ discountMinor: 1_000 });
    // Yesterday's budget is spent; today's is whole.
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)), { now: yesterday })).decision!.action.type).toBe("none");
    expect((await decideFor(shop, checkoutRequest(unitIn("treatment", W)))).decision).toMatchObject({ discountMinor: 1_000 });
    expect(await dailySpend(prisma, shop, utcDay(yesterday))).toBe(1_000);
    await expectCounterMatchesRows(shop, utcDay(yesterday));
    await expectCounterMatchesRows(shop);
  });

  it("auditInsertSql writes the row recordAudit writes", async () => {
    const shop = await liveShop("audit-sql");
    const entries: AuditEntry[] = [
      { shop, event: "decision.made", actor: "system", entity: "e-1", after: { a: 1, nested: { b: [1, "x"] } }, workflow: W, customerGid: "gid://shopify/Customer/1", reasons: ["one", "two"] },
      { shop, event: "approval.edited", actor: "user", actorId: "1001", entity: "e-2", before: { status: "pending" }, after: { status: "approved" }, orderGid: "gid://shopify/Order/9", reasons: [] },
      { shop, event: "approval.requested", actor: "ai" },
    ];
    for (const entry of entries) {
      await recordAudit(prisma, entry);
      const p = new SqlParams();
      await pool.query(auditInsertSql(entry, p, "(SELECT 1) AS go"), p.values);
    }
    const rows = await prisma.auditLog.findMany({ where: { shop } });
    const strip = ({ id: _id, createdAt: _at, ...rest }: (typeof rows)[number]) => rest;
    expect(rows).toHaveLength(6);
    for (const entry of entries) {
      const same = rows.filter((r) => r.event === entry.event).map(strip);
      expect(same).toHaveLength(2);
      expect(same[0]).toEqual(same[1]);
    }
    expect(rows.find((r) => r.event === "approval.requested")).toMatchObject({ actorId: null, entity: null, before: null, after: null, reasonsText: null });
  });
});
