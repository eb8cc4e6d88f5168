import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectivePage, requestedCost } from "./cost";
import { generateStore } from "./generate-store";
import { adminSchema } from "./schema";
import { NOW, startTestShopify, type TestShopify } from "./testing";

const cost = (query: string, variables: Record<string, unknown> = {}) => requestedCost(adminSchema(), parse(query), variables);

describe("static query cost", () => {
  it("follows the documented defaults and the logarithmic page approximation", () => {
    expect(effectivePage(1)).toBe(1);
    expect(effectivePage(10)).toBe(5);
    expect(effectivePage(250)).toBe(11);
    expect(cost("{ shop { name currencyCode } }")).toBe(1);
    expect(cost("{ products(first: 10) { nodes { id title } } }")).toBe(2 + 5 * 1);
    expect(cost("{ products(first: 250) { edges { cursor node { id } } pageInfo { hasNextPage } } }")).toBe(13);
    // The measured Shopify example: 1 + (2 + 11 × 2) = 25.
    expect(cost('{ product(id: "gid://shopify/Product/1") { variants(first: 250) { nodes { inventoryItem { id tracked } } } } }')).toBe(25);
    expect(cost("query($n: Int) { customers(first: $n) { nodes { id } } }", { n: 250 })).toBe(13);
    expect(cost('mutation { metafieldsSet(metafields: []) { userErrors { message } } }')).toBe(10);
    // Narrowing fragments on an interface cost their most expensive branch only.
    expect(cost('{ node(id: "x") { ... on Product { title } ... on Customer { amountSpent { amount } defaultAddress { id } } } }')).toBe(3);
  });
});

describe("rate limiting over HTTP", () => {
  let shopify: TestShopify;
  let now = NOW;
  beforeAll(async () => {
    const other = generateStore({ domain: "other-test.myshopify.com", seed: 3, productCount: 5, customerCount: 5, now: NOW });
    shopify = await startTestShopify({ clock: () => now });
    shopify.local.stores.set(other.domain, other);
  });
  afterAll(() => shopify.local.close());

  // 20 aliases × (2 + effectivePage(60)=8 × (product 1 + variants(first: 1) 3)) = 680, and every
  // alias returns exactly what it asked for, so nothing is refunded.
  const heavy = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: products(first: 60) { nodes { id variants(first: 1) { nodes { id } } } }`).join(" ")} }`;

  it("reports requested and actual cost and refunds what was not returned", async () => {
    const { body } = await shopify.gql("{ products(first: 250) { nodes { id } } }");
    // 60 products came back: 2 + effectivePage(60) × 1 = 10 of the requested 13.
    expect(body.extensions.cost).toEqual({
      requestedQueryCost: 13,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
    });
    const none = await shopify.gql('{ products(first: 250, query: "title:no-such-product") { nodes { id } } }');
    expect(none.body.extensions.cost.actualQueryCost).toBe(2);
  });

  it("answers THROTTLED once the bucket is drained, then recovers as time passes", async () => {
    now += 60_000; // refill completely
    expect(cost(heavy)).toBe(680);
    const first = await shopify.gql(heavy);
    expect(first.body.extensions.cost.actualQueryCost).toBe(680);
    await shopify.gql(heavy);
    const throttled = await shopify.gql(heavy);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: {
        cost: { requestedQueryCost: 680, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 640, restoreRate: 100 } },
      },
    });
    expect(throttled.body).not.toHaveProperty("data");

    // A throttled request costs nothing; 0.3 s later there is still not enough.
    now += 300;
    expect((await shopify.gql(heavy)).body.errors[0].extensions.code).toBe("THROTTLED");
    now += 700; // 640 + 100 = 740 ≥ 680
    const recovered = await shopify.gql(heavy);
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(60);

    // Buckets are per shop: another shop is untouched.
    const res = await fetch(`${shopify.local.url}/stores/other-test.myshopify.com/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": shopify.local.issueAccessToken("other-test.myshopify.com") },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect((await res.json()).extensions.cost.throttleStatus.currentlyAvailable).toBe(1999);

    now += 3_600_000;
    const full = await shopify.gql("{ shop { name } }");
    expect(full.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(1999);
  });

  it("refuses a query over 1000 points with MAX_COST_EXCEEDED and charges nothing", async () => {
    now += 60_000;
    const huge = "{ customers(first: 250) { nodes { id orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } } } }";
    const requested = 2 + 11 * (1 + 2 + 11 * (1 + 2 + 11 * 1));
    expect(cost(huge)).toBe(requested);
    const { status, body } = await shopify.gql(huge);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["errors"]);
    expect(body.errors[0].message).toMatch(new RegExp(`^Query cost is ${requested}, which exceeds the single query max cost limit \\(1000\\)\\.`));
    expect(body.errors[0].extensions).toEqual({
      code: "MAX_COST_EXCEEDED",
      cost: requested,
      maxCost: 1000,
      documentation: "https://shopify.dev/api/usage/limits#rate-limits",
    });
    const after = await shopify.gql("{ shop { name } }");
    expect(after.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(1999);
  });
});
