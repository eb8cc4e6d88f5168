import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTraffic } from "./traffic";
import { NOW, SHOP, startTestShopify, type TestShopify } from "./testing";

let a: TestShopify;
let b: TestShopify;
beforeAll(async () => {
  [a, b] = await Promise.all([startTestShopify(), startTestShopify()]);
});
afterAll(async () => {
  await a.local.close();
  await b.local.close();
});

async function drive(shopify: TestShopify, ticks: number) {
  const events: { topic: string; id: string }[] = [];
  let t = NOW;
  const traffic = startTraffic(
    shopify.local,
    SHOP,
    async (topic, resource) => {
      const r = resource as { id?: string; token?: string };
      events.push({ topic, id: r.id ?? r.token ?? "" });
    },
    { intervalMs: 60_000, seed: 99, now: () => (t += 5_000) },
  );
  for (let i = 0; i < ticks; i++) await traffic.tick();
  traffic.stop();
  return events;
}

describe("startTraffic", () => {
  it("drives carts, checkouts, orders and customers through the store, deterministically", async () => {
    const ordersBefore = a.store.orders.length;
    const events = await drive(a, 300);
    const again = await drive(b, 300);
    expect(again).toEqual(events);

    const topics = new Set(events.map((e) => e.topic));
    for (const topic of ["carts/create", "carts/update", "checkouts/create", "checkouts/update", "orders/create", "orders/paid", "customers/create", "customers/update"]) {
      expect(topics).toContain(topic);
    }
    const created = events.filter((e) => e.topic === "orders/create");
    expect(a.store.orders.length).toBe(ordersBefore + created.length);
    // Every new order was created and then paid, in that order.
    for (const e of created) {
      const paid = events.findIndex((x) => x.topic === "orders/paid" && x.id === e.id);
      expect(paid).toBeGreaterThan(events.indexOf(e));
      expect(a.store.order(e.id)?.financialStatus).toBe("PAID");
      expect(a.store.order(e.id)?.checkoutToken).toBeTruthy();
    }
    // The new data is visible through the Admin API.
    const last = a.store.orders[a.store.orders.length - 1]!;
    const { body } = await a.gql("{ orders(last: 1) { nodes { id name displayFinancialStatus } } }");
    expect(body.data.orders.nodes[0]).toEqual({ id: last.id, name: last.name, displayFinancialStatus: "PAID" });
  });
});
