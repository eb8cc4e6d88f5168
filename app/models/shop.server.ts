import prisma, { type Tx } from "../db.server";

export async function recordInstall(shop: string, scopes: string | undefined): Promise<void> {
  await prisma.shop.upsert({
    where: { shop },
    create: { shop, scopes: scopes ?? null },
    update: { uninstalledAt: null, ...(scopes ? { scopes } : {}) },
  });
}

export async function markShopUninstalled(tx: Tx, shop: string): Promise<void> {
  await tx.shop.updateMany({ where: { shop }, data: { uninstalledAt: new Date() } });
}

export async function updateShopScopes(tx: Tx, shop: string, scopes: string): Promise<void> {
  await tx.shop.upsert({ where: { shop }, create: { shop, scopes }, update: { scopes } });
  await tx.session.updateMany({ where: { shop }, data: { scope: scopes } });
}

/** Shops with the app installed (nightly jobs run for these). */
export async function installedShops(): Promise<string[]> {
  const rows = await prisma.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
  return rows.map((r) => r.shop);
}
