import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { beaconRequest, payloadFor, readSettings, startPixel, SUBSCRIBED_EVENTS, type PixelApi, type StandardEvent } from "../src/pixel";

// The pixel's logic against events shaped like the Web Pixels API standard events (collection_viewed,
// product_viewed, product_added_to_cart) and an init snapshot with a logged-in customer. The real
// sandbox (register from @shopify/web-pixels-extension) is not installed here; index.ts only wires it.

const settings = { apiUrl: "https://uplift.example.test/", shop: "pixel-shop.myshopify.com", keyId: "v1", signature: "c2lnbmF0dXJl" };
const customer = { id: "7352140001234", email: "ann@example.com", firstName: "Ann", lastName: "Buyer", phone: "+15550100", ordersCount: 3 };
const context = { document: { location: { href: "https://pixel-shop.example/collections/shoes?utm_source=mail", pathname: "/collections/shoes" }, title: "Shoes", referrer: "" } };
const variant = (id: string, productId: string) => ({ id, title: "42 / Black", sku: "SH-42", price: { amount: 120, currencyCode: "EUR" }, image: null, untranslatedTitle: "42 / Black", product: { id: productId, title: "Runner", vendor: "Uplift", type: "Shoes", untranslatedTitle: "Runner", url: "/products/runner" } });

const events: Record<string, StandardEvent> = {
  collection_viewed: { name: "collection_viewed", data: { collection: { id: "445566", title: "Shoes", productVariants: [variant("111", "222")] } as never } },
  product_viewed: { name: "product_viewed", data: { productVariant: variant("111", "222") } },
  product_added_to_cart: { name: "product_added_to_cart", data: { cartLine: { cost: { totalAmount: { amount: 240, currencyCode: "EUR" } }, merchandise: variant("111", "222"), quantity: 2 } as never } },
};

function sandbox(init: PixelApi["init"], rawSettings: unknown = settings) {
  const listeners = new Map<string, Array<(e: StandardEvent) => void>>();
  const sent: Array<{ url: string; init: RequestInit }> = [];
  const api: PixelApi = { analytics: { subscribe: (name, cb) => listeners.set(name, [...(listeners.get(name) ?? []), cb]) }, init, settings: rawSettings };
  const started = startPixel(api, (url, request) => {
    sent.push({ url, init: request });
    return Promise.resolve();
  });
  const publish = (name: string) => (listeners.get(name) ?? []).forEach((cb) => cb({ ...events[name], ...({ id: "evt-1", clientId: "client-9", timestamp: "2026-11-24T10:00:00Z", context } as object) }));
  return { started, sent, publish, subscribed: [...listeners.keys()] };
}

describe("uplift pixel", () => {
  it("subscribes to the three events and sends each as ids only, to {apiUrl}/api/pixel with keepalive", () => {
    const pixel = sandbox({ data: { customer } });
    expect(pixel.started).toBe(true);
    expect(pixel.subscribed).toEqual([...SUBSCRIBED_EVENTS]);
    for (const name of SUBSCRIBED_EVENTS) pixel.publish(name);
    expect(pixel.sent.map((s) => JSON.parse(String(s.init.body)))).toEqual([
      { v: 1, shop: settings.shop, keyId: "v1", signature: settings.signature, customerId: customer.id, event: "collection_viewed", collectionId: "445566" },
      { v: 1, shop: settings.shop, keyId: "v1", signature: settings.signature, customerId: customer.id, event: "product_viewed", productId: "222" },
      { v: 1, shop: settings.shop, keyId: "v1", signature: settings.signature, customerId: customer.id, event: "product_added_to_cart", variantId: "111", productId: "222" },
    ]);
    const first = pixel.sent[0]!;
    expect(first.url).toBe("https://uplift.example.test/api/pixel");
    expect(first.init).toMatchObject({ method: "POST", keepalive: true, credentials: "omit", headers: { "Content-Type": "text/plain;charset=UTF-8" } });
  });

  it("never sends the customer's email, name or phone, prices, or the page URL", () => {
    const pixel = sandbox({ data: { customer } });
    for (const name of SUBSCRIBED_EVENTS) pixel.publish(name);
    const wire = pixel.sent.map((s) => String(s.init.body)).join("\n");
    for (const secret of [customer.email, customer.firstName, customer.lastName, customer.phone, "utm_source", "120", "240", "Runner", "SH-42"]) expect(wire).not.toContain(secret);
  });

  it("sends nothing for an anonymous visitor or without valid settings", () => {
    expect(sandbox({ data: { customer: null } }).started).toBe(false);
    expect(sandbox({}).started).toBe(false);
    for (const bad of [null, {}, { ...settings, signature: "" }, { ...settings, apiUrl: "http://uplift.example.test" }, { ...settings, apiUrl: "not a url" }]) {
      const pixel = sandbox({ data: { customer } }, bad);
      expect(pixel.started).toBe(false);
      expect(pixel.subscribed).toEqual([]);
    }
    expect(readSettings({ ...settings, apiUrl: "http://127.0.0.1:3000" })?.apiUrl).toBe("http://127.0.0.1:3000");
  });

  it("skips events without the id it needs, and ids that are not Shopify ids", () => {
    const s = readSettings(settings)!;
    expect(payloadFor("collection_viewed", { data: { collection: null } }, "1", s)).toBeNull();
    expect(payloadFor("product_added_to_cart", { data: { cartLine: null } }, "1", s)).toBeNull();
    expect(payloadFor("product_viewed", { data: { productVariant: { id: "1", product: { id: "<script>" } } } }, "1", s)).toBeNull();
    expect(payloadFor("checkout_completed", {}, "1", s)).toBeNull();
    expect(payloadFor("collection_viewed", { data: { collection: { id: "gid://shopify/Collection/9" } } }, 42, s)).toMatchObject({ customerId: "42", collectionId: "gid://shopify/Collection/9" });
  });

  it("a failing network call never reaches the storefront", async () => {
    const listeners: Array<(e: StandardEvent) => void> = [];
    startPixel({ analytics: { subscribe: (_n, cb) => listeners.push(cb) }, init: { data: { customer } }, settings }, () => Promise.reject(new Error("offline")));
    expect(() => listeners[0]!(events.collection_viewed!)).not.toThrow();
    startPixel({ analytics: { subscribe: (_n, cb) => listeners.push(cb) }, init: { data: { customer } }, settings }, () => {
      throw new Error("blocked");
    });
    expect(() => listeners.at(-1)!(events.product_added_to_cart!)).not.toThrow();
    await new Promise((r) => setTimeout(r, 0));
  });

  it("the request is the one beaconRequest builds, and the extension declares exactly the settings it reads", () => {
    const s = readSettings(settings)!;
    const payload = payloadFor("product_viewed", events.product_viewed!, customer.id, s)!;
    expect(beaconRequest(s, payload).init.body).toBe(JSON.stringify(payload));
    const toml = parseToml(readFileSync(new URL("../shopify.extension.toml", import.meta.url), "utf8")) as { type: string; runtime_context: string; settings: { fields: Record<string, unknown> } };
    expect([toml.type, toml.runtime_context]).toEqual(["web_pixel_extension", "strict"]);
    expect(Object.keys(toml.settings.fields).sort()).toEqual(Object.keys(settings).sort());
  });
});
