import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateAudiences, longestWindow } from "./evaluate";
import { audiencesDocumentSchema, type Audience, type BehaviorRow } from "./schema";

const NOW = new Date("2026-11-24T15:30:00Z");
const day = (offset: number) => new Date(Date.UTC(2026, 10, 24 + offset));
const col = (n: number) => `collection_viewed:gid://shopify/Collection/${n}`;
const row = (key: string, offset: number, count = 1): BehaviorRow => ({ key, day: day(offset), count });

const parse = (audiences: unknown[]) => audiencesDocumentSchema.parse({ audiences }).audiences;
const [browsers, shoes, bigCart, vipShoes] = parse([
  { id: "browsers", name: "Browsers", provider: "hubspot", listId: "11", when: [{ event: "collection_viewed", atLeast: 3, withinDays: 7 }] },
  { id: "shoes", name: "Shoes fans", provider: "hubspot", listId: "12", when: [{ event: "collection_viewed", match: "7", atLeast: 3, withinDays: 7 }] },
  { id: "big-cart", name: "High margin carts", provider: "hubspot", listId: "13", when: [{ event: "high_margin_in_cart", atLeast: 1, withinDays: 1 }] },
  {
    id: "vip-shoes",
    name: "VIP shoe browsers",
    provider: "hubspot",
    listId: "14",
    when: [
      { event: "collection_viewed", match: "gid://shopify/Collection/7", atLeast: 2, withinDays: 3 },
      { field: "tier", op: "in", value: ["platinum", "gold"] },
    ],
  },
]) as [Audience, Audience, Audience, Audience];
const all = [browsers, shoes, bigCart, vipShoes];

describe("evaluateAudiences", () => {
  it("three views of any collection in the window join the browsers; three of collection 7 join the shoe fans too", () => {
    expect(evaluateAudiences(all, [row(col(1), 0), row(col(2), -2), row(col(3), -6)], NOW)).toEqual(new Set(["browsers"]));
    expect(evaluateAudiences(all, [row(col(7), 0, 2), row(col(7), -1)], NOW)).toEqual(new Set(["browsers", "shoes"]));
  });

  it("a match by numeric id and by GID name the same collection", () => {
    const counts = [row(col(7), 0, 2)];
    expect(evaluateAudiences([vipShoes], counts, NOW, { tier: "gold", churnRisk: 0.1, clvMinor: 1 })).toEqual(new Set(["vip-shoes"]));
    expect(evaluateAudiences([vipShoes], [row(col(70), 0, 2)], NOW, { tier: "gold", churnRisk: 0.1, clvMinor: 1 }).size).toBe(0);
  });

  it("the window is UTC days with today included: a view 7 days ago no longer counts for a 7-day window", () => {
    expect(evaluateAudiences([browsers], [row(col(1), 0), row(col(1), -1), row(col(1), -6)], NOW).has("browsers")).toBe(true);
    expect(evaluateAudiences([browsers], [row(col(1), 0), row(col(1), -1), row(col(1), -7)], NOW).has("browsers")).toBe(false);
    // withinDays 1 is today only, and rows dated in the future count for nothing.
    expect(evaluateAudiences([bigCart], [row("high_margin_in_cart:gid://shopify/ProductVariant/1", -1)], NOW).size).toBe(0);
    expect(evaluateAudiences([bigCart], [row("high_margin_in_cart:gid://shopify/ProductVariant/1", 1)], NOW).size).toBe(0);
    expect(evaluateAudiences([bigCart], [row("high_margin_in_cart:gid://shopify/ProductVariant/1", 0)], NOW).size).toBe(1);
  });

  it("score conditions need a score: an unscored customer is never in a tier audience", () => {
    const counts = [row(col(7), 0, 5)];
    expect(evaluateAudiences([vipShoes], counts, NOW, null).size).toBe(0);
    expect(evaluateAudiences([vipShoes], counts, NOW, { tier: "bronze", churnRisk: 0.1, clvMinor: 1 }).size).toBe(0);
  });

  it("fails closed on an unknown event or operator, and skips disabled audiences", () => {
    const [unknownEvent, unknownOp, off] = parse([
      { id: "a", name: "A", provider: "hubspot", listId: "1", when: [{ event: "page_teleported", atLeast: 1, withinDays: 1 }] },
      { id: "b", name: "B", provider: "hubspot", listId: "1", when: [{ event: "collection_viewed", atLeast: 1, withinDays: 1 }, { field: "churnRisk", op: "approximately", value: 0.5 }] },
      { id: "c", name: "C", provider: "hubspot", listId: "1", enabled: false, when: [{ event: "collection_viewed", atLeast: 1, withinDays: 1 }] },
    ]) as [Audience, Audience, Audience];
    const counts = [row("page_teleported", 0, 99), row(col(1), 0, 99)];
    expect(evaluateAudiences([unknownEvent, unknownOp, off], counts, NOW, { tier: "gold", churnRisk: 0.5, clvMinor: 1 }).size).toBe(0);
  });

  it("refuses documents that could not be synced: duplicate ids, a list id that is not a HubSpot id, a provider without lists", () => {
    const base = { name: "X", provider: "hubspot", listId: "1", when: [{ event: "product_viewed", atLeast: 1, withinDays: 1 }] };
    expect(audiencesDocumentSchema.safeParse({ audiences: [{ id: "x", ...base }, { id: "x", ...base }] }).success).toBe(false);
    expect(audiencesDocumentSchema.safeParse({ audiences: [{ id: "x", ...base, listId: "abc" }] }).success).toBe(false);
    expect(audiencesDocumentSchema.safeParse({ audiences: [{ id: "x", ...base, provider: "salesforce" }] }).success).toBe(false);
    // Klaviyo list ids are letters and digits; a HubSpot list id must be digits.
    expect(audiencesDocumentSchema.safeParse({ audiences: [{ id: "x", ...base, provider: "klaviyo", listId: "Y6nRLr" }] }).success).toBe(true);
    expect(audiencesDocumentSchema.safeParse({ audiences: [{ id: "x", ...base, provider: "klaviyo", listId: "Y6n-Lr" }] }).success).toBe(false);
    expect(audiencesDocumentSchema.safeParse({ audiences: [{ id: "x", ...base, when: [{ event: "product_viewed", atLeast: 1, withinDays: 91 }] }] }).success).toBe(false);
    expect(audiencesDocumentSchema.safeParse({ audiences: [{ id: "x", ...base, when: [{ field: "tier", op: "eq", value: "gold" }] }] }).success).toBe(false);
    expect(audiencesDocumentSchema.parse({ audiences: [] }).highMargin.minMarginRate).toBe(0.5);
  });

  it("longestWindow bounds how far back the counts are read", () => {
    expect(longestWindow(all)).toBe(7);
    expect(longestWindow([])).toBe(0);
  });
});

// Properties over random counts for behaviour-only audiences.
const EVENTS = ["collection_viewed", "product_viewed", "product_added_to_cart", "high_margin_in_cart"] as const;
const arbRow = fc.record({
  event: fc.constantFrom(...EVENTS),
  id: fc.integer({ min: 1, max: 4 }),
  offset: fc.integer({ min: -20, max: 2 }),
  count: fc.integer({ min: 1, max: 5 }),
}).map((r): BehaviorRow => ({ key: `${r.event}:gid://shopify/Thing/${r.id}`, day: day(r.offset), count: r.count }));
const arbAudience = fc.record({
  event: fc.constantFrom(...EVENTS),
  match: fc.constantFrom("any", "1", "2", "gid://shopify/Thing/3"),
  atLeast: fc.integer({ min: 1, max: 6 }),
  withinDays: fc.integer({ min: 1, max: 14 }),
});
const arbAudiences = fc.array(fc.array(arbAudience, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }).map((lists) =>
  parse(lists.map((when, i) => ({ id: `a${i}`, name: `A${i}`, provider: "hubspot", listId: String(i + 1), when }))),
);

describe("evaluateAudiences properties", () => {
  it("more behaviour never takes a customer out of a behaviour audience", () => {
    fc.assert(
      fc.property(arbAudiences, fc.array(arbRow, { maxLength: 30 }), fc.array(arbRow, { maxLength: 10 }), (audiences, counts, more) => {
        const before = evaluateAudiences(audiences, counts, NOW);
        const after = evaluateAudiences(audiences, [...counts, ...more], NOW);
        for (const id of before) expect(after.has(id)).toBe(true);
      }),
    );
  });

  it("the order of the rows does not matter", () => {
    fc.assert(
      fc.property(arbAudiences, fc.array(arbRow, { maxLength: 30 }), (audiences, counts) => {
        expect(evaluateAudiences(audiences, [...counts].reverse(), NOW)).toEqual(evaluateAudiences(audiences, counts, NOW));
      }),
    );
  });

  it("once every window has passed, nobody is in any behaviour audience (what the daily sweep relies on)", () => {
    fc.assert(
      fc.property(arbAudiences, fc.array(arbRow, { maxLength: 30 }), (audiences, counts) => {
        const later = new Date(NOW.getTime() + (longestWindow(audiences) + 3) * 86_400_000);
        expect(evaluateAudiences(audiences, counts, later).size).toBe(0);
      }),
    );
  });

  it("a member's every condition holds on its own", () => {
    fc.assert(
      fc.property(arbAudiences, fc.array(arbRow, { maxLength: 30 }), (audiences, counts) => {
        for (const id of evaluateAudiences(audiences, counts, NOW)) {
          const audience = audiences.find((a) => a.id === id)!;
          for (const c of audience.when) expect(evaluateAudiences([{ ...audience, when: [c] }], counts, NOW).has(id)).toBe(true);
        }
      }),
    );
  });
});
