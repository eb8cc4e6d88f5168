// An order that used our automatic discount: read the offer Shopify copied from the cart to the
// order (order metafield `$app.offer`, copied because its definition is cart-to-order copyable),
// check it as the Function could not — signature with the shop's keys, expiry to the second
// against the order's time, single use — and link the order to the offer's experiment unit.
// A bad or reused offer is flagged and audited, never silently credited.
import { Prisma } from "@prisma/client";
import { z } from "zod";
import prisma, { type Tx } from "../db.server";
import { adminQuery, type AdminGraphql } from "../integrations/shopify-admin.server";
import { verifyOffer } from "../lib/offer-token.server";
import { recordAudit } from "../models/audit.server";
import { queue, QUEUES, txExecutor } from "../queue.server";
import { DISCOUNT_TITLE } from "./checkout-setup.server";
import { offerKeys } from "./offer-keys.server";

export type OfferRedemptionJob = { shop: string; orderGid: string };

const ORDER_OFFER = `#graphql
  query UpliftOrderOffer($id: ID!) {
    order(id: $id) {
      id
      createdAt
      customer { id }
      metafield(namespace: "$app", key: "offer") { value }
      totalDiscountsSet { shopMoney { amount currencyCode } }
    }
  }`;

const orderOffer = z.object({
  order: z
    .object({
      id: z.string(),
      createdAt: z.string(),
      customer: z.object({ id: z.string() }).nullable(),
      metafield: z.object({ value: z.string() }).nullable(),
      totalDiscountsSet: z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) }),
    })
    .nullable(),
});

/** Whether an orders/create payload shows our automatic discount among its discount applications. */
export function usedOurDiscount(applications: { type: string; title?: string | null }[]): boolean {
  return applications.some((a) => a.type === "automatic" && a.title === DISCOUNT_TITLE);
}

/** Queued in the webhook's own transaction: the job exists exactly when the order was stored. */
export async function requestOfferRedemption(tx: Tx, shop: string, orderGid: string) {
  const boss = await queue();
  await boss.send(QUEUES.offerRedemption, { shop, orderGid } satisfies OfferRedemptionJob, { singletonKey: `${shop}/${orderGid}`, db: txExecutor(tx) });
}

export type RedemptionResult = { status: "redeemed" | "flagged" | "no_offer" | "already_checked"; reasons: string[]; offerId: string | null };

const minorOf = (amount: string) => Math.round(Number(amount) * 100);

export async function redeemOrderOffer(shop: string, orderGid: string, graphql: AdminGraphql): Promise<RedemptionResult> {
  const done = await prisma.offerRedemption.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
  if (done) return { status: "already_checked", reasons: done.reasons as string[], offerId: done.offerId };
  const read = await adminQuery(graphql, ORDER_OFFER, orderOffer, { variables: { id: orderGid } });
  if (!read.ok) throw new Error(`order ${orderGid}: ${read.error.code} ${read.error.message}`);
  const order = read.data.order;
  // No offer on the order: the discount came from a customer entitlement (no cart token involved).
  if (!order?.metafield) return { status: "no_offer", reasons: [], offerId: null };

  let value: unknown;
  try {
    value = JSON.parse(order.metafield.value);
  } catch {
    value = null;
  }
  const keys = (await offerKeys(shop)).keys;
  const check = verifyOffer(value, keys);
  const reasons: string[] = [];
  let offerId = typeof (value as { oid?: unknown })?.oid === "string" ? (value as { oid: string }).oid : "unknown";
  let unitId: string | null = null;
  if (!check.ok) reasons.push(`offer not valid: ${check.reason}`);
  else {
    const t = check.token;
    offerId = t.oid;
    if (t.shop !== shop) reasons.push(`offer is for ${t.shop}`);
    if (Date.parse(t.exp) < Date.parse(order.createdAt)) reasons.push(`offer expired at ${t.exp}, order placed ${order.createdAt}`);
    if (t.cust && t.cust !== order.customer?.id) reasons.push(`offer bound to ${t.cust}, order by ${order.customer?.id ?? "a guest"}`);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(t.oid);
    const decision = uuid ? await prisma.decision.findFirst({ where: { shop, id: t.oid }, select: { unitId: true } }) : null;
    if (!decision) reasons.push(`offer ${t.oid} was not issued by this app`);
    unitId = decision?.unitId ?? null;
  }
  const valueMinor = minorOf(order.totalDiscountsSet.shopMoney.amount);

  const record = async (status: "redeemed" | "flagged", why: string[]) =>
    prisma.$transaction(async (tx) => {
      await tx.offerRedemption.create({ data: { shop, orderGid, offerId, status, reasons: why, valueMinor } });
      if (unitId) await tx.orderUnit.upsert({ where: { shop_orderGid_unitId: { shop, orderGid, unitId } }, create: { shop, orderGid, unitId, source: "offer" }, update: {} });
      await recordAudit(tx, {
        shop,
        event: status === "redeemed" ? "offer.redeemed" : "offer.flagged",
        actor: "system",
        entity: offerId,
        orderGid,
        customerGid: order.customer?.id ?? null,
        workflow: "checkout_incentive",
        after: { offerId, valueMinor, status },
        reasons: why.length ? why : [`offer ${offerId} redeemed by ${orderGid}`],
      });
    });

  if (reasons.length > 0) {
    await record("flagged", reasons);
    return { status: "flagged", reasons, offerId };
  }
  try {
    await record("redeemed", []);
    return { status: "redeemed", reasons: [], offerId };
  } catch (error) {
    // The partial unique index: this offer was already redeemed by another order.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") throw error;
    const first = await prisma.offerRedemption.findFirst({ where: { shop, offerId, status: "redeemed" }, select: { orderGid: true } });
    const why = [`offer ${offerId} already redeemed by ${first?.orderGid ?? "another order"}`];
    await record("flagged", why);
    return { status: "flagged", reasons: why, offerId };
  }
}
