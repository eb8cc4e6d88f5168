import { describe, expect, it } from "vitest";
import golden from "./cases.json";
import { decide } from "./decide";
import { context } from "./fixtures";
import { replay, replayMatches } from "./replay";

const contexts = [
  ...golden.cases.map((c) => context(c.patch)),
  context({ policy: { mode: "learning", segmentBy: ["customer.tier", "session.device"], arms: [{ id: "a", action: { type: "percentage_discount", percent: 10 } }, { id: "b", action: { type: "free_shipping" } }] } }),
];

describe("determinism and replay", () => {
  it.each(contexts.map((ctx, i) => [i, ctx] as const))("context %i decides byte-identically twice and after a JSON round trip", (_, ctx) => {
    const first = JSON.stringify(decide(ctx));
    expect(JSON.stringify(decide(ctx))).toBe(first);
    expect(JSON.stringify(decide(JSON.parse(JSON.stringify(ctx))))).toBe(first);
  });

  it.each(contexts.map((ctx, i) => [i, ctx] as const))("context %i replays from the logged decision alone", (_, ctx) => {
    const logged = JSON.stringify(decide(ctx));
    const parsed = JSON.parse(logged);
    if (parsed.inputs.invalid) return; // nothing to replay: an unreadable context logs no context
    expect(JSON.stringify(replay(parsed))).toBe(logged);
    expect(JSON.stringify(replay(parsed.inputs))).toBe(logged);
    expect(JSON.stringify(replay(parsed.inputs.context))).toBe(logged);
    expect(replayMatches(logged)).toBe(true);
  });

  it("key order of the caller's objects does not change the text", () => {
    const ctx = context({ policy: { rules: [{ id: "r", when: [], action: { type: "percentage_discount", percent: 10 } }] } });
    const reversed = JSON.parse(JSON.stringify(ctx), (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
    expect(JSON.stringify(decide(reversed))).toBe(JSON.stringify(decide(ctx)));
  });

  it("a different seed can change a learning decision, the same seed never does", () => {
    const arms = Array.from({ length: 4 }, (_, i) => ({ id: `a${i}`, action: { type: "percentage_discount" as const, percent: i } }));
    const picks = new Set<string | null>();
    for (let i = 0; i < 40; i++) {
      const ctx = context({ seed: `s${i}`, policy: { mode: "learning", arms } });
      const d = decide(ctx);
      expect(decide(ctx).ruleId).toBe(d.ruleId);
      picks.add(d.ruleId);
    }
    expect(picks.size).toBeGreaterThan(1);
  });

  it("a tampered log does not replay", () => {
    const logged = JSON.parse(JSON.stringify(decide(context({ policy: { rules: [{ id: "r", when: [], action: { type: "percentage_discount", percent: 10 } }] } }))));
    logged.discountMinor = 99;
    expect(replayMatches(JSON.stringify(logged))).toBe(false);
    expect(replayMatches("not json")).toBe(false);
  });
});
