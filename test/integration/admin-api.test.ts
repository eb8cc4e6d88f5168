import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { installShop } from "../support/admin-request";
import { unauthenticated } from "../../app/shopify.server";
import { adminQuery, type AdminGraphql } from "../../app/integrations/shopify-admin.server";

// The app's Admin API path end to end: shopify-app-remix's client (unmodified) → the local Shopify,
// which validates against the 2026-07 schema and meters cost like Shopify.
const shop = `admin-${randomUUID().slice(0, 8)}.myshopify.com`;
let graphql: AdminGraphql;

const PRODUCTS = `#graphql
  query Catalog { products(first: 250) { nodes { id title variants(first: 100) { nodes { id price inventoryItem { unitCost { amount } } } } } } }`;
const products = z.object({ products: z.object({ nodes: z.array(z.object({ id: z.string(), variants: z.object({ nodes: z.array(z.object({ price: z.string() })) }) })) }) });

describe("Admin API through the official client", () => {
  beforeAll(async () => {
    await installShop(shop);
    ({ admin: { graphql } } = await unauthenticated.admin(shop));
  });

  it("reads the store, with Shopify's cost extension", async () => {
    const r = await adminQuery(graphql, PRODUCTS, products);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.products.nodes.length).toBe(20);
    expect(r.cost?.requestedQueryCost).toBeGreaterThan(r.cost?.actualQueryCost ?? Infinity);
    expect(r.cost?.throttleStatus.maximumAvailable).toBe(2000);
  });

  it("waits out THROTTLED answers instead of failing", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      await new Promise((r) => setTimeout(r, ms));
    };
    const results = [];
    // Each query asks for more than 100 points: the 2000-point bucket runs dry within the loop.
    for (let i = 0; i < 30 && !waits.length; i++) results.push(await adminQuery(graphql, PRODUCTS, products, { sleep }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.length).toBeGreaterThan(5); // not throttled before the bucket ran low
    expect(results.some((r) => r.attempts > 1)).toBe(true);
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1000);
  });

  it("reports a query that does not validate against the schema", async () => {
    const r = await adminQuery(graphql, `query { shop { nmae } }`, z.unknown());
    expect(r).toMatchObject({ ok: false, error: { code: "GRAPHQL_VALIDATION_FAILED" } });
    if (!r.ok) expect(r.error.message).toMatch(/nmae/);
  });

  it("reports a query above Shopify's single-query cost limit", async () => {
    const huge = `query { products(first: 250) { nodes { variants(first: 250) { nodes { inventoryItem { inventoryLevels(first: 250) { nodes { id } } } } } } } }`;
    const r = await adminQuery(graphql, huge, z.unknown());
    expect(r, JSON.stringify(r)).toMatchObject({ ok: false, error: { code: "MAX_COST_EXCEEDED" } });
  });
});
