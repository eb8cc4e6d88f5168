import prisma from "../../app/db.server";
import type { Customer } from "../../tools/local-shopify/model";

// Customers and scores as the webhooks and a scoring run would leave them, for CRM sync tests.

export type Tier = "platinum" | "gold" | "silver" | "bronze";

export async function seedScoredCustomers(shop: string, customers: readonly Pick<Customer, "id" | "email" | "firstName" | "lastName">[], tierOf: (index: number) => Tier, scoredAt = new Date("2026-11-20T03:15:00Z")) {
  await prisma.customer.createMany({
    data: customers.map((c) => ({ shop, shopifyGid: c.id, email: c.email, firstName: c.firstName, lastName: c.lastName })),
  });
  await prisma.customerScore.createMany({
    data: customers.map((c, i) => ({
      shop,
      customerGid: c.id,
      source: "model",
      clvMinor: 10_000 + i * 1_234,
      currency: "USD",
      expectedPurchases12m: 1.5,
      pAlive: 0.8,
      churnRisk: 0.2 + (i % 5) / 10,
      frequency: 2,
      orders: 3,
      lastOrderAt: new Date("2026-10-01T00:00:00Z"),
      tier: tierOf(i),
      nextBestAction: i % 2 ? "winback_offer" : "vip_early_access",
      reasoning: `Predicted CLV ${100 + i} with churn risk ${20 + i}%`,
      modelVersion: "test",
      scoredAt,
    })),
  });
}

export async function setTier(shop: string, customerGid: string, tier: Tier) {
  await prisma.customerScore.updateMany({ where: { shop, customerGid }, data: { tier } });
}
