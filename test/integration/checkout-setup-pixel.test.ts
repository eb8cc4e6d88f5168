import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { AdminGraphql } from "../../app/integrations/shopify-admin.server";
import { writeSetting } from "../../app/models/settings.server";
import { unauthenticated } from "../../app/shopify.server";
import { verifyPixelShop } from "../../app/services/audiences-pixel.server";
import { checkoutSetupStatus, ensureCheckoutSetup } from "../../app/services/checkout-setup.server";
import { installShop } from "../support/admin-request";
import { localShopify } from "../support/local-shopify";

// The storefront web pixel as a part of checkout setup: created with signed settings at install
// (validated by the local Shopify against extensions/uplift-pixel/shopify.extension.toml),
// updated when they change, recreated when the merchant disconnected it.

const shop = `pixel-setup-${randomUUID().slice(0, 8)}.myshopify.com`;
const APP_URL = "https://uplift.example.test";
let graphql: AdminGraphql;
const store = () => localShopify().stores.get(shop)!;
const pixelState = async (appUrl = APP_URL) => (await checkoutSetupStatus(shop, graphql, appUrl)).parts.find((p) => p.part === "webPixel");

describe("web pixel setup", () => {
  beforeAll(async () => {
    await installShop(shop);
    ({ admin: { graphql } } = await unauthenticated.admin(shop));
  });

  it("creates the pixel once with the app URL and a shop signature the app accepts", async () => {
    expect(await pixelState()).toMatchObject({ state: "missing" });
    const report = await ensureCheckoutSetup(shop, graphql, APP_URL);
    expect(report.parts.find((p) => p.part === "webPixel")).toMatchObject({ state: "ok", id: expect.stringMatching(/^gid:\/\/shopify\/WebPixel\//) });
    const settings = store().webPixel!.settings;
    expect(settings).toMatchObject({ apiUrl: APP_URL, shop, keyId: "v1" });
    expect(verifyPixelShop(shop, settings.keyId!, settings.signature!)).toBe(true);
    expect(verifyPixelShop("other.myshopify.com", settings.keyId!, settings.signature!)).toBe(false);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shop, event: "checkout.setup" } });
    expect(audit.reasonsText).toContain("webPixel: created");

    const id = store().webPixel!.id;
    await ensureCheckoutSetup(shop, graphql, APP_URL);
    expect(store().webPixel!.id).toBe(id);
    expect(await prisma.auditLog.count({ where: { shop, event: "checkout.setup" } })).toBe(1);
  });

  it("a new app URL makes the pixel outdated until ensure updates it in place", async () => {
    const id = store().webPixel!.id;
    const moved = "https://uplift-2.example.test";
    expect(await pixelState(moved)).toMatchObject({ state: "outdated", id });
    await ensureCheckoutSetup(shop, graphql, moved);
    expect(store().webPixel).toMatchObject({ id, settings: { apiUrl: moved } });
    expect(await pixelState(moved)).toMatchObject({ state: "ok" });
  });

  it("a pixel the merchant disconnected is recreated", async () => {
    store().webPixel = null;
    expect(await pixelState()).toMatchObject({ state: "missing" });
    await ensureCheckoutSetup(shop, graphql, APP_URL);
    expect(store().webPixel?.settings.apiUrl).toBe(APP_URL);
    expect(await pixelState()).toMatchObject({ state: "ok", id: store().webPixel!.id });
  });

  it("when the app lost the pixel's id, the create is TAKEN and the existing pixel is updated", async () => {
    const id = store().webPixel!.id;
    const ids = (await prisma.setting.findUniqueOrThrow({ where: { shop_key: { shop, key: "checkout-setup" } } })).value as Record<string, unknown>;
    await prisma.$transaction((tx) => writeSetting(tx, shop, "checkout-setup", { ...ids, webPixel: null }, "test"));
    const moved = "https://uplift-3.example.test";
    const report = await ensureCheckoutSetup(shop, graphql, moved);
    expect(report.parts.find((p) => p.part === "webPixel")).toMatchObject({ state: "ok", id });
    expect(store().webPixel).toMatchObject({ id, settings: { apiUrl: moved } });
  });
});
