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
