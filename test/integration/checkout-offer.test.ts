import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { BINDING_SCHEME, verifyOffer, verifyOfferForCart, type OfferToken } from "../../app/lib/offer-token.server";
import { writeSetting, type SettingKey } from "../../app/models/settings.server";
import { action } from "../../app/routes/api.checkout.offer";
import { offerKeys, rotateOfferKey } from "../../app/services/offer-keys.server";
import { OFFER_TTL_MS } from "../../app/services/checkout-offer.server";
import { invalidateWorkflowConfig } from "../../app/services/workflow-config.server";
import { cartLine, checkoutSessionToken, EXTENSION_ORIGIN } from "../support/checkout-session";
import { callAction } from "../support/routes";

// POST /api/checkout/offer as the Checkout UI extension calls it: real route, real database, the
// token checked with the shop's stored keys.

const uniq = () => randomUUID().slice(0, 8);
const shops = { a: `offer-a-${uniq()}.myshopify.com`, b: `offer-b-${uniq()}.myshopify.com` };

const liveFlag = { workflow: "checkout_incentive", mode: "live", killed: false, rollout: { percent: 100, seed: "s", hashVersion: 2 }, targeting: {}, version: 1 };
const noHoldout = { universalHoldout: { percent: 0, seed: "u" }, holdoutPercent: 0 };

async function setSettings(shop: string, values: Partial<Record<SettingKey, unknown>>) {
  await prisma.$transaction(async (tx) => {
    for (const [key, value] of Object.entries(values)) await writeSetting(tx, shop, key as SettingKey, value as Prisma.InputJsonValue, "test");
  });
  invalidateWorkflowConfig(shop);
}

const cart = (lines = [cartLine(1, "120.00", 2), cartLine(2, "80.00")], extra: Record<string, unknown> = {}) => ({
  checkoutToken: `ck-${uniq()}`,
  currencyCode: "USD",
  lines,
  ...extra,
});

async function post(shop: string, body: unknown, opts: { sub?: string; raw?: string } = {}) {
  const token = await checkoutSessionToken(shop, opts.sub ? { sub: opts.sub } : {});
  const request = new Request(`${process.env.SHOPIFY_APP_URL}/api/checkout/offer`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: EXTENSION_ORIGIN, Authorization: `Bearer ${token}` },
    body: opts.raw ?? JSON.stringify(body),
  });
  return callAction(action, request);
}

type Answer = { offer: null | { id: string; action: { type: string }; expiresAt: string; token: OfferToken } };

describe("POST /api/checkout/offer", () => {
  beforeAll(async () => {
    await setSettings(shops.a, { "flag:checkout_incentive": liveFlag, experiments: noHoldout });
    await setSettings(shops.b, { "flag:checkout_incentive": liveFlag, experiments: noHoldout });
  });

  it("answers an offer with a token signed by the shop's key, bound to this cart, shop and expiry", async () => {
    const body = cart();
    const before = Date.now();
    const res = await post(shops.a, body);
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const answer = (await res.json()) as Answer;
    expect(answer.offer?.action).toEqual({ type: "free_shipping" });
    const token = answer.offer!.token;
    const { keys } = await offerKeys(shops.a);
    const check = verifyOffer(token, keys);
    expect(check.ok).toBe(true);
    expect(token).toMatchObject({ v: 2, shop: shops.a, oid: answer.offer!.id, kind: "free_shipping", value: "0", cur: "USD", cust: "", kid: keys[0]!.kid, targets: "", cart: BINDING_SCHEME });
    // The signature the Function checks covers this cart's binding (ADR 0005), and no other cart's.
    const lines = [{ variantId: "gid://shopify/ProductVariant/2", quantity: 1 }, { variantId: "gid://shopify/ProductVariant/1", quantity: 2 }];
    expect(verifyOfferForCart(token, keys, lines).ok).toBe(true);
    expect(verifyOfferForCart(token, keys, [lines[0]!, { ...lines[1]!, quantity: 3 }]).ok).toBe(false);
    const exp = Date.parse(token.exp);
    expect(exp).toBeGreaterThanOrEqual(before + OFFER_TTL_MS);
    expect(exp).toBeLessThanOrEqual(Date.now() + OFFER_TTL_MS);
    // The offer id is the stored decision, with its exposure.
    const row = await prisma.decision.findUniqueOrThrow({ where: { id: answer.offer!.id } });
    expect(row).toMatchObject({ shop: shops.a, outcome: "apply", workflow: "checkout_incentive" });
  });

  it("binds the logged-in customer from the session token, never from the body", async () => {
    const sub = "gid://shopify/Customer/4242";
    const res = await post(shops.a, cart(undefined, { customerId: "gid://shopify/Customer/1" }), { sub });
    const answer = (await res.json()) as Answer;
    expect(answer.offer!.token.cust).toBe(sub);
    const anon = (await (await post(shops.a, cart(undefined, { customerId: "gid://shopify/Customer/1" }))).json()) as Answer;
    expect(anon.offer!.token.cust).toBe("");
  });

  it("a token altered in any signed field no longer verifies; another shop's keys do not verify it", async () => {
    const answer = (await (await post(shops.a, cart())).json()) as Answer;
    const token = answer.offer!.token;
    const { keys } = await offerKeys(shops.a);
    for (const [field, value] of [["kind", "percentage"], ["value", "100"], ["cart", "0".repeat(64)], ["exp", "2099-01-01T00:00:00.000Z"], ["cust", "gid://shopify/Customer/1"], ["shop", shops.b]] as const) {
      expect(verifyOffer({ ...token, [field]: value }, keys)).toEqual({ ok: false, reason: "bad signature" });
    }
    const other = await offerKeys(shops.b);
    expect(verifyOffer(token, other.keys).ok).toBe(false);
  });

  it("after a key rotation new offers use the new key and old tokens still verify", async () => {
    const old = ((await (await post(shops.b, cart())).json()) as Answer).offer!.token;
    const rotated = await rotateOfferKey(shops.b);
    expect(rotated.keys).toHaveLength(2);
    const fresh = ((await (await post(shops.b, cart())).json()) as Answer).offer!.token;
    expect(fresh.kid).toBe(rotated.keys[0]!.kid);
    expect(fresh.kid).not.toBe(old.kid);
    expect(verifyOffer(old, rotated.keys).ok).toBe(true);
    expect(verifyOffer(fresh, rotated.keys).ok).toBe(true);
  });

  it("a cart below every rule gets { offer: null } and stores the decision as no action", async () => {
    const res = await post(shops.a, cart([cartLine(5, "20.00")]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ offer: null });
  });

  it("a cart with a line the discount Function cannot bind gets no offer and no decision, not an error", async () => {
    const odd = { ...cartLine(7, "150.00"), merchandise: { ...cartLine(7, "150.00").merchandise, id: "gid://shopify/GiftCard/7" } };
    const before = await prisma.decision.count({ where: { shop: shops.a } });
    const res = await post(shops.a, cart([cartLine(1, "120.00", 2), odd]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ offer: null });
    expect(await prisma.decision.count({ where: { shop: shops.a } })).toBe(before);
  });

  it("a decision held for approval shows nothing now and queues the offer", async () => {
    const res = await post(shops.a, cart([cartLine(7, "600.00")]));
    expect(await res.json()).toEqual({ offer: null });
    const pending = await prisma.approval.findFirst({ where: { shop: shops.a, status: "pending", cartValueMinor: 60_000 } });
    expect(pending).not.toBeNull();
  });

  it("bad bodies get 400 or 413 with CORS headers and nothing stored", async () => {
    const count = await prisma.decision.count({ where: { shop: shops.a } });
    const bad = await post(shops.a, { currencyCode: "USD", lines: [] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(((await bad.json()) as { issues: string[] }).issues.join()).toMatch(/lines/);
    const huge = await post(shops.a, null, { raw: JSON.stringify({ pad: "x".repeat(200 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(huge.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await prisma.decision.count({ where: { shop: shops.a } })).toBe(count);
  });

  it("one buyer asking too often gets 429 with Retry-After; another buyer is unaffected", async () => {
    const body = cart([cartLine(5, "20.00")]);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(shops.a, body)).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    const limited = await post(shops.a, body);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((await post(shops.a, cart([cartLine(5, "20.00")]))).status).toBe(200);
  });
});
