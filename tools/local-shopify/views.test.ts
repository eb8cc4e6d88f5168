import { getNamedType, isAbstractType, isLeafType, isObjectType, type GraphQLObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSchema } from "./schema";
import { startTestShopify, type TestShopify } from "./testing";
import type { ResolverContext, View } from "./views/context";
import { nodeView } from "./views/node";

let shopify: TestShopify;
beforeAll(async () => {
  shopify = await startTestShopify({ functions: [{ id: "f-1", handle: "ship", apiType: "delivery_customization", title: "Ship" }] });
});
afterAll(() => shopify.local.close());

// Selects every field a view offers without arguments, following nested objects two levels deep
// (calling lazily resolved fields), so a wrong enum value or scalar anywhere in the views fails here
// rather than in the app.
function selectionFor(ctx: ResolverContext, type: GraphQLObjectType, view: View, depth = 0): string {
  const fields = type.getFields();
  const parts: string[] = [];
  for (const [key, value] of Object.entries(view)) {
    const field = fields[key];
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      if (typeof value !== "function") parts.push(key);
      continue;
    }
    if (depth >= 2 || (typeof value === "function" && field.args.length > 0)) continue;
    let resolved = typeof value === "function" ? (value as (...a: unknown[]) => unknown)({}, ctx, undefined) : value;
    if (Array.isArray(resolved)) resolved = resolved[0];
    if (!resolved || typeof resolved !== "object" || !("__typename" in resolved)) continue;
    const concrete = adminSchema().getType((resolved as View).__typename);
    if (!isObjectType(concrete)) continue;
    const inner = selectionFor(ctx, concrete, resolved as View, depth + 1);
    if (inner) parts.push(isAbstractType(named) ? `${key} { ... on ${concrete.name} { ${inner} } }` : `${key} { ${inner} }`);
  }
  return parts.join(" ");
}

describe("views against the schema", () => {
  it("serialize every plain field of every node type without errors", async () => {
    const { store } = shopify;
    const product = store.products[0]!;
    const metafield = store.setMetafields([{ ownerId: product.id, namespace: "uplift", key: "k1", type: "json", value: "[1]" }], "2026-10-01T00:00:00Z").metafields[0]!;
    const definition = store.addMetafieldDefinition(
      { name: "K", namespace: "uplift", key: "k1", ownerType: "PRODUCT", type: "json", description: null, validations: [], access: { admin: "MERCHANT_READ_WRITE", storefront: "NONE", customerAccount: "NONE" }, pinnedPosition: null },
      "2026-10-01T00:00:00Z",
    );
    const discount = store.addAppDiscount(
      { title: "D", functionId: "f-0", functionHandle: "d", discountClasses: ["ORDER"], combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: false }, startsAt: "2026-01-01T00:00:00Z", endsAt: null, appliesOnOneTimePurchase: true, appliesOnSubscription: true, recurringCycleLimit: 1, tags: [] },
      "2026-10-01T00:00:00Z",
    );
    const customization = store.addCustomization({ kind: "delivery", title: "C", enabled: true, functionId: "f-1", functionHandle: "ship" }, "2026-10-01T00:00:00Z");
    const bulk = store.addBulkOperation("{ products { edges { node { id } } } }", "2026-10-01T00:00:00Z");
    const order = store.orders[0]!;
    const v = product.variants[0]!;
    const priced = store.addPricedOrder(
      {
        customerId: null,
        email: null,
        lines: [{ variantId: v.id, productId: product.id, title: product.title, sku: v.sku, quantity: 2, price: "10.00", discountAllocations: [{ amount: "2.00", applicationIndex: 0 }] }],
        discountApplications: [{ type: "automatic", title: "D", value: "10.0", valueType: "percentage", allocationMethod: "across", targetSelection: "entitled", targetType: "line_item", appliedTo: "line" }],
        shippingLine: { title: "Standard", code: "Standard", price: "5.00", discountAllocations: [] },
        cartToken: null,
        checkoutToken: null,
      },
      "2026-10-01T00:00:00Z",
    );
    const ids = [
      priced.id, priced.lineItems[0]!.id,
      product.id, product.variants[0]!.id, product.variants[0]!.inventoryItemId!, store.customers[0]!.id, order.id, order.lineItems[0]!.id,
      metafield.id, definition.id, discount.id, discount.id.replace("DiscountAutomaticNode", "DiscountNode"), customization.id, bulk.id, store.shop.id,
    ];
    const ctx: ResolverContext = { store, appId: "1", apiKey: "k", appTitle: "Uplift", localUrl: "http://x", now: () => Date.now(), functions: null, bulk: false, searchWarnings: [] };
    const schema = adminSchema();
    for (const id of ids) {
      const view = nodeView(ctx, id);
      expect(view, id).not.toBeNull();
      const type = schema.getType(view!.__typename) as GraphQLObjectType;
      const selection = selectionFor(ctx, type, view!);
      const { body } = await shopify.gql(`query($id: ID!) { node(id: $id) { ... on ${type.name} { ${selection} } } }`, { id });
      expect(body.errors, `${type.name}: ${JSON.stringify(body.errors)}`).toBeUndefined();
      expect(body.data.node.id ?? id).toBe(id);
    }
  });
});
