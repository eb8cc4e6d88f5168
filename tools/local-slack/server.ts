import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buttonClickPayload, signedInteraction, type ButtonClick, type SignedInteraction } from "./interaction";
import { TEAM_ID, Workspace, type InjectedFailure, type LocalSlackChannel, type LocalSlackMessage } from "./workspace";

// A local stand-in for Slack on 127.0.0.1 (demo and tests): the Web API methods the app calls, in
// Slack's wire format, plus response_url endpoints and a helper that plays Slack's side of
// interactivity. See README.md.

export type LocalSlackOptions = {
  /** The only bot token accepted; anything else gets `invalid_auth`. */
  token: string;
  channels?: LocalSlackChannel[];
  port?: number;
  clock?: () => number;
};

export type ResponseUrlPost = { path: string; body: unknown };

export type LocalSlack = {
  /** Web API base for `new WebClient(token, { slackApiUrl })`, ending in `/api/`. */
  apiUrl: string;
  /** Messages as they now stand in the channels (updates applied in place). */
  messages: LocalSlackMessage[];
  /** Every Web API request received, in order, for asserting on what the client sent. */
  requests: Array<{ method: string; contentType: string; params: Record<string, unknown> }>;
  /** Bodies posted to response_url endpoints. */
  responses: ResponseUrlPost[];
  channels: LocalSlackChannel[];
  /** Makes the next call to `method` fail with this HTTP status (e.g. 429 with Retry-After). */
  failNext(method: string, failure: InjectedFailure): void;
  /** A block_actions payload for a button click, with a response_url served by this server. */
  buttonClick(click: Omit<ButtonClick, "responseUrl">): Record<string, unknown>;
  signedInteraction(input: SignedInteraction): Promise<Response>;
  close(): Promise<void>;
};

export const DEFAULT_CHANNELS: LocalSlackChannel[] = [{ id: "C0APPROVALS", name: "approvals" }];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

// Slack takes both JSON and form bodies. A token may come as a Bearer header or, for form bodies
// only, as a `token` field.
function parseCall(contentType: string, raw: string, authorization: string | undefined): { params?: Record<string, unknown>; token?: string } {
  const bearer = authorization?.match(/^Bearer (.+)$/)?.[1];
  if (contentType.startsWith("application/json")) {
    try {
      const params: unknown = raw ? JSON.parse(raw) : {};
      if (typeof params !== "object" || params === null || Array.isArray(params)) return {};
      return { params: params as Record<string, unknown>, token: bearer };
    } catch {
      return {};
    }
  }
  const params = Object.fromEntries(new URLSearchParams(raw));
  return { params, token: bearer ?? params.token };
}

export async function startLocalSlack(opts: LocalSlackOptions): Promise<LocalSlack> {
  const channels = opts.channels ?? DEFAULT_CHANNELS;
  const workspace = new Workspace(opts.token, channels, opts.clock ?? Date.now);
  const requests: LocalSlack["requests"] = [];
  const responses: ResponseUrlPost[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    if (req.method === "POST" && url.pathname.startsWith("/actions/")) {
      // Slack answers response_url posts with a plain "ok".
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // kept as text
      }
      responses.push({ path: url.pathname, body });
      res.writeHead(200, { "Content-Type": "text/plain" });
      return void res.end("ok");
    }
    const method = url.pathname.match(/^\/api\/([\w.]+)$/)?.[1];
    if (!method) return send(res, 404, { ok: false, error: "not_found" });
    const contentType = req.headers["content-type"] ?? "";
    const { params, token } = parseCall(contentType, raw, req.headers.authorization);
    if (!params) return send(res, 200, { ok: false, error: "invalid_json" });
    requests.push({ method, contentType, params });
    const reply = workspace.call(method, token, params);
    send(res, reply.status, reply.body, reply.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { ok: false, error: "internal_error", detail: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    messages: workspace.messages,
    requests,
    responses,
    channels,
    failNext: (method, failure) => workspace.failNext(method, failure),
    buttonClick: (click) => buttonClickPayload({ ...click, responseUrl: `${base}/actions/${TEAM_ID}/${randomBytes(6).toString("hex")}` }),
    signedInteraction,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
