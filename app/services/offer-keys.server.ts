// Each shop's offer-signing keys. The newest signs; older ones still verify until they are dropped,
// so a rotation never voids offers already in carts. The same list goes into the discount
// Function's `$app` configuration (checkout-setup.server.ts), which is how the Function learns them.
import { z } from "zod";
import prisma from "../db.server";
import { newSigningSecret, type SigningKey } from "../lib/offer-token.server";
import { readSetting, StaleSettingError, writeSetting } from "../models/settings.server";

const keysSchema = z.object({
  keys: z.array(z.object({ kid: z.string().min(1), secret: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() })).min(1),
});
export type OfferKeys = z.infer<typeof keysSchema>;

/** How many keys stay valid: the signing key and the one before it. */
const KEEP = 2;
const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; keys: OfferKeys }>();

async function load(shop: string): Promise<OfferKeys | null> {
  const row = await readSetting(shop, "offer-keys");
  const parsed = row ? keysSchema.safeParse(row.value) : null;
  return parsed?.success ? parsed.data : null;
}

/** Writes a new key in front; two processes racing on the first key both end up with the winner's. */
async function addKey(shop: string, current: OfferKeys | null, version: number): Promise<OfferKeys> {
  const n = current ? Math.max(...current.keys.map((k) => Number(k.kid.replace(/^k/, "")) || 0)) + 1 : 1;
  const next: OfferKeys = { keys: [{ kid: `k${n}`, secret: newSigningSecret(), createdAt: new Date().toISOString() }, ...(current?.keys ?? [])].slice(0, KEEP) };
  try {
    await prisma.$transaction((tx) => writeSetting(tx, shop, "offer-keys", next, "uplift", version));
    return next;
  } catch (error) {
    if (!(error instanceof StaleSettingError)) throw error;
    const winner = await load(shop);
    if (!winner) throw error;
    return winner;
  }
}

/** The shop's keys, newest first; the first call for a shop creates its first key. */
export async function offerKeys(shop: string, now = Date.now()): Promise<OfferKeys> {
  const hit = cache.get(shop);
  if (hit && now - hit.at < CACHE_MS) return hit.keys;
  const row = await readSetting(shop, "offer-keys");
  const parsed = row ? keysSchema.safeParse(row.value) : null;
  const keys = parsed?.success ? parsed.data : await addKey(shop, null, row?.version ?? 0);
  cache.set(shop, { at: now, keys });
  return keys;
}

export async function signingKey(shop: string): Promise<SigningKey> {
  const { keys } = await offerKeys(shop);
  return { kid: keys[0]!.kid, secret: keys[0]!.secret };
}

/** A new signing key; the previous one keeps verifying. The caller pushes the list to the Function. */
export async function rotateOfferKey(shop: string): Promise<OfferKeys> {
  const row = await readSetting(shop, "offer-keys");
  const parsed = row ? keysSchema.safeParse(row.value) : null;
  const keys = await addKey(shop, parsed?.success ? parsed.data : null, row?.version ?? 0);
  cache.set(shop, { at: Date.now(), keys });
  return keys;
}

export function forgetOfferKeys(shop?: string) {
  if (shop) cache.delete(shop);
  else cache.clear();
}
