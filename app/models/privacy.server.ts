import type { Prisma } from "@prisma/client";
import type { Tx } from "../db.server";

/** Everything we hold for one shop, gone (app/uninstalled, shop/redact). */
export async function eraseShop(tx: Tx, shop: string, keepEventId?: string): Promise<void> {
  await tx.session.deleteMany({ where: { shop } });
  await tx.customer.deleteMany({ where: { shop } });
  await tx.order.deleteMany({ where: { shop } });
  await tx.cart.deleteMany({ where: { shop } });
  await tx.checkout.deleteMany({ where: { shop } });
  await tx.dataExport.deleteMany({ where: { shop } });
  await tx.auditLog.deleteMany({ where: { shop } });
  await tx.approval.deleteMany({ where: { shop } });
  await tx.decision.deleteMany({ where: { shop } });
  await tx.setting.deleteMany({ where: { shop } });
  await tx.slackApprover.deleteMany({ where: { shop } });
  await tx.exposure.deleteMany({ where: { shop } });
  await tx.armStat.deleteMany({ where: { shop } });
  await tx.customerScore.deleteMany({ where: { shop } });
  await tx.modelRun.deleteMany({ where: { shop } });
  await tx.orderUnit.deleteMany({ where: { shop } });
  await tx.offerRedemption.deleteMany({ where: { shop } });
  await tx.dailySpend.deleteMany({ where: { shop } });
  await tx.offerSlot.deleteMany({ where: { shop } });
  await tx.crmConnection.deleteMany({ where: { shop } });
  await tx.crmSyncItem.deleteMany({ where: { shop } });
  await tx.backfillRun.deleteMany({ where: { shop } });
  await tx.behaviorCount.deleteMany({ where: { shop } });
  await tx.audienceMember.deleteMany({ where: { shop } });
  await tx.webhookEvent.deleteMany({ where: { shop, ...(keepEventId ? { id: { not: keepEventId } } : {}) } });
  if (keepEventId) {
    // The event being processed stays as the record that the erasure ran, without its payload.
    await tx.webhookEvent.update({ where: { id: keepEventId }, data: { payload: { erased: true } } });
  }
}

export type CustomerRef = { gid: string; email: string | null; phone: string | null; orderGids: string[] };

/** customers/redact: the customer's personal data removed from every table and stored payload. */
export async function redactCustomer(tx: Tx, shop: string, ref: CustomerRef, keepEventId: string): Promise<void> {
  await tx.customer.updateMany({
    where: { shop, shopifyGid: ref.gid },
    data: { email: null, phone: null, firstName: null, lastName: null, tags: [], redactedAt: new Date() },
  });
  await tx.order.updateMany({
    where: { shop, OR: [{ customerGid: ref.gid }, { shopifyGid: { in: ref.orderGids } }] },
    data: { email: null, redactedAt: new Date() },
  });
  await tx.checkout.updateMany({
    where: { shop, OR: [{ customerGid: ref.gid }, ...(ref.email ? [{ email: ref.email }] : [])] },
    data: { email: null, phone: null, redactedAt: new Date() },
  });
  await tx.dataExport.deleteMany({ where: { shop, customerGid: ref.gid } });
  // Decisions keep their numbers (lift and budgets stay right) but lose who they were about.
  await tx.$executeRaw`
    UPDATE "Decision" SET "customerGid" = NULL, "unitId" = 'redacted',
      context = jsonb_set(jsonb_set(context, '{customer}', 'null'::jsonb, false), '{unitId}', '"redacted"'::jsonb, false),
      -- The decision's own copy of its context goes too (json: no longer byte-exact, and no longer
      -- replayable, which replay.server.ts says for redacted decisions).
      decision = jsonb_set(jsonb_set(decision::jsonb, '{inputs,context,customer}', 'null'::jsonb, false),
                           '{inputs,context,unitId}', '"redacted"'::jsonb, false)::json
    WHERE shop = ${shop} AND ("customerGid" = ${ref.gid} OR "unitId" = ${ref.gid})`;
  await tx.exposure.deleteMany({ where: { shop, unitId: ref.gid } });
  await tx.customerScore.deleteMany({ where: { shop, customerGid: ref.gid } });
  // Our staged CRM copy goes; the CRM's own record is the merchant's to erase there.
  await tx.crmSyncItem.deleteMany({ where: { shop, customerGid: ref.gid } });
  await tx.behaviorCount.deleteMany({ where: { shop, customerGid: ref.gid } });
  await tx.audienceMember.deleteMany({ where: { shop, customerGid: ref.gid } });
  await tx.$executeRaw`
    UPDATE "Approval" SET subject = jsonb_set(subject, '{customerGid}', '"redacted"'::jsonb, false),
      "proposedAction" = jsonb_set("proposedAction", '{customerGid}', '"redacted"'::jsonb, false),
      reasons = '["a tier change held for review (customer redacted)"]'::jsonb
    WHERE shop = ${shop} AND kind = 'crm_tier_change' AND subject->>'customerGid' = ${ref.gid}`;
  await tx.$executeRaw`SELECT set_config('uplift.redacting', 'on', true)`;
  await tx.auditLog.updateMany({ where: { shop, customerGid: ref.gid }, data: { customerGid: null } });
  // Stored webhook payloads that mention the customer (by id, gid, e-mail or phone) are emptied.
  const numericId = /^\d+$/.test(ref.gid.split("/").pop() ?? "") ? ref.gid.split("/").pop() : "-1";
  const needles = [ref.gid, ...(ref.email ? [ref.email] : []), ...(ref.phone ? [ref.phone] : [])];
  await tx.$executeRaw`
    UPDATE "WebhookEvent"
    SET payload = '{"redacted": true}'::jsonb,
        -- an event not yet processed is dropped: its personal data is gone, and so is the reason to apply it
        status = CASE WHEN status = 'processed' THEN status ELSE 'redacted' END
    WHERE shop = ${shop} AND id <> ${keepEventId}::uuid AND (
      payload::text LIKE ANY (SELECT '%' || n || '%' FROM unnest(${needles}::text[]) AS n)
      OR payload @? ${`$.**.customer.id ? (@ == ${numericId})`}::jsonpath
    )`;
  await tx.webhookEvent.update({ where: { id: keepEventId }, data: { payload: { redacted: true } } });
}

export async function exportCustomer(tx: Tx, shop: string, ref: CustomerRef, requestId: string): Promise<void> {
  const customer = await tx.customer.findUnique({ where: { shop_shopifyGid: { shop, shopifyGid: ref.gid } } });
  const orders = await tx.order.findMany({
    where: { shop, OR: [{ customerGid: ref.gid }, { shopifyGid: { in: ref.orderGids } }] },
  });
  const checkouts = await tx.checkout.findMany({
    where: { shop, OR: [{ customerGid: ref.gid }, ...(ref.email ? [{ email: ref.email }] : [])] },
  });
  const score = await tx.customerScore.findUnique({ where: { shop_customerGid: { shop, customerGid: ref.gid } } });
  const crmSync = await tx.crmSyncItem.findMany({ where: { shop, customerGid: ref.gid }, select: { provider: true, payload: true, status: true, syncedAt: true } });
  const behavior = await tx.behaviorCount.findMany({ where: { shop, customerGid: ref.gid }, select: { key: true, day: true, count: true } });
  const audiences = await tx.audienceMember.findMany({ where: { shop, customerGid: ref.gid }, select: { audienceId: true, provider: true, status: true, changedAt: true, syncedAt: true } });
  const data = JSON.parse(JSON.stringify({ customer, orders, checkouts, score, crmSync, behavior, audiences })) as Prisma.InputJsonValue;
  await tx.dataExport.upsert({
    where: { shop_requestId: { shop, requestId } },
    create: { shop, customerGid: ref.gid, requestId, data },
    update: { data },
  });
}
