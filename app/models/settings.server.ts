import type { Prisma } from "@prisma/client";
import prisma, { type Tx } from "../db.server";

export type SettingKey = "guardrails" | "customer-model" | "audiences" | "llm" | "slack" | "experiments" | "offer-keys" | "checkout-setup" | "entitlements" | "customization:delivery" | "customization:payment" | `policy:${string}` | `flag:${string}`;

export async function readSetting(shop: string, key: SettingKey, db: Tx | typeof prisma = prisma) {
  return db.setting.findUnique({ where: { shop_key: { shop, key } } });
}

export async function readSettings(shop: string, keys: SettingKey[]) {
  const rows = await prisma.setting.findMany({ where: { shop, key: { in: keys } } });
  return new Map(rows.map((r) => [r.key as SettingKey, r]));
}

export class StaleSettingError extends Error {
  constructor(key: string) {
    super(`${key} was changed by someone else; reload and try again`);
  }
}

/**
 * Writes a new version of a setting. With `expectedVersion` the write is refused when someone saved
 * in between (optimistic locking), so two admins cannot silently overwrite each other.
 */
export async function writeSetting(
  tx: Tx,
  shop: string,
  key: SettingKey,
  value: Prisma.InputJsonValue,
  updatedBy: string | null,
  expectedVersion?: number,
) {
  const current = await tx.setting.findUnique({ where: { shop_key: { shop, key } } });
  if (expectedVersion !== undefined && (current?.version ?? 0) !== expectedVersion) throw new StaleSettingError(key);
  const version = (current?.version ?? 0) + 1;
  const row = await tx.setting.upsert({
    where: { shop_key: { shop, key } },
    create: { shop, key, version, value, updatedBy },
    update: { version, value, updatedBy, updatedAt: new Date() },
  });
  return { before: current, after: row };
}

/** Setting versions changed since a point in time, across shops (the kill-switch poll). */
export async function settingsChangedSince(since: Date) {
  return prisma.setting.findMany({ where: { updatedAt: { gt: since } }, select: { shop: true, key: true, version: true, updatedAt: true } });
}
