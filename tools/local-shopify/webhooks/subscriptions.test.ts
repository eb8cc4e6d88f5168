import { describe, expect, it } from "vitest";
import { loadSubscriptions, subscriptionsFromToml, webhookApiVersion } from "./subscriptions";

const APP = "http://127.0.0.1:3000";

describe("subscriptions from shopify.app.toml", () => {
  const toml = new URL("../../../shopify.app.toml", import.meta.url).pathname;

  it("maps every topic and compliance topic of the app's config to the app URL", () => {
    const subs = loadSubscriptions(toml, `${APP}/`);
    expect(subs.size).toBe(16);
    expect(subs.get("orders/create")).toBe(`${APP}/webhooks/orders/create`);
    expect(subs.get("app/scopes_update")).toBe(`${APP}/webhooks/app/scopes_update`);
    expect(subs.get("customers/data_request")).toBe(`${APP}/webhooks/customers/data_request`);
    expect(subs.get("shop/redact")).toBe(`${APP}/webhooks/shop/redact`);
    expect(subs.get("bulk_operations/finish")).toBe(`${APP}/webhooks/bulk_operations/finish`);
    expect(webhookApiVersion(toml)).toBe("2026-07");
  });

  it("handles shared uris, absolute and non-HTTP targets, trailing slashes and legacy privacy urls", () => {
    const subs = subscriptionsFromToml(
      `
[webhooks]
api_version = "2026-07"
[[webhooks.subscriptions]]
topics = ["orders/create", "orders/paid"]
uri = "/webhooks/"
[[webhooks.subscriptions]]
topics = ["products/update"]
uri = "https://hooks.example.com/p"
[[webhooks.subscriptions]]
topics = ["carts/create"]
uri = "pubsub://project:topic"
[webhooks.privacy_compliance]
customer_deletion_url = "/gdpr/customer"
shop_deletion_url = "/gdpr/shop"
`,
      APP,
    );
    expect(Object.fromEntries(subs)).toEqual({
      "orders/create": `${APP}/webhooks`,
      "orders/paid": `${APP}/webhooks`,
      "products/update": "https://hooks.example.com/p",
      "customers/redact": `${APP}/gdpr/customer`,
      "shop/redact": `${APP}/gdpr/shop`,
    });
  });

  it("refuses a topic subscribed at two addresses", () => {
    const text = `[[webhooks.subscriptions]]\ntopics = ["orders/create"]\nuri = "/a"\n[[webhooks.subscriptions]]\ntopics = ["orders/create"]\nuri = "/b"\n`;
    expect(() => subscriptionsFromToml(text, APP)).toThrow(/orders\/create/);
  });
});
