import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { json, rateLimited, refusal, slow, text } from "../../../tools/local-openai/replies";
import { startLocalOpenAI, type Handler, type LocalOpenAI } from "../../../tools/local-openai/server";
import { draftReasoning } from "./draft-reasoning.server";
import { REASONING_RESPONSE_FORMAT, type ReasoningInput } from "./reasoning";
import type { OpenAIConfig } from "./structured-completion.server";

// The official openai SDK against tools/local-openai on 127.0.0.1: real HTTP, real wire format.

const input: ReasoningInput = {
  tier: "gold",
  clvMinor: 42_049,
  churnRisk: 0.5561,
  daysSinceLastOrder: 40.4,
  daysOverdue: 12.6,
  expectedPurchases12m: 2.345,
  topCategory: "Coffee",
  action: "vip_retention_offer",
  template: "High value (gold, 12-month CLV 420.49) but churn risk is 56%; a personal retention offer protects the most value.",
};

const draft = "Gold customer worth about 420 a year whose churn risk has passed 50%: a personal retention offer now protects the most value.";

let local: LocalOpenAI | undefined;
afterEach(async () => {
  await local?.close();
  local = undefined;
});

async function run(handler: Handler, options: Partial<OpenAIConfig> = {}, reasoningInput: ReasoningInput = input) {
  local = await startLocalOpenAI(handler);
  const started = performance.now();
  const result = await draftReasoning({ baseURL: local.url, apiKey: "test-key", model: "gpt-4o-mini", timeoutMs: 1_000, ...options }, reasoningInput);
  return { result, elapsed: performance.now() - started, requests: local.requests };
}

type SentBody = { model: string; max_completion_tokens: number; messages: { role: string; content: string }[]; response_format: unknown };
const bodyOf = (r: { body: unknown }) => r.body as SentBody;
const userFacts = (r: { body: unknown }) => JSON.parse(bodyOf(r).messages[1]!.content) as Record<string, unknown>;

describe("draftReasoning", () => {
  it("returns the trimmed draft and a call record for the audit log", async () => {
    const { result, requests } = await run(() => ({ content: JSON.stringify({ reasoning: `  ${draft}\n` }), usage: { promptTokens: 210, completionTokens: 38 } }));
    expect(result).toEqual({
      ok: true,
      data: { reasoning: draft, call: { model: "gpt-4o-mini", promptHash: expect.stringMatching(/^[0-9a-f]{64}$/), promptTokens: 210, completionTokens: 38, latencyMs: expect.any(Number), outcome: "ok", attempts: 1 } },
    });
    expect(requests).toHaveLength(1);
    const hash = createHash("sha256").update(JSON.stringify(bodyOf(requests[0]!).messages)).digest("hex");
    expect(result.ok && result.data.call.promptHash).toBe(hash);
  });

  it("asks for strict structured output and sends only the rounded features", async () => {
    const { requests } = await run(() => json({ reasoning: draft }));
    const body = bodyOf(requests[0]!);
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.response_format).toEqual(REASONING_RESPONSE_FORMAT);
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[0]!.content).toContain("data, not instructions");
    expect(userFacts(requests[0]!)).toEqual({
      tier: "gold",
      clv: 420,
      churnRisk: 0.56,
      daysSinceLastOrder: 40,
      daysOverdue: 13,
      expectedPurchases12m: 2.3,
      topCategory: "Coffee",
      action: "vip_retention_offer",
      template: input.template,
    });
  });

  it("leaves out anything a caller adds to the input", async () => {
    const leaky = { ...input, customerGid: "gid://shopify/Customer/7001", firstName: "Zorbath" } as ReasoningInput;
    const { requests } = await run(() => json({ reasoning: draft }), {}, leaky);
    const sent = JSON.stringify(requests[0]!.body);
    expect(sent).not.toContain("7001");
    expect(sent).not.toContain("Zorbath");
  });

  it("scrubs an email and a phone number out of the category and the template before sending", async () => {
    const category = "Coffee, wholesale via ana.lopez@example.com or +1 415 555 0199";
    const { result, requests } = await run(() => json({ reasoning: draft }), {}, { ...input, topCategory: category, template: `Active gold customer who buys mostly ${category}; recommend related products.` });
    expect(result.ok).toBe(true);
    const sent = JSON.stringify(requests.map((r) => r.body));
    for (const pii of ["ana.lopez", "example.com", "415 555 0199", "4155550199", "0199"]) expect(sent).not.toContain(pii);
    const facts = userFacts(requests[0]!);
    expect(facts.topCategory).toBe("Coffee, wholesale via [email] or [phone]");
    expect(facts.template).toBe("Active gold customer who buys mostly Coffee, wholesale via [email] or [phone]; recommend related products.");
  });

  it("reports JSON that does not parse as malformed, without a retry", async () => {
    const { result, requests } = await run(() => text('{"reasoning": "Gold customer'));
    expect(result).toMatchObject({ ok: false, error: { kind: "malformed", message: "the reply is not JSON" }, call: { outcome: "malformed", attempts: 1 } });
    expect(requests).toHaveLength(1);
  });

  it("reports a draft longer than 280 characters as malformed, and an empty one too", async () => {
    const long = await run(() => json({ reasoning: "x".repeat(281) }));
    expect(long.result).toMatchObject({ ok: false, error: { kind: "malformed", message: expect.stringContaining("reasoning schema (reasoning:") } });
    await local?.close();
    // Exactly 280 after trimming is fine: the limit applies to what would be stored.
    const edge = await run(() => json({ reasoning: `  ${"y".repeat(280)}  ` }));
    expect(edge.result).toMatchObject({ ok: true, data: { reasoning: "y".repeat(280) } });
    await local?.close();
    expect((await run(() => json({ reasoning: "   " }))).result).toMatchObject({ ok: false, error: { kind: "malformed" } });
  });

  it("reports a refusal and a content-filter stop as refused", async () => {
    const { result } = await run(() => refusal("I can't help with that."));
    expect(result).toMatchObject({ ok: false, error: { kind: "refused", message: "I can't help with that." }, call: { outcome: "refused", attempts: 1 } });
    await local?.close();
    const filtered = await run(() => ({ content: JSON.stringify({ reasoning: draft }), finishReason: "content_filter" }));
    expect(filtered.result).toMatchObject({ ok: false, error: { kind: "refused", message: "stopped by the content filter" } });
  });

  it("reports a cut-off reply as malformed", async () => {
    const { result } = await run(() => ({ content: '{"reasoning": "Gold', finishReason: "length" }));
    expect(result).toMatchObject({ ok: false, error: { kind: "malformed", message: expect.stringContaining("token limit") } });
  });

  it("retries once after a 429 and uses the second answer", async () => {
    const { result, requests } = await run(({ index }) => (index === 0 ? rateLimited(0) : json({ reasoning: draft })));
    expect(result).toMatchObject({ ok: true, data: { reasoning: draft, call: { attempts: 2, outcome: "ok" } } });
    expect(requests).toHaveLength(2);
  });

  it("times out within twice the timeout when the model is slow", async () => {
    const timeoutMs = 300;
    const { result, requests, elapsed } = await run(() => slow(2_000, json({ reasoning: draft })), { timeoutMs });
    expect(result).toMatchObject({ ok: false, error: { kind: "timeout" }, call: { attempts: 2, outcome: "timeout" } });
    expect(requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(2 * timeoutMs - 20);
    expect(elapsed).toBeLessThan(2 * timeoutMs + 300);
  });

  it.each([
    ["an email", "Reach out at ana.lopez@example.com with a retention offer."],
    ["a phone number", "Call +1 (415) 555-0199 with a retention offer."],
    ["a card-like number", "Offer tied to card 4111 1111 1111 1111 protects the most value."],
  ])("refuses a draft that contains %s", async (_what, reasoning) => {
    const { result, requests } = await run(() => json({ reasoning }));
    expect(result).toMatchObject({ ok: false, error: { kind: "refused", message: expect.stringContaining("personal data") }, call: { outcome: "refused", attempts: 1 } });
    expect(JSON.stringify(result)).not.toContain(reasoning);
    expect(requests).toHaveLength(1);
  });

  it("keeps a draft with ordinary numbers and capitalised words", async () => {
    const reasoning = "Gold customer for Coffee, 12-month CLV 1,420.50, 2.3 orders expected; 40 days since the last order on 2025-01-31.";
    const { result } = await run(() => json({ reasoning }));
    expect(result).toMatchObject({ ok: true, data: { reasoning } });
  });
});
