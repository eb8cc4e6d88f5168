import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestShopify, type TestShopify } from "./testing";

// The app's web pixel through Admin GraphQL: one per app and shop, settings checked against the
// web_pixel_extension's [settings] in extensions/uplift-pixel/shopify.extension.toml.
let shopify: TestShopify;
beforeAll(async () => {
  shopify = await startTestShopify();
});
afterAll(() => shopify.local.close());

const CREATE = `mutation($p: WebPixelInput!) { webPixelCreate(webPixel: $p) { webPixel { id settings } userErrors { field message code } } }`;
const UPDATE = `mutation($id: ID!, $p: WebPixelInput!) { webPixelUpdate(id: $id, webPixel: $p) { webPixel { id settings } userErrors { field message code } } }`;
const DELETE = `mutation($id: ID!) { webPixelDelete(id: $id) { deletedWebPixelId userErrors { code } } }`;
const settings = { apiUrl: "https://uplift.example.test", shop: "uplift-test.myshopify.com", keyId: "v1", signature: "abc" };

describe("web pixel", () => {
  it("refuses settings the extension does not define or that break its validations", async () => {
    const unknown = await shopify.gql(CREATE, { p: { settings: JSON.stringify({ ...settings, accountID: "1" }) } });
    expect(unknown.body.data.webPixelCreate).toEqual({ webPixel: null, userErrors: [expect.objectContaining({ code: "INVALID_SETTINGS", field: ["webPixel", "settings"] })] });
    const empty = await shopify.gql(CREATE, { p: { settings: JSON.stringify({ ...settings, signature: "" }) } });
    expect(empty.body.data.webPixelCreate.userErrors[0].code).toBe("INVALID_SETTINGS");
    const notJson = await shopify.gql(CREATE, { p: { settings: "{nope" } });
    expect(notJson.body.data.webPixelCreate.userErrors[0].code).toBe("INVALID_CONFIGURATION_JSON");
    expect(shopify.store.webPixel).toBeNull();
  });

  it("creates one pixel (settings as a JSON string or an object), refuses a second, updates and reads it", async () => {
    const created = await shopify.gql(CREATE, { p: { settings: JSON.stringify(settings) } });
    const pixel = created.body.data.webPixelCreate.webPixel;
    expect(pixel.id).toMatch(/^gid:\/\/shopify\/WebPixel\/\d+$/);
    expect(JSON.parse(pixel.settings)).toEqual(settings);
    const second = await shopify.gql(CREATE, { p: { settings } });
    expect(second.body.data.webPixelCreate.userErrors).toEqual([expect.objectContaining({ code: "TAKEN" })]);

    const updated = await shopify.gql(UPDATE, { id: pixel.id, p: { settings: { ...settings, signature: "def" } } });
    expect(JSON.parse(updated.body.data.webPixelUpdate.webPixel.settings).signature).toBe("def");
    const read = await shopify.gql(`query($id: ID!) { webPixel(id: $id) { id settings } byNode: node(id: $id) { ... on WebPixel { id } } app: webPixel { id } }`, { id: pixel.id });
    expect(read.body.data).toEqual({ webPixel: { id: pixel.id, settings: expect.stringContaining('"def"') }, byNode: { id: pixel.id }, app: { id: pixel.id } });
    const missing = await shopify.gql(UPDATE, { id: "gid://shopify/WebPixel/1", p: { settings } });
    expect(missing.body.data.webPixelUpdate.userErrors[0].code).toBe("NOT_FOUND");
  });

  it("deletes it; afterwards it resolves to null and can be created again", async () => {
    const id = shopify.store.webPixel!.id;
    expect((await shopify.gql(DELETE, { id })).body.data.webPixelDelete).toEqual({ deletedWebPixelId: id, userErrors: [] });
    expect((await shopify.gql(`query($id: ID!) { node(id: $id) { id } }`, { id })).body.data.node).toBeNull();
    expect((await shopify.gql(CREATE, { p: { settings: JSON.stringify(settings) } })).body.data.webPixelCreate.userErrors).toEqual([]);
  });
});
