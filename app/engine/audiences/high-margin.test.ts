import { describe, expect, it } from "vitest";
import { evaluateAudiences } from "./evaluate";
import { cartVariants, marginRate, withHighMarginCounts } from "./high-margin";
import { audiencesDocumentSchema } from "./schema";

const NOW = new Date("2026-11-24T09:00:00Z");
const today = new Date(Date.UTC(2026, 10, 24));
const yesterday = new Date(Date.UTC(2026, 10, 23));
const v = (n: number) => `gid://shopify/ProductVariant/${n}`;
const cart = (n: number, day = today, count = 1) => ({ key: `product_added_to_cart:${v(n)}`, day, count });

describe("high-margin add to cart", () => {
  it("margin is (price − cost) / price, unknown without a cost or a positive price", () => {
    expect(marginRate(100, 35)).toBeCloseTo(0.65);
    expect(marginRate(100, null)).toBeNull();
    expect(marginRate(0, 0)).toBeNull();
    expect(marginRate(null, 10)).toBeNull();
  });

  it("only the variants added within the window are looked up", () => {
    expect(cartVariants([cart(1), cart(2, yesterday), { key: "product_viewed:gid://shopify/Product/3", day: today, count: 1 }], NOW, 1)).toEqual([v(1)]);
    expect(cartVariants([cart(1), cart(2, yesterday)], NOW, 2).sort()).toEqual([v(1), v(2)]);
  });

  it("derives high_margin_in_cart rows for variants at or above the rate; unknown costs never count", () => {
    const margins = new Map<string, number | null>([[v(1), 0.6], [v(2), 0.2], [v(3), null], [v(4), 0.5]]);
    const rows = withHighMarginCounts([cart(1, today, 2), cart(2), cart(3), cart(4), cart(5)], margins, 0.5);
    expect(rows.filter((r) => r.key.startsWith("high_margin_in_cart:")).map((r) => [r.key, r.count])).toEqual([
      [`high_margin_in_cart:${v(1)}`, 2],
      [`high_margin_in_cart:${v(4)}`, 1],
    ]);
    const [audience] = audiencesDocumentSchema.parse({
      audiences: [{ id: "hm", name: "HM", provider: "hubspot", listId: "9", when: [{ event: "high_margin_in_cart", atLeast: 1, withinDays: 1 }] }],
    }).audiences;
    expect(evaluateAudiences([audience!], rows, NOW).has("hm")).toBe(true);
    expect(evaluateAudiences([audience!], withHighMarginCounts([cart(2), cart(3)], margins, 0.5), NOW).size).toBe(0);
  });
});
