import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for OpenAI's chat.completions endpoint on 127.0.0.1, for tests and the demo. It speaks
// the wire format the official SDK reads (success envelope, error body, retry-after) and answers
// whatever the test's handler says. It has no model: the handler decides every reply.

export type RecordedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: unknown };

export type Reply =
  | {
      /** The assistant message content; a string of JSON for structured output. */
      content: string | null;
      refusal?: string | null;
      finishReason?: "stop" | "length" | "content_filter";
      usage?: { promptTokens: number; completionTokens: number };
      delayMs?: number;
    }
  | { status: number; error?: { message?: string; type?: string; param?: string | null; code?: string | null }; headers?: Record<string, string>; delayMs?: number }
  /** A 200 with any body, for replies that are not chat completions at all. */
  | { raw: unknown; delayMs?: number };

/** Called once per chat.completions request; `index` counts from 0. */
export type Handler = (request: { body: Record<string, unknown>; headers: http.IncomingHttpHeaders; index: number }) => Reply | Promise<Reply>;

export type LocalOpenAI = { url: string; requests: RecordedRequest[]; close: () => Promise<void> };

const ERROR_TYPES: Record<number, [string, string]> = {
  400: ["invalid_request_error", "invalid_request"],
  401: ["invalid_request_error", "invalid_api_key"],
  404: ["invalid_request_error", "model_not_found"],
  429: ["requests", "rate_limit_exceeded"],
  500: ["server_error", "server_error"],
  503: ["server_error", "overloaded"],
};

// Rough, like a tokenizer's order of magnitude: enough for usage numbers to move with the prompt.
const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed || res.req.socket.destroyed) return; // the client gave up (timeout): nobody to answer
  res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_${randomUUID().replace(/-/g, "")}`, ...headers });
  res.end(JSON.stringify(body));
}

function completion(body: Record<string, unknown>, reply: Extract<Reply, { content: string | null }>) {
  const promptText = JSON.stringify(body.messages ?? []);
  const promptTokens = reply.usage?.promptTokens ?? estimateTokens(promptText);
  const completionTokens = reply.usage?.completionTokens ?? estimateTokens(reply.content ?? reply.refusal ?? "");
  return {
    id: `chatcmpl-${randomUUID().replace(/-/g, "")}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: typeof body.model === "string" ? body.model : "local-model",
    choices: [{ index: 0, message: { role: "assistant", content: reply.content, refusal: reply.refusal ?? null }, logprobs: null, finish_reason: reply.finishReason ?? "stop" }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    system_fingerprint: "fp_local",
  };
}

function errorBody(status: number, error: Extract<Reply, { status: number }>["error"] = {}) {
  const [type, code] = ERROR_TYPES[status] ?? ["server_error", "server_error"];
  return { error: { message: error.message ?? `Local OpenAI answered ${status}.`, type: error.type ?? type, param: error.param ?? null, code: error.code ?? code } };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts the server on 127.0.0.1 and a free port; `url` is the SDK's baseURL. */
export async function startLocalOpenAI(handler: Handler): Promise<LocalOpenAI> {
  const requests: RecordedRequest[] = [];
  let completions = 0;
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, 400, errorBody(400, { message: "We could not parse the JSON body of your request." }));
    }
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (req.method === "GET" && req.url === "/v1/models") {
      return send(res, 200, { object: "list", data: [{ id: "local-model", object: "model", created: 0, owned_by: "local" }] });
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      return send(res, 404, errorBody(404, { message: `Unknown request URL: ${req.method} ${req.url}.`, code: "unknown_url" }));
    }
    if (!req.headers.authorization?.startsWith("Bearer ")) {
      return send(res, 401, errorBody(401, { message: "You didn't provide an API key." }));
    }
    try {
      const request = (body ?? {}) as Record<string, unknown>;
      const reply = await handler({ body: request, headers: req.headers, index: completions++ });
      if (reply.delayMs) await sleep(reply.delayMs);
      if ("status" in reply) return send(res, reply.status, errorBody(reply.status, reply.error), reply.headers);
      if ("raw" in reply) return send(res, 200, reply.raw);
      return send(res, 200, completion(request, reply));
    } catch (error) {
      return send(res, 500, errorBody(500, { message: `Local OpenAI handler failed: ${String(error)}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps sockets alive; without this, close() waits for them to time out.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
