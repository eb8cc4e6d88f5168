import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOW, startTestShopify, type TestShopify } from "./testing";

// The merchant's side of Function owners and definitions, through Admin GraphQL: capabilities,
// metafields on discounts and customizations, updates and deletes.
let shopify: TestShopify;
beforeAll(async () => {
  shopify = await startTestShopify({ clock: () => NOW });
});
afterAll(() => shopify.local.close());

const DEFINE = `mutation($d: MetafieldDefinitionInput!) {
  metafieldDefinitionCreate(definition: $d) {
    createdDefinition { id useAsCollectionCondition capabilities {
      cartToOrderCopyable { enabled eligible } adminFilterable { enabled eligible status }
      smartCollectionCondition { enabled eligible } uniqueValues { enabled eligible } } }
    userErrors { field message code }
  }
}`;
const SET = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id namespace key } userErrors { field message code } } }`;
const DELETE_DEFINITION = `mutation($id: ID, $identifier: MetafieldDefinitionIdentifierInput, $all: Boolean) {
  metafieldDefinitionDelete(id: $id, identifier: $identifier, deleteAllAssociatedMetafields: $all) {
    deletedDefinitionId deletedDefinition { ownerType namespace key } userErrors { field message code }
  }
}`;

async function createDiscount(title: string) {
  const { body } = await shopify.gql(
    `mutation($d: DiscountAutomaticAppInput!) { discountAutomaticAppCreate(automaticAppDiscount: $d) { automaticAppDiscount { discountId } userErrors { message } } }`,
    { d: { title, functionHandle: "percent-off", discountClasses: ["PRODUCT"], metafields: [{ namespace: "$app", key: "function-configuration", type: "json", value: '{"percent":5}' }] } },
  );
  return body.data.discountAutomaticAppCreate.automaticAppDiscount.discountId as string;
}

async function createCustomization(kind: "delivery" | "payment", title: string) {
  const root = `${kind}Customization`;
  const { body } = await shopify.gql(
    `mutation($c: ${kind === "delivery" ? "Delivery" : "Payment"}CustomizationInput!) { ${root}Create(${root}: $c) { ${root} { id } userErrors { message } } }`,
    { c: { title, functionHandle: `hide-${kind}`, enabled: true } },
  );
  return body.data[`${root}Create`][root].id as string;
}

describe("metafield definition capabilities", () => {
  it("stores cartToOrderCopyable on an ORDER definition and reports eligibility per owner type", async () => {
    const { body } = await shopify.gql(DEFINE, { d: { name: "Offer", namespace: "$app", key: "offer", ownerType: "ORDER", type: "json", capabilities: { cartToOrderCopyable: { enabled: true } } } });
    expect(body.data.metafieldDefinitionCreate).toEqual({
      createdDefinition: {
        id: expect.stringMatching(/^gid:\/\/shopify\/MetafieldDefinition\/\d+$/),
        useAsCollectionCondition: false,
        capabilities: {
          cartToOrderCopyable: { enabled: true, eligible: true },
          adminFilterable: { enabled: false, eligible: false, status: "NOT_FILTERABLE" },
          smartCollectionCondition: { enabled: false, eligible: false },
          uniqueValues: { enabled: false, eligible: false },
        },
      },
      userErrors: [],
    });
    const id = body.data.metafieldDefinitionCreate.createdDefinition.id;
    const read = await shopify.gql(`query($id: ID!) { metafieldDefinition(id: $id) { capabilities { cartToOrderCopyable { enabled } } } }`, { id });
    expect(read.body.data.metafieldDefinition.capabilities.cartToOrderCopyable.enabled).toBe(true);
    const unmodelled = await shopify.gql(`query($id: ID!) { metafieldDefinition(id: $id) { capabilities { analyticsQueryable { enabled } } } }`, { id });
    expect(unmodelled.body.errors[0].message).toMatch(/MetafieldCapabilities\.analyticsQueryable/);
  });

  it("refuses a capability the definition is not eligible for, with Shopify's code and message", async () => {
    const { body } = await shopify.gql(DEFINE, { d: { name: "Offer", namespace: "$app", key: "offer", ownerType: "PRODUCT", type: "json", capabilities: { cartToOrderCopyable: { enabled: true } } } });
    expect(body.data.metafieldDefinitionCreate).toEqual({
      createdDefinition: null,
      userErrors: [{ field: ["definition"], message: "The capability cart_to_order_copyable is not valid for this definition.", code: "INVALID_CAPABILITY" }],
    });
    const unique = await shopify.gql(DEFINE, { d: { name: "J", namespace: "$app", key: "j1", ownerType: "PRODUCT", type: "json", capabilities: { uniqueValues: { enabled: true } } } });
    expect(unique.body.data.metafieldDefinitionCreate.userErrors[0].message).toBe("The capability unique_values is not valid for this definition.");
  });

  it("turns on uniqueValues for an id definition and enforces it in metafieldsSet", async () => {
    const { body } = await shopify.gql(DEFINE, { d: { name: "External id", namespace: "$app", key: "external_id", ownerType: "CUSTOMER", type: "id" } });
    expect(body.data.metafieldDefinitionCreate.createdDefinition.capabilities.uniqueValues).toEqual({ enabled: true, eligible: true });
    const [a, b] = shopify.store.customers;
    const set = (ownerId: string) => shopify.gql(SET, { m: [{ ownerId, namespace: "$app", key: "external_id", value: "ext-1" }] });
    expect((await set(a!.id)).body.data.metafieldsSet.userErrors).toEqual([]);
    expect((await set(a!.id)).body.data.metafieldsSet.userErrors).toEqual([]); // the same owner may write it again
    expect((await set(b!.id)).body.data.metafieldsSet.userErrors[0]).toMatchObject({ code: "CAPABILITY_VIOLATION", field: ["metafields", "0", "value"] });
  });
});

describe("metafieldDefinitionDelete", () => {
  it("needs deleteAllAssociatedMetafields in the app's namespace, and then deletes the metafields too", async () => {
    await shopify.gql(DEFINE, { d: { name: "Score", namespace: "$app", key: "score", ownerType: "PRODUCT", type: "number_integer" } });
    const product = shopify.store.products[0]!;
    await shopify.gql(SET, { m: [{ ownerId: product.id, namespace: "$app", key: "score", value: "7" }] });
    const identifier = { ownerType: "PRODUCT", namespace: "$app", key: "score" };
    const refused = await shopify.gql(DELETE_DEFINITION, { identifier });
    expect(refused.body.data.metafieldDefinitionDelete).toEqual({
      deletedDefinitionId: null,
      deletedDefinition: null,
      userErrors: [{ field: null, message: "Deleting a definition in a reserved namespace must have deleteAllAssociatedMetafields set to true.", code: "RESERVED_NAMESPACE_ORPHANED_METAFIELDS" }],
    });
    const deleted = await shopify.gql(DELETE_DEFINITION, { identifier, all: true });
    expect(deleted.body.data.metafieldDefinitionDelete).toMatchObject({
      deletedDefinitionId: expect.stringMatching(/MetafieldDefinition/),
      deletedDefinition: { ownerType: "PRODUCT", namespace: "app--4815162", key: "score" },
      userErrors: [],
    });
    const read = await shopify.gql(`query($id: ID!) { product(id: $id) { metafield(namespace: "$app", key: "score") { value } } }`, { id: product.id });
    expect(read.body.data.product.metafield).toBeNull();
    const again = await shopify.gql(DELETE_DEFINITION, { identifier, all: true });
    expect(again.body.data.metafieldDefinitionDelete.userErrors).toEqual([{ field: ["identifier"], message: "Definition not found.", code: "NOT_FOUND" }]);
  });

  it("leaves the metafields of a merchant-namespace definition behind, unstructured", async () => {
    const created = await shopify.gql(DEFINE, { d: { name: "Care", namespace: "custom", key: "care", ownerType: "PRODUCT", type: "single_line_text_field" } });
    const product = shopify.store.products[1]!;
    await shopify.gql(SET, { m: [{ ownerId: product.id, namespace: "custom", key: "care", value: "Hand wash" }] });
    const id = created.body.data.metafieldDefinitionCreate.createdDefinition.id;
    expect((await shopify.gql(DELETE_DEFINITION, { id })).body.data.metafieldDefinitionDelete.deletedDefinitionId).toBe(id);
    const read = await shopify.gql(`query($id: ID!) { product(id: $id) { metafield(namespace: "custom", key: "care") { value definition { id } } } }`, { id: product.id });
    expect(read.body.data.product.metafield).toEqual({ value: "Hand wash", definition: null });
  });
});

describe("Function owners", () => {
  it("take metafieldsSet on DiscountAutomaticNode, DeliveryCustomization and PaymentCustomization ids", async () => {
    const owners = [await createDiscount("Owner"), await createCustomization("delivery", "Owner"), await createCustomization("payment", "Owner")];
    const { body } = await shopify.gql(SET, { m: owners.map((ownerId) => ({ ownerId, namespace: "$app", key: "arms", type: "json", value: '{"treatment":50}' })) });
    expect(body.data.metafieldsSet.userErrors).toEqual([]);
    const read = await shopify.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on HasMetafields { metafield(namespace: "$app", key: "arms") { jsonValue ownerType } } } }`,
      { ids: owners },
    );
    expect(read.body.data.nodes.map((n: { metafield: { ownerType: string } }) => n.metafield)).toEqual([
      { jsonValue: { treatment: 50 }, ownerType: "DISCOUNT" },
      { jsonValue: { treatment: 50 }, ownerType: "DELIVERY_CUSTOMIZATION" },
      { jsonValue: { treatment: 50 }, ownerType: "PAYMENT_CUSTOMIZATION" },
    ]);
  });

  it("discountAutomaticAppUpdate sets what it is given and writes its metafields like metafieldsSet", async () => {
    const id = await createDiscount("Before");
    const UPDATE = `mutation($id: ID!, $d: DiscountAutomaticAppInput!) { discountAutomaticAppUpdate(id: $id, automaticAppDiscount: $d) {
      automaticAppDiscount { title discountClasses } userErrors { field message code } } }`;
    const { body } = await shopify.gql(UPDATE, { id, d: { title: "After", metafields: [{ namespace: "$app", key: "function-configuration", type: "json", value: '{"percent":9}' }] } });
    expect(body.data.discountAutomaticAppUpdate).toEqual({ automaticAppDiscount: { title: "After", discountClasses: ["PRODUCT"] }, userErrors: [] });
    expect(shopify.store.metafield(id, "app--4815162", "function-configuration")?.value).toBe('{"percent":9}');
    const bad = await shopify.gql(UPDATE, { id, d: { title: "Never", metafields: [{ namespace: "$app", key: "function-configuration", type: "json", value: "{oops" }] } });
    expect(bad.body.data.discountAutomaticAppUpdate.userErrors[0]).toMatchObject({ field: ["automaticAppDiscount", "metafields", "0", "value"] });
    expect(shopify.store.appDiscount(id)?.title).toBe("After");
    const missing = await shopify.gql(UPDATE, { id: "gid://shopify/DiscountAutomaticNode/1", d: { title: "x" } });
    expect(missing.body.data.discountAutomaticAppUpdate.userErrors).toEqual([{ field: ["id"], message: "Discount does not exist", code: null }]);
  });

  it("discountAutomaticDelete deletes the discount and its metafields", async () => {
    const id = await createDiscount("Doomed");
    const metafieldId = shopify.store.metafield(id, "app--4815162", "function-configuration")!.id;
    const DELETE = `mutation($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId userErrors { field message code } } }`;
    const { body } = await shopify.gql(DELETE, { id });
    expect(body.data.discountAutomaticDelete).toEqual({ deletedAutomaticDiscountId: id, userErrors: [] });
    const read = await shopify.gql(`query($id: ID!, $m: ID!) { automaticDiscountNode(id: $id) { id } node(id: $m) { id } }`, { id, m: metafieldId });
    expect(read.body.data).toEqual({ automaticDiscountNode: null, node: null });
    const again = await shopify.gql(DELETE, { id });
    expect(again.body.data.discountAutomaticDelete).toEqual({ deletedAutomaticDiscountId: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: null }] });
  });

  it.each(["delivery", "payment"] as const)("%sCustomizationUpdate and %sCustomizationDelete", async (kind) => {
    const Kind = kind === "delivery" ? "Delivery" : "Payment";
    const root = `${kind}Customization`;
    const id = await createCustomization(kind, "Hide it");
    const UPDATE = `mutation($id: ID!, $c: ${Kind}CustomizationInput!) { ${root}Update(id: $id, ${root}: $c) { ${root} { title enabled metafield(namespace: "$app", key: "cfg") { value } } userErrors { field message code } } }`;
    const updated = await shopify.gql(UPDATE, { id, c: { title: "Hide it less", enabled: false, metafields: [{ namespace: "$app", key: "cfg", type: "json", value: "[]" }] } });
    expect(updated.body.data[`${root}Update`]).toEqual({ [root]: { title: "Hide it less", enabled: false, metafield: { value: "[]" } }, userErrors: [] });
    const swap = await shopify.gql(UPDATE, { id, c: { functionHandle: "another" } });
    expect(swap.body.data[`${root}Update`].userErrors).toEqual([{ field: [root, "functionHandle"], message: "Function ID cannot be changed.", code: "FUNCTION_ID_CANNOT_BE_CHANGED" }]);

    const DELETE = `mutation($id: ID!) { ${root}Delete(id: $id) { deletedId userErrors { field message code } } }`;
    expect((await shopify.gql(DELETE, { id })).body.data[`${root}Delete`]).toEqual({ deletedId: id, userErrors: [] });
    expect(shopify.store.metafieldsOf(id)).toEqual([]);
    expect((await shopify.gql(DELETE, { id })).body.data[`${root}Delete`]).toEqual({
      deletedId: null,
      userErrors: [{ field: ["id"], message: `Could not find ${Kind}Customization with id: ${id}`, code: `${kind.toUpperCase()}_CUSTOMIZATION_NOT_FOUND` }],
    });
  });
});
