import { describe, expect, it } from "vitest";
import { generateStore } from "./generate-store";
import { NOW } from "./testing";

describe("generateStore", () => {
  const options = { domain: "gen-test.myshopify.com", seed: 2024, now: NOW };

  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateStore({ ...options, productCount: 40, customerCount: 200 });
    const b = generateStore({ ...options, productCount: 40, customerCount: 200 });
    const c = generateStore({ ...options, seed: 2025, productCount: 40, customerCount: 200 });
    const snapshot = (s: typeof a) => JSON.stringify({ p: s.products, c: s.customers, o: s.orders, shop: s.shop });
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(a)).not.toBe(snapshot(c));
  });

  it("builds the full default store fast, with sequential order numbers and realistic ids", () => {
    const started = performance.now();
    const store = generateStore(options);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(2000);
    expect(store.products).toHaveLength(300);
    expect(store.customers).toHaveLength(3000);
    expect(store.orders.length).toBeGreaterThan(3000);
    expect(store.orders.map((o) => o.number)).toEqual(store.orders.map((_, i) => 1001 + i));
    expect(store.orders[0]!.name).toBe("#1001");
    const orderIds = store.orders.map((o) => Number(o.id.split("/").pop()));
    expect(orderIds.every((id, i) => i === 0 || id > orderIds[i - 1]!)).toBe(true);
    expect(orderIds[0]).toBeGreaterThan(1e12);
    expect(orderIds[orderIds.length - 1]).toBeLessThan(Number.MAX_SAFE_INTEGER);
    const times = store.orders.map((o) => o.createdAt);
    expect(times).toEqual([...times].sort());
    expect(Date.parse(times[0]!)).toBeGreaterThanOrEqual(NOW - 2 * 365 * 86_400_000);
    expect(Date.parse(times[times.length - 1]!)).toBeLessThanOrEqual(NOW);
    // Several categories, variants and margins of 30–70 %.
    expect(new Set(store.products.map((p) => p.productType)).size).toBeGreaterThanOrEqual(5);
    const variants = store.allVariants();
    expect(variants.length).toBeGreaterThan(600);
    for (const v of variants) {
      const margin = 1 - Number(v.unitCost) / Number(v.price);
      expect(margin).toBeGreaterThanOrEqual(0.29);
      expect(margin).toBeLessThanOrEqual(0.71);
    }
    // Every order's totals add up.
    for (const o of store.orders.slice(0, 500)) {
      const subtotal = o.lineItems.reduce((s, l) => s + Math.round(Number(l.price) * 100) * l.quantity, 0);
      expect(Math.round(Number(o.subtotalPrice) * 100)).toBe(subtotal);
      const total = subtotal - Math.round(Number(o.totalDiscounts) * 100) + Math.round(Number(o.totalShipping) * 100) + Math.round(Number(o.totalTax) * 100);
      expect(Math.round(Number(o.totalPrice) * 100)).toBe(total);
    }
  });

  it("produces BG/NBD-like repeat buying and Gamma-Gamma-like spend", () => {
    const store = generateStore(options);
    const counts = store.customers.map((c) => store.ordersOf(c.id).length).filter((n) => n > 0);
    const oneTime = counts.filter((n) => n === 1).length / counts.length;
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const max = Math.max(...counts);
    expect(oneTime).toBeGreaterThan(0.4); // most customers never come back
    expect(oneTime).toBeLessThan(0.8);
    expect(mean).toBeGreaterThan(1.4);
    expect(mean).toBeLessThan(3.5);
    expect(max).toBeGreaterThanOrEqual(10); // a long tail of loyal buyers
    expect(counts.filter((n) => n >= 5).length / counts.length).toBeGreaterThan(0.03);
    // Spend per order varies between customers more than chance would make it.
    const repeat = store.customers.filter((c) => store.ordersOf(c.id).length >= 4);
    const means = repeat.map((c) => {
      const orders = store.ordersOf(c.id);
      return orders.reduce((s, o) => s + Number(o.subtotalPrice), 0) / orders.length;
    });
    const avg = means.reduce((a, b) => a + b, 0) / means.length;
    const sd = Math.sqrt(means.reduce((s, m) => s + (m - avg) ** 2, 0) / means.length);
    expect(sd / avg).toBeGreaterThan(0.25);
    // Some customers signed up without buying.
    expect(store.customers.length - counts.length).toBeGreaterThan(100);
  });
});
