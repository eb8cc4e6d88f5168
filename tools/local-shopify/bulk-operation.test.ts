import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestShopify, type TestShopify } from "./testing";

let shopify: TestShopify;
const finished: { shop: string; topic: string }[] = [];
beforeAll(async () => {
  shopify = await startTestShopify({ onEvent: (shop, topic) => finished.push({ shop, topic }) });
});
afterAll(() => shopify.local.close());

const RUN = `mutation($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } } }`;
const POLL = `query($id: ID!) { bulkOperation(id: $id) { id status objectCount rootObjectCount fileSize url errorCode } }`;

describe("bulk operations", () => {
  it("runs a query to JSONL with __parentId on nested connection children", async () => {
    const query = `{ products(first: 5) { edges { cursor node { id title variants { edges { node { id sku inventoryItem { unitCost { amount } } } } } } } } }`;
    const run = await shopify.gql(RUN, { query });
    const created = run.body.data.bulkOperationRunQuery;
    expect(created.userErrors).toEqual([]);
    expect(created.bulkOperation.status).toBe("CREATED");

    const poll = await shopify.gql(POLL, { id: created.bulkOperation.id });
    const op = poll.body.data.bulkOperation;
    const variants = shopify.store.allVariants();
    expect(op).toMatchObject({ status: "COMPLETED", errorCode: null, rootObjectCount: String(shopify.store.products.length) });
    expect(op.objectCount).toBe(String(shopify.store.products.length + variants.length));
    expect(typeof op.fileSize).toBe("string");

    const res = await fetch(op.url);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBe(Number(op.fileSize));
    const lines = text.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(Number(op.objectCount));
    // `first` is ignored: every product comes back, each followed by its variants.
    const first = shopify.store.products[0]!;
    expect(lines[0]).toEqual({ id: first.id, title: first.title });
    expect(lines[1]).toEqual({
      id: first.variants[0]!.id,
      sku: first.variants[0]!.sku,
      inventoryItem: { unitCost: { amount: first.variants[0]!.unitCost } },
      __parentId: first.id,
    });
    const children = lines.filter((l) => l.__parentId === first.id).map((l) => l.id);
    expect(children).toEqual(first.variants.map((v) => v.id));
    expect(finished).toContainEqual({ shop: "uplift-test.myshopify.com", topic: "bulk_operations/finish" });
  });

  it("tells later listeners too, and can cut a result download short", async () => {
    const events: string[] = [];
    const stop = shopify.local.listen((shop, topic, resource) => events.push(`${shop} ${topic} ${(resource as { id: string }).id}`));
    const run = await shopify.gql(RUN, { query: "{ customers { edges { node { id } } } }" });
    const id = run.body.data.bulkOperationRunQuery.bulkOperation.id as string;
    stop();
    await shopify.gql(RUN, { query: "{ customers { edges { node { id } } } }" });
    expect(events).toEqual([`uplift-test.myshopify.com bulk_operations/finish ${id}`]);

    const { url } = (await shopify.gql(POLL, { id })).body.data.bulkOperation;
    shopify.local.interruptBulkDownload("uplift-test.myshopify.com", id, 100);
    await expect(fetch(url).then((r) => r.text())).rejects.toThrow();
    // One download only: the next one is whole.
    const text = await (await fetch(url)).text();
    expect(text.trim().split("\n")).toHaveLength(shopify.store.customers.length);
  });

  it("refuses bulk queries Shopify refuses", async () => {
    const cases = [
      ["{ shop { name } }", "at least one connection"],
      ['{ node(id: "gid://shopify/Product/1") { id } }', "top level `node`"],
      ["{ products { edges { node { title variants { edges { node { id } } } } } } }", "must select the 'id' field"],
      ["{ products { edges { node { titel } } } }", "Cannot query field"],
      ["{ products { edges { node { id", "Syntax Error"],
    ] as const;
    for (const [query, message] of cases) {
      const { body } = await shopify.gql(RUN, { query });
      expect(body.data.bulkOperationRunQuery.bulkOperation).toBeNull();
      expect(body.data.bulkOperationRunQuery.userErrors[0]).toMatchObject({ code: "INVALID", field: ["query"], message: expect.stringContaining(message) });
    }
  });
});
