import { describe, expect, it } from "vitest";
import { pixelEventSchema, pixelSettings, verifyPixelShop } from "../../app/services/audiences-pixel.server";
import { beaconRequest, payloadFor, readSettings, SUBSCRIBED_EVENTS, type StandardEvent } from "../../extensions/uplift-pixel/src/pixel";

// The app writes the pixel's settings and reads what the pixel sends; the pixel reads those settings
// and builds what it sends. Both sides must agree: a change on one side only fails here.

const SHOP = "contract-pixel.myshopify.com";
const events: Record<string, StandardEvent> = {
  collection_viewed: { data: { collection: { id: "445566" } } },
  product_viewed: { data: { productVariant: { id: "111", product: { id: "222" } } } },
  product_added_to_cart: { data: { cartLine: { merchandise: { id: "111", product: { id: "222" } } } } },
};

describe("pixel ↔ app", () => {
  it("the pixel accepts the settings the app writes, and every event it sends parses and verifies on the app's side", () => {
    const settings = readSettings(pixelSettings(SHOP, "https://uplift.example.test/"));
    expect(settings).not.toBeNull();
    for (const name of SUBSCRIBED_EVENTS) {
      const payload = payloadFor(name, events[name]!, "7352140000011", settings!)!;
      const { url, init } = beaconRequest(settings!, payload);
      expect(url).toBe("https://uplift.example.test/api/pixel");
      const parsed = pixelEventSchema.parse(JSON.parse(String(init.body)));
      expect(parsed).toMatchObject({ event: name, shop: SHOP, customerId: "gid://shopify/Customer/7352140000011" });
      expect(verifyPixelShop(parsed.shop, parsed.keyId, parsed.signature)).toBe(true);
    }
  });
});
