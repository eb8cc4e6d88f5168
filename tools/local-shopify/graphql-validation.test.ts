import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestShopify, type TestShopify } from "./testing";

let shopify: TestShopify;
beforeAll(async () => {
  shopify = await startTestShopify();
});
afterAll(() => shopify.local.close());

describe("Admin GraphQL validation against the 2026-07 schema", () => {
  it("rejects a misspelled field with Shopify's error shape and no data", async () => {
    const query = "{ products(first: 1) { nodes { id titel } } }";
    const { status, body } = await shopify.gql(query);
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({
      message: expect.stringContaining('"titel"'),
      locations: [{ line: 1, column: query.indexOf("titel") + 1 }],
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
  });

  it("rejects an unknown argument", async () => {
    const { body } = await shopify.gql("{ products(first: 1, limit: 5) { nodes { id } } }");
    expect(body.errors[0].message).toContain('Unknown argument "limit"');
    expect(body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("rejects a wrongly typed variable and a missing required argument", async () => {
    const missing = await shopify.gql("{ product { id } }");
    expect(missing.body.errors[0].message).toContain('argument "id" of type "ID!" is required');
    const badVar = await shopify.gql("query($n: String) { products(first: $n) { nodes { id } } }", { n: "3" });
    expect(badVar.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("reports syntax errors as GRAPHQL_PARSE_FAILED", async () => {
    const { status, body } = await shopify.gql("{ products(first: 1) { nodes { id } }");
    expect(status).toBe(200);
    expect(body.errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(body.errors[0].locations[0].line).toBe(1);
  });

  it("names an unimplemented root field instead of answering null", async () => {
    const { body } = await shopify.gql("{ abandonedCheckouts(first: 1) { nodes { id } } }");
    expect(body.errors[0]).toMatchObject({
      message: expect.stringContaining("QueryRoot.abandonedCheckouts"),
      extensions: { code: "INTERNAL_SERVER_ERROR" },
      path: ["abandonedCheckouts"],
    });
  });

  it("requires first or last on connections, and at most 250", async () => {
    const none = await shopify.gql("{ products { nodes { id } } }");
    expect(none.body.errors[0].message).toBe("you must provide one of first or last");
    const big = await shopify.gql("{ products(first: 251) { nodes { id } } }");
    expect(big.body.errors[0].message).toContain("250");
  });

  it("answers a missing query with HTTP 400", async () => {
    const res = await fetch(`${shopify.local.url}/stores/uplift-test.myshopify.com/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": shopify.token },
      body: JSON.stringify({ variables: {} }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });
});
