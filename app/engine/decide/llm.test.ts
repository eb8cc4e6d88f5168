import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { context } from "./fixtures";
import { toJson } from "./json";
import { parseProposal } from "./llm";

describe("untrusted values", () => {
  it("toJson keeps what a JSON round trip keeps and never throws", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(toJson(cyclic)).toEqual({ a: 1, self: null });
    expect(toJson({ n: Number.NaN, i: Infinity, b: BigInt(1), u: undefined, f: () => 1, arr: [undefined, Number.NaN] })).toEqual({ n: null, i: null, b: null, arr: [null, null] });
    expect(toJson({ d: new Date("2026-01-01T00:00:00Z") })).toEqual({ d: "2026-01-01T00:00:00.000Z" });
    const hostile = { get boom() { throw new Error("x"); } };
    expect(toJson(hostile)).toBeNull();
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => JSON.stringify(toJson(deep))).not.toThrow();
  });

  it("parses only valid actions and quotes the model's reasons on one short line", () => {
    const ok = parseProposal({ action: { type: "free_shipping", bypassGuardrails: true }, reasons: ["a\nb\u2028c", 5, "x".repeat(500)] } as never);
    expect(ok).toMatchObject({ ok: true, action: { type: "free_shipping" } });
    if (ok.ok) {
      expect(ok.action).toEqual({ type: "free_shipping" });
      expect(ok.reasons[0]).toBe('LLM said: "a b c"');
      expect(ok.reasons).toHaveLength(2);
      expect(ok.reasons[1]!.length).toBeLessThan(180);
    }
    const bidi = parseProposal({ action: { type: "none" }, reasons: ["refund \u202eevil\u202c ok"] });
    expect(bidi.ok && bidi.reasons[0]).toBe('LLM said: "refund evil ok"');
    for (const bad of [null, "20% off", [], { action: "percentage_discount" }, { action: { type: "teleport" } }, { action: { type: "gift", variantId: "" } }]) {
      expect(parseProposal(bad as never).ok).toBe(false);
    }
  });

  it("decide survives proposals that are not JSON at all", () => {
    const cyclic: Record<string, unknown> = { action: { type: "percentage_discount", percent: 50 } };
    cyclic.loop = cyclic;
    const d = decide({ ...context(), llmProposal: cyclic });
    expect(d.action).toEqual({ type: "percentage_discount", percent: 20 });
    expect(JSON.stringify(decide({ ...context(), llmProposal: cyclic }))).toBe(JSON.stringify(d));
    expect(decide({ ...context(), llmProposal: { action: { type: "fixed_discount", amountMinor: BigInt(10) } } }).source).toBe("default");
  });

  it("decide never throws on garbage", () => {
    for (const raw of [undefined, null, 0, "ctx", [], {}, { policy: null }, new Proxy({}, { get: () => { throw new Error("trap"); } })]) {
      const d = decide(raw);
      expect(d).toMatchObject({ action: { type: "none" }, outcome: "skip", source: "default", confidence: 0 });
    }
  });
});
