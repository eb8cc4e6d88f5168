import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { AdminGraphql } from "../../app/integrations/shopify-admin.server";
import { writeSetting } from "../../app/models/settings.server";
import { unauthenticated } from "../../app/shopify.server";
import { checkoutSetupStatus, ensureCheckoutSetup, FUNCTION_HANDLES } from "../../app/services/checkout-setup.server";
import { rotateOfferKey } from "../../app/services/offer-keys.server";
import { saveCustomizationExperiment } from "../../app/services/customization-experiments.server";
import { invalidateWorkflowConfig } from "../../app/services/workflow-config.server";
import { installShop } from "../support/admin-request";
import { localShopify } from "../support/local-shopify";

// Install and repair of the checkout parts, through the official Admin client against the local
// Shopify (2026-07 schema validation, userErrors, metafields on Function owners).

const shop = `setup-${randomUUID().slice(0, 8)}.myshopify.com`;
const APP_URL = "https://uplift.example.test";
let graphql: AdminGraphql;
const store = () => localShopify().stores.get(shop)!;
const appNamespace = () => store().metafieldsOf(store().shop.id).find((m) => m.key === "checkout-config")?.namespace;
const configOf = (ownerId: string) => {
  const m = store().metafieldsOf(ownerId).find((x) => x.key === "function-configuration");
  return m ? (JSON.parse(m.value) as Record<string, unknown>) : null;
};
const states = (parts: { part: string; state: string }[]) => Object.fromEntries(parts.map((p) => [p.part, p.state]));

describe("checkout setup through the Admin API", () => {
  beforeAll(async () => {
    await installShop(shop);
    ({ admin: { graphql } } = await unauthenticated.admin(shop));
  });

  it("a fresh shop has nothing; ensure creates every part once, audited", async () => {
    const before = await checkoutSetupStatus(shop, graphql, APP_URL);
    expect(before.error).toBeNull();
    expect(Object.values(states(before.parts))).toEqual(["missing", "missing", "missing", "missing", "missing", "missing"]);

    const after = await ensureCheckoutSetup(shop, graphql, APP_URL);
    expect(after.error).toBeNull();
    expect(states(after.parts)).toEqual({ offerDefinition: "ok", discount: "ok", deliveryCustomization: "ok", paymentCustomization: "ok", extensionConfig: "ok", webPixel: "ok" });

    const [discount] = store().appDiscounts;
    expect(discount).toMatchObject({ functionHandle: FUNCTION_HANDLES.discount, discountClasses: ["PRODUCT", "ORDER", "SHIPPING"], combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false } });
    const config = configOf(discount!.id) as { shop: string; keys: { kid: string; secret: string }[]; caps: { maxPercent: number } };
    expect(config.shop).toBe(shop);
    expect(config.keys[0]!.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(config.caps.maxPercent).toBe(15);
    expect(store().customizations.map((c) => [c.kind, c.functionHandle, c.enabled]).sort()).toEqual([
      ["delivery", FUNCTION_HANDLES.delivery, true],
      ["payment", FUNCTION_HANDLES.payment, true],
    ]);
    const definition = store().metafieldDefinitions.find((d) => d.ownerType === "ORDER" && d.key === "offer");
    expect(definition?.type).toBe("json");
    expect(appNamespace()).toMatch(/^app--/);
    expect(JSON.parse(store().metafieldsOf(store().shop.id).find((m) => m.key === "checkout-config")!.value)).toEqual({ v: 1, apiUrl: APP_URL });

    const audits = await prisma.auditLog.findMany({ where: { shop, event: "checkout.setup" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.reasonsText).toContain("discount: created");

    // Idempotent: nothing to do, nothing written.
    const again = await ensureCheckoutSetup(shop, graphql, APP_URL);
    expect(Object.values(states(again.parts)).every((s) => s === "ok")).toBe(true);
    expect(store().appDiscounts).toHaveLength(1);
    expect(await prisma.auditLog.count({ where: { shop, event: "checkout.setup" } })).toBe(1);
  });

  it("a guardrail change makes the Function's caps stale until ensure rewrites them", async () => {
    await prisma.$transaction((tx) => writeSetting(tx, shop, "guardrails", { maxDiscountPercent: 8, excluded: { productIds: ["gid://shopify/Product/9"] } } as Prisma.InputJsonValue, "test"));
    invalidateWorkflowConfig(shop);
    const stale = await checkoutSetupStatus(shop, graphql, APP_URL);
    expect(states(stale.parts).discount).toBe("outdated");
    await ensureCheckoutSetup(shop, graphql, APP_URL);
    const caps = (configOf(store().appDiscounts[0]!.id) as { caps: { maxPercent: number; excludedProductIds: string[] } }).caps;
    expect(caps.maxPercent).toBe(8);
    expect(caps.excludedProductIds).toEqual(["gid://shopify/Product/9"]);
  });

  it("a key rotation reaches the Function with both keys", async () => {
    const keys = await rotateOfferKey(shop);
    expect(states((await checkoutSetupStatus(shop, graphql, APP_URL)).parts).discount).toBe("outdated");
    await ensureCheckoutSetup(shop, graphql, APP_URL);
    const config = configOf(store().appDiscounts[0]!.id) as { keys: { kid: string }[] };
    expect(config.keys.map((k) => k.kid)).toEqual(keys.keys.map((k) => k.kid));
  });

  it("a delivery experiment saved in the editor reaches the customization's configuration; one the Function would refuse is refused", async () => {
    const actor = { staffId: "42", name: "Local Staff", via: "admin" as const };
    const experiment = {
      v: 1,
      experiment: "delivery-order-1",
      hashVersion: 1,
      arms: [
        { name: "control", weight: 50, ops: [] },
        { name: "treatment", weight: 50, ops: [{ op: "rename", match: { titleContains: "Express" }, title: "Express (1–2 business days)" }] },
      ],
    };
    const top = { ...experiment, arms: [{ name: "t", weight: 1, ops: [{ op: "move", match: { titleContains: "Express" }, index: 0 }] }] };
    const refused = await saveCustomizationExperiment(shop, "delivery", JSON.stringify(top), 0, actor);
    expect(refused).toMatchObject({ ok: false, status: 422 });
    if (!refused.ok) expect(refused.fieldErrors?.json).toMatch(/index/);
    expect((await saveCustomizationExperiment(shop, "delivery", "{not json", 0, actor)).ok).toBe(false);

    expect(await saveCustomizationExperiment(shop, "delivery", JSON.stringify(experiment), 0, actor)).toEqual({ ok: true, version: 1 });
    expect(states((await checkoutSetupStatus(shop, graphql, APP_URL)).parts).deliveryCustomization).toBe("outdated");
    await ensureCheckoutSetup(shop, graphql, APP_URL);
    const delivery = store().customizations.find((c) => c.kind === "delivery")!;
    expect(configOf(delivery.id)).toEqual(experiment);
  });

  it("what a merchant deleted is reported missing and recreated", async () => {
    const oldDiscount = store().appDiscounts[0]!.id;
    const oldDelivery = store().customizations.find((c) => c.kind === "delivery")!.id;
    store().removeAppDiscount(oldDiscount);
    store().removeCustomization(oldDelivery);
    const broken = await checkoutSetupStatus(shop, graphql, APP_URL);
    expect(states(broken.parts)).toMatchObject({ discount: "missing", deliveryCustomization: "missing", paymentCustomization: "ok" });
    const repaired = await ensureCheckoutSetup(shop, graphql, APP_URL);
    expect(Object.values(states(repaired.parts)).every((s) => s === "ok")).toBe(true);
    expect(store().appDiscounts).toHaveLength(1);
    expect(store().appDiscounts[0]!.id).not.toBe(oldDiscount);
    expect(configOf(store().appDiscounts[0]!.id)).not.toBeNull();
    expect(store().customizations.filter((c) => c.kind === "delivery")).toHaveLength(1);
  });

  it("a failing part is reported with Shopify's message and the rest still proceed", async () => {
    const other = `setup-fail-${randomUUID().slice(0, 8)}.myshopify.com`;
    await installShop(other);
    const { admin } = await unauthenticated.admin(other);
    // 25 active customizations of each kind already: Shopify refuses a 26th.
    const s = localShopify().stores.get(other)!;
    for (let i = 0; i < 25; i++) s.addCustomization({ kind: "payment", title: `other ${i}`, enabled: true, functionId: "x", functionHandle: "other-app" }, new Date().toISOString());
    const report = await ensureCheckoutSetup(other, admin.graphql, APP_URL);
    const payment = report.parts.find((p) => p.part === "paymentCustomization")!;
    expect(payment.state).toBe("failed");
    expect(payment.detail).toMatch(/MAXIMUM_ACTIVE_PAYMENT_CUSTOMIZATIONS/);
    expect(states(report.parts).discount).toBe("ok");
  });
});
