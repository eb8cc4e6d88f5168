import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOW, startTestShopify, type TestShopify } from "./testing";

let shopify: TestShopify;
beforeAll(async () => {
  shopify = await startTestShopify();
});
afterAll(() => shopify.local.close());

describe("Admin GraphQL queries over the generated store", () => {
  it("returns products with variants and unit costs from the store", async () => {
    const { body } = await shopify.gql(`{
      products(first: 3) { edges { cursor node { id title status variants(first: 50) { nodes { id sku price inventoryItem { unitCost { amount currencyCode } } } } } } }
    }`);
    expect(body.errors).toBeUndefined();
    const edges = body.data.products.edges;
    expect(edges).toHaveLength(3);
    const first = shopify.store.products[0]!;
    expect(edges[0].node.id).toBe(first.id);
    expect(edges[0].node.title).toBe(first.title);
    const variant = edges[0].node.variants.nodes[0];
    expect(variant).toEqual({
      id: first.variants[0]!.id,
      sku: first.variants[0]!.sku,
      price: first.variants[0]!.price,
      inventoryItem: { unitCost: { amount: first.variants[0]!.unitCost, currencyCode: "USD" } },
    });
    const margin = 1 - Number(variant.inventoryItem.unitCost.amount) / Number(variant.price);
    expect(margin).toBeGreaterThanOrEqual(0.29);
    expect(margin).toBeLessThanOrEqual(0.71);
  });

  it("walks every product with cursors, without duplicates or gaps", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { body } = await shopify.gql(
        "query($after: String) { products(first: 7, after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }",
        { after },
      );
      const conn = body.data.products;
      seen.push(...conn.nodes.map((n: { id: string }) => n.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(page > 0);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(shopify.store.products.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(shopify.store.products.map((p) => p.id));
  });

  it("pages backwards with last/before and sorts with sortKey and reverse", async () => {
    const tail = await shopify.gql("{ orders(last: 2) { nodes { name } pageInfo { startCursor hasPreviousPage } } }");
    const orders = shopify.store.orders;
    expect(tail.body.data.orders.nodes.map((o: { name: string }) => o.name)).toEqual(orders.slice(-2).map((o) => o.name));
    const before = await shopify.gql("query($c: String) { orders(last: 2, before: $c) { nodes { name } } }", {
      c: tail.body.data.orders.pageInfo.startCursor,
    });
    expect(before.body.data.orders.nodes.map((o: { name: string }) => o.name)).toEqual(orders.slice(-4, -2).map((o) => o.name));
    const byTitle = await shopify.gql("{ products(first: 250, sortKey: TITLE, reverse: true) { nodes { title } } }");
    const titles = byTitle.body.data.products.nodes.map((p: { title: string }) => p.title);
    expect(titles).toEqual([...titles].sort().reverse());
  });

  it("filters with query: updated_at, created_at, email and id", async () => {
    const cutoff = new Date(NOW - 30 * 86_400_000).toISOString();
    const recent = await shopify.gql(`{ orders(first: 250, query: "created_at:>'${cutoff}'") { nodes { createdAt } } }`);
    const expected = shopify.store.orders.filter((o) => o.createdAt > cutoff.replace(/\.\d{3}Z$/, "Z"));
    expect(recent.body.data.orders.nodes).toHaveLength(Math.min(250, expected.length));
    expect(recent.body.data.orders.nodes.every((o: { createdAt: string }) => Date.parse(o.createdAt) > Date.parse(cutoff))).toBe(true);

    const updated = await shopify.gql(`{ customers(first: 250, query: "updated_at:>=${cutoff.slice(0, 10)}") { nodes { updatedAt } } }`);
    const expectedCustomers = shopify.store.customers.filter((c) => c.updatedAt >= cutoff.slice(0, 10));
    expect(updated.body.data.customers.nodes).toHaveLength(expectedCustomers.length);

    const someone = shopify.store.customers[42]!;
    const byEmail = await shopify.gql(`{ customers(first: 5, query: "email:${someone.email.toUpperCase()}") { nodes { id email } } }`);
    expect(byEmail.body.data.customers.nodes).toEqual([{ id: someone.id, email: someone.email }]);

    const pivot = shopify.store.products[50]!;
    const numeric = pivot.id.split("/").pop();
    const byId = await shopify.gql(`{ products(first: 250, query: "id:>${numeric}") { nodes { id } } }`);
    expect(byId.body.data.products.nodes.map((p: { id: string }) => p.id)).toEqual(shopify.store.products.slice(51).map((p) => p.id));
  });

  it("combines terms with AND/OR and negation, and warns about unknown fields", async () => {
    const q = await shopify.gql(`{ products(first: 250, query: "product_type:Tops OR product_type:Home -status:draft") { nodes { productType status } } }`);
    const nodes = q.body.data.products.nodes as { productType: string; status: string }[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.productType === "Tops" || (n.productType === "Home" && n.status !== "DRAFT"))).toBe(true);
    const warned = await shopify.gql(`{ products(first: 1, query: "colour:red") { nodes { id } } }`);
    expect(warned.body.extensions.search[0]).toMatchObject({ path: ["products"], warnings: [{ field: "colour" }] });
  });

  it("resolves orders with money bags, line items and their customer", async () => {
    const order = shopify.store.orders.find((o) => o.customerId && o.lineItems.length > 1)!;
    const { body } = await shopify.gql(
      `query($id: ID!) { order(id: $id) { name displayFinancialStatus createdAt totalPriceSet { shopMoney { amount currencyCode } }
        customer { id email numberOfOrders } lineItems(first: 10) { nodes { quantity sku variant { id } } } } }`,
      { id: order.id },
    );
    const o = body.data.order;
    expect(o).toMatchObject({ name: order.name, displayFinancialStatus: order.financialStatus, createdAt: order.createdAt });
    expect(o.totalPriceSet.shopMoney).toEqual({ amount: order.totalPrice, currencyCode: "USD" });
    expect(o.customer.id).toBe(order.customerId);
    expect(o.customer.numberOfOrders).toBe(String(shopify.store.ordersOf(order.customerId!).length));
    expect(o.lineItems.nodes.map((l: { sku: string }) => l.sku)).toEqual(order.lineItems.map((l) => l.sku));
  });

  it("resolves node and nodes through the Node interface, null for unknown ids", async () => {
    const product = shopify.store.products[3]!;
    const customer = shopify.store.customers[3]!;
    const { body } = await shopify.gql(
      `query($ids: [ID!]!, $id: ID!) { node(id: $id) { __typename ... on Product { title } }
        nodes(ids: $ids) { __typename id ... on Customer { email } } }`,
      { id: product.id, ids: [customer.id, "gid://shopify/Customer/1"] },
    );
    expect(body.data.node).toEqual({ __typename: "Product", title: product.title });
    expect(body.data.nodes).toEqual([{ __typename: "Customer", id: customer.id, email: customer.email }, null]);
  });

  it("answers shop and counts", async () => {
    const { body } = await shopify.gql(`{ shop { myshopifyDomain currencyCode } ordersCount { count precision } productsCount(query: "status:active") { count } }`);
    expect(body.data.shop).toEqual({ myshopifyDomain: "uplift-test.myshopify.com", currencyCode: "USD" });
    expect(body.data.ordersCount).toEqual({ count: shopify.store.orders.length, precision: "EXACT" });
    expect(body.data.productsCount.count).toBe(shopify.store.products.filter((p) => p.status === "ACTIVE").length);
  });
});
