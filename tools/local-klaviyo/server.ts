import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Account, type LocalList, type LocalProfile } from "./account";
import { RateLimiter, TIERS, type RateTier } from "./rate-limit";
import { errorReply, invalid, missingRevision, notAuthenticated, notFound, throttledReply, type Reply } from "./wire";

// A local stand-in for Klaviyo's JSON:API on 127.0.0.1 (demo and tests): profile create-or-update
// by email (profile-import), profile lookup by filter, lists and their profile relationships, with
// Klaviyo's headers (`Authorization: Klaviyo-API-Key`, `revision`), error objects and fixed-window
// rate limits. See README.md.

export type InjectedFailure =
  /** A 429 `throttled` with this Retry-After. */
  | { kind: "rate_limit"; retryAfterSeconds?: number }
  /** Any status with Klaviyo's error object for it, or the given body (a string is sent as text/html, as a gateway would). */
  | { kind: "status"; status: number; body?: unknown }
  /** Answers normally after this long (for client timeouts). */
  | { kind: "delay"; ms: number };

export type LocalKlaviyoOptions = {
  /** The only private API key accepted; anything else gets 401 not_authenticated. */
  apiKey: string;
  port?: number;
  clock?: () => number;
  /** Overrides every route's documented burst/steady tier. */
  rateLimit?: Partial<RateTier>;
  /** Lists to create at start (names); their ids are random, read them from `lists`. */
  lists?: string[];
};

export type LoggedRequest = { method: string; path: string; op: string; query: Record<string, string>; revision: string | null; body: unknown; status: number };

export type LocalKlaviyo = {
  /** Base for the SDK's `basePath`, without a trailing slash. */
  baseUrl: string;
  /** Profiles as they now stand (writes applied in place). */
  profiles: LocalProfile[];
  /** Lists by id, with their members (profile id → when added). */
  lists: Map<string, LocalList>;
  /** Every request received, in order, with the status it got. */
  requests: LoggedRequest[];
  /** Makes the next request for an operation (e.g. "profiles.import") or a path fail this way. */
  failNext(pathOrOp: string, failure: InjectedFailure): void;
  addList(name: string): LocalList;
  addProfile(fields: { email?: string; externalId?: string; firstName?: string; properties?: Record<string, unknown> }): LocalProfile;
  close(): Promise<void>;
};

type Route = { method: string; pattern: RegExp; op: string; tier: RateTier; handle: (ctx: { match: RegExpMatchArray; body: unknown; query: URLSearchParams }) => Reply };

// Tiers as the endpoints' reference pages give them.
function routes(account: Account): Route[] {
  const members = (change: "add" | "remove") => ({ match, body }: { match: RegExpMatchArray; body: unknown }) => account.changeMembers(match[1]!, body, change);
  return [
    { method: "GET", pattern: /^\/api\/lists\/?$/, op: "lists.list", tier: TIERS.L, handle: () => account.getLists() },
    { method: "POST", pattern: /^\/api\/profile-import\/?$/, op: "profiles.import", tier: TIERS.L, handle: ({ body }) => account.importProfile(body) },
    { method: "GET", pattern: /^\/api\/profiles\/?$/, op: "profiles.list", tier: TIERS.L, handle: ({ query }) => account.getProfiles(query) },
    { method: "POST", pattern: /^\/api\/lists\/([^/]+)\/relationships\/profiles\/?$/, op: "lists.profiles.add", tier: TIERS.M, handle: members("add") },
    { method: "DELETE", pattern: /^\/api\/lists\/([^/]+)\/relationships\/profiles\/?$/, op: "lists.profiles.remove", tier: TIERS.M, handle: members("remove") },
  ];
}

const REVISION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;
const JSON_TYPES = ["application/json", "application/vnd.api+json"];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const text = typeof reply.body === "string";
  const type = reply.body === undefined ? {} : { "Content-Type": text ? "text/html; charset=utf-8" : "application/vnd.api+json" };
  res.writeHead(reply.status, { ...type, ...reply.headers });
  res.end(reply.body === undefined ? undefined : text ? (reply.body as string) : JSON.stringify(reply.body));
}

function injectedReply(failure: Exclude<InjectedFailure, { kind: "delay" }>): Reply {
  if (failure.kind === "rate_limit") return throttledReply(failure.retryAfterSeconds ?? 1);
  if (failure.body !== undefined) return { status: failure.status, body: failure.body };
  if (failure.status === 401) return notAuthenticated();
  if (failure.status === 403) return errorReply(403, "permission_denied", "You do not have permission to perform this action.", "Injected HTTP 403");
  if (failure.status >= 500) return errorReply(failure.status, "error", "A server error occurred.", `Injected HTTP ${failure.status}`);
  return invalid(`Injected HTTP ${failure.status}`);
}

export async function startLocalKlaviyo(opts: LocalKlaviyoOptions): Promise<LocalKlaviyo> {
  const clock = opts.clock ?? Date.now;
  let baseUrl = "";
  const account = new Account(clock, () => baseUrl);
  for (const name of opts.lists ?? []) account.addList(name);
  const limiter = new RateLimiter(clock, opts.rateLimit);
  const table = routes(account);
  const requests: LoggedRequest[] = [];
  const failures = new Map<string, InjectedFailure[]>();
  const timers = new Set<NodeJS.Timeout>();

  const takeFailure = (op: string, path: string): InjectedFailure | undefined => {
    for (const key of [op, path]) {
      const next = failures.get(key)?.shift();
      if (next) return next;
    }
    return undefined;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const method = req.method ?? "GET";
    const route = table.find((r) => r.method === method && r.pattern.test(url.pathname));
    const revision = typeof req.headers.revision === "string" ? req.headers.revision : null;
    const entry: LoggedRequest = { method, path: url.pathname, op: route?.op ?? "unknown", query: Object.fromEntries(url.searchParams), revision, body: undefined, status: 0 };
    requests.push(entry);
    const answer = (reply: Reply) => {
      entry.status = reply.status;
      send(res, reply);
    };

    const key = req.headers.authorization?.match(/^Klaviyo-API-Key (.+)$/)?.[1];
    if (key !== opts.apiKey) return answer(notAuthenticated());
    if (!revision || !REVISION.test(revision)) return answer(missingRevision());
    if (!route) return answer(notFound(`${method} ${url.pathname} is not an endpoint.`));
    let body: unknown;
    if (raw) {
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
      if (!JSON_TYPES.includes(type)) return answer(errorReply(415, "unsupported_media_type", "Unsupported media type.", `Unsupported media type "${type}" in request.`));
      try {
        body = JSON.parse(raw);
      } catch {
        return answer(errorReply(400, "parse_error", "Malformed request.", "JSON parse error."));
      }
    }
    entry.body = body;

    const bucket = route.op;
    const failure = takeFailure(route.op, url.pathname);
    if (failure && failure.kind !== "delay") {
      limiter.spend(bucket);
      return answer(injectedReply(failure));
    }
    const admission = limiter.admit(bucket, route.tier);
    if (!admission.ok) return answer(throttledReply(admission.retryAfterSeconds));

    const run = () => {
      const reply = route.handle({ match: url.pathname.match(route.pattern)!, body, query: url.searchParams });
      answer({ ...reply, headers: { ...admission.headers, ...reply.headers } });
    };
    if (failure?.kind === "delay") {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) run();
      }, failure.ms);
      timers.add(timer);
      return;
    }
    run();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, errorReply(500, "error", "A server error occurred.", `local Klaviyo failed: ${String(error)}`)));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    profiles: account.profiles,
    lists: account.lists,
    requests,
    failNext: (pathOrOp, failure) => failures.set(pathOrOp, [...(failures.get(pathOrOp) ?? []), failure]),
    addList: (name) => account.addList(name),
    addProfile: (fields) => account.addProfile(fields),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
