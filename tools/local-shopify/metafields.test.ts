import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestShopify, type TestShopify } from "./testing";

let shopify: TestShopify;
beforeAll(async () => {
  shopify = await startTestShopify();
});
afterAll(() => shopify.local.close());

const SET = `mutation($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key type value compareDigest owner { ... on Product { id } ... on Customer { id } } }
    userErrors { field message code elementIndex }
  }
}`;

describe("metafieldsSet", () => {
  it("writes atomically: one invalid element means nothing is written", async () => {
    const product = shopify.store.products[0]!;
    const customer = shopify.store.customers[0]!;
    const { body } = await shopify.gql(SET, {
      metafields: [
        { ownerId: product.id, namespace: "uplift", key: "score", type: "number_integer", value: "12" },
        { ownerId: customer.id, namespace: "uplift", key: "segment", type: "number_integer", value: "twelve" },
      ],
    });
    expect(body.data.metafieldsSet.metafields).toEqual([]);
    expect(body.data.metafieldsSet.userErrors).toEqual([
      { field: ["metafields", "1", "value"], message: "Value must be an integer.", code: "INVALID_VALUE", elementIndex: 1 },
    ]);
    expect(shopify.store.metafieldsOf(product.id)).toHaveLength(0);
    expect(body.extensions.cost.requestedQueryCost).toBe(10);
  });

  it("refuses more than 25 metafields, unknown owners and a missing type", async () => {
    const product = shopify.store.products[0]!;
    const many = Array.from({ length: 26 }, (_, i) => ({ ownerId: product.id, namespace: "uplift", key: `k${i}`, type: "boolean", value: "true" }));
    const tooMany = await shopify.gql(SET, { metafields: many });
    expect(tooMany.body.data.metafieldsSet.userErrors[0]).toMatchObject({ code: "LESS_THAN_OR_EQUAL_TO", field: ["metafields"] });

    const bad = await shopify.gql(SET, {
      metafields: [
        { ownerId: "gid://shopify/Product/1", namespace: "uplift", key: "score", type: "boolean", value: "true" },
        { ownerId: product.id, namespace: "uplift", key: "score", value: "true" },
      ],
    });
    expect(bad.body.data.metafieldsSet.userErrors.map((e: { code: string; elementIndex: number }) => [e.elementIndex, e.code])).toEqual([
      [0, "INVALID"],
      [1, "BLANK"],
    ]);
  });

  it("expands $app to the app's reserved namespace and reads it back", async () => {
    const product = shopify.store.products[1]!;
    const { body } = await shopify.gql(SET, {
      metafields: [{ ownerId: product.id, namespace: "$app", key: "config", type: "json", value: '{"on":true}' }],
    });
    const written = body.data.metafieldsSet.metafields[0];
    expect(written).toMatchObject({ namespace: "app--4815162", key: "config", type: "json", owner: { id: product.id } });
    const read = await shopify.gql(`query($id: ID!) { product(id: $id) {
      a: metafield(namespace: "$app", key: "config") { value jsonValue }
      b: metafield(key: "config") { id }
      metafields(first: 5, namespace: "$app") { nodes { key } } } }`, { id: product.id });
    expect(read.body.data.product.a).toEqual({ value: '{"on":true}', jsonValue: { on: true } });
    expect(read.body.data.product.b.id).toBe(written.id);
    expect(read.body.data.product.metafields.nodes).toEqual([{ key: "config" }]);

    const foreign = await shopify.gql(SET, { metafields: [{ ownerId: product.id, namespace: "app--999", key: "x1", type: "boolean", value: "true" }] });
    expect(foreign.body.data.metafieldsSet.userErrors[0].code).toBe("APP_NOT_AUTHORIZED");
  });

  it("compare-and-sets with compareDigest (null = must not exist yet)", async () => {
    const customer = shopify.store.customers[5]!;
    const create = (compareDigest: string | null) =>
      shopify.gql(SET, { metafields: [{ ownerId: customer.id, namespace: "uplift", key: "tier", type: "single_line_text_field", value: "gold", compareDigest }] });
    const created = await create(null);
    expect(created.body.data.metafieldsSet.userErrors).toEqual([]);
    const digest = created.body.data.metafieldsSet.metafields[0].compareDigest as string;

    const again = await create(null);
    expect(again.body.data.metafieldsSet.userErrors[0]).toMatchObject({ code: "STALE_OBJECT", elementIndex: 0 });

    const update = await shopify.gql(SET, {
      metafields: [{ ownerId: customer.id, namespace: "uplift", key: "tier", value: "platinum", compareDigest: digest }],
    });
    expect(update.body.data.metafieldsSet.metafields[0]).toMatchObject({ value: "platinum", type: "single_line_text_field" });
    expect(update.body.data.metafieldsSet.metafields[0].compareDigest).not.toBe(digest);

    const stale = await shopify.gql(SET, {
      metafields: [{ ownerId: customer.id, namespace: "uplift", key: "tier", value: "silver", compareDigest: digest }],
    });
    expect(stale.body.data.metafieldsSet.userErrors[0].code).toBe("STALE_OBJECT");
    expect(shopify.store.metafield(customer.id, "uplift", "tier")?.value).toBe("platinum");
  });
});

describe("metafieldDefinitionCreate", () => {
  const CREATE = `mutation($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id name namespace key ownerType type { name } access { admin } }
      userErrors { field message code }
    }
  }`;

  it("creates a definition that then governs metafield types", async () => {
    const definition = { name: "Margin band", namespace: "$app", key: "margin_band", ownerType: "PRODUCT", type: "number_integer" };
    const { body } = await shopify.gql(CREATE, { definition });
    expect(body.data.metafieldDefinitionCreate.createdDefinition).toMatchObject({
      namespace: "app--4815162",
      key: "margin_band",
      ownerType: "PRODUCT",
      type: { name: "number_integer" },
    });
    const dup = await shopify.gql(CREATE, { definition });
    expect(dup.body.data.metafieldDefinitionCreate.userErrors[0].code).toBe("TAKEN");

    const product = shopify.store.products[2]!;
    const untyped = await shopify.gql(SET, { metafields: [{ ownerId: product.id, key: "margin_band", value: "3" }] });
    expect(untyped.body.data.metafieldsSet.metafields[0]).toMatchObject({ type: "number_integer", namespace: "app--4815162" });
    const mistyped = await shopify.gql(SET, { metafields: [{ ownerId: product.id, key: "margin_band", type: "boolean", value: "true" }] });
    expect(mistyped.body.data.metafieldsSet.userErrors[0].code).toBe("INVALID_TYPE");

    const listed = await shopify.gql(`{ metafieldDefinitions(first: 10, ownerType: PRODUCT, namespace: "$app") { nodes { key metafieldsCount } } }`);
    expect(listed.body.data.metafieldDefinitions.nodes).toEqual([{ key: "margin_band", metafieldsCount: 1 }]);
  });

  it("rejects an unknown type and a bad key", async () => {
    const { body } = await shopify.gql(CREATE, { definition: { name: "X", namespace: "uplift", key: "a b", ownerType: "CUSTOMER", type: "colour" } });
    expect(body.data.metafieldDefinitionCreate.userErrors.map((e: { code: string }) => e.code).sort()).toEqual(["INCLUSION", "INVALID_CHARACTER"]);
  });
});
