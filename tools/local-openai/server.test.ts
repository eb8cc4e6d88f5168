import { afterEach, describe, expect, it } from "vitest";
import { json, rateLimited, serverError } from "./replies";
import { startLocalOpenAI, type LocalOpenAI } from "./server";

// The wire format as seen with plain fetch, without the SDK in between.

let local: LocalOpenAI | undefined;
afterEach(async () => {
  await local?.close();
  local = undefined;
});

const post = (url: string, body: unknown, headers: Record<string, string> = { authorization: "Bearer k" }) =>
  fetch(`${url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("startLocalOpenAI", () => {
  it("listens on 127.0.0.1 and answers a chat.completion", async () => {
    local = await startLocalOpenAI(() => json({ a: 1 }));
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await post(local.url, { model: "m1", messages: [{ role: "user", content: "hi" }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    const body = await res.json();
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "m1",
      choices: [{ index: 0, message: { role: "assistant", content: '{"a":1}', refusal: null }, finish_reason: "stop" }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) },
    });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(local.requests[0]).toMatchObject({ method: "POST", url: "/v1/chat/completions", body: { model: "m1" } });
  });

  it("answers 429 with retry-after and OpenAI's error body, and 500 likewise", async () => {
    local = await startLocalOpenAI(({ index }) => (index === 0 ? rateLimited(2) : serverError()));
    const limited = await post(local.url, { model: "m" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toEqual({ error: { message: expect.any(String), type: "requests", param: null, code: "rate_limit_exceeded" } });
    const failed = await post(local.url, { model: "m" });
    expect(failed.status).toBe(500);
    expect((await failed.json()).error.type).toBe("server_error");
  });

  it("rejects a missing API key, a bad body and unknown paths the way OpenAI does", async () => {
    local = await startLocalOpenAI(() => json({}));
    expect((await post(local.url, {}, {})).status).toBe(401);
    const bad = await fetch(`${local.url}/chat/completions`, { method: "POST", headers: { authorization: "Bearer k" }, body: "{" });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${local.url}/completions`, { method: "POST", headers: { authorization: "Bearer k" }, body: "{}" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("unknown_url");
  });
});
