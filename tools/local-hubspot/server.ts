import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { objectTypeOf, Portal, unknownObjectType, type LocalContact, type LocalTicket, type NewTicket, type ObjectType, type PartialFailure } from "./portal";
import { Lists, type LocalList, type ProcessingType } from "./lists";
import type { LocalGroup, LocalProperty } from "./properties";
import { RateLimiter, type RateLimitOptions } from "./rate-limit";
import { errorReply, rateLimitReply, validationError, type RatePolicy, type Reply } from "./wire";

// A local stand-in for HubSpot's CRM v3 API on 127.0.0.1 (demo and tests): contact properties and
// groups, contact batch upsert/read, contact and ticket search, ticket→contact associations (v4),
// contact list memberships (v3 Lists), in HubSpot's wire format, with its rate limits. See README.md.

export type InjectedFailure =
  /** A 429 with HubSpot's body for that policy; Retry-After only when given. */
  | { kind: "rate_limit"; policyName?: RatePolicy; retryAfterSeconds?: number }
  /** Any status with HubSpot's error body for it, or the given body (a string is sent as text/html, as a gateway would). */
  | { kind: "status"; status: number; body?: unknown }
  /** Batch calls only: these input ids fail (207), the others are processed. */
  | ({ kind: "partial" } & PartialFailure)
  /**
   * Answers normally, after this long (for client timeouts). With `after: "write"` the request takes
   * effect at once and only the answer waits: a client that dies meanwhile never learns it succeeded.
   */
  | { kind: "delay"; ms: number; after?: "write" };

export type LocalHubspotOptions = {
  /** The only access token accepted; anything else gets 401. */
  token: string;
  port?: number;
  clock?: () => number;
  rateLimit?: RateLimitOptions;
  /** Scopes granted to the token; every scope when omitted. A route needing another answers 403 MISSING_SCOPES. */
  scopes?: string[];
};

export type LoggedRequest = { method: string; path: string; op: string; query: Record<string, string>; body: unknown; status: number };

export type LocalHubspot = {
  /** Base for `new Client({ basePath })`, without a trailing slash. */
  baseUrl: string;
  /** Contacts as they now stand (writes applied in place). */
  contacts: LocalContact[];
  /** Contact properties by name. */
  properties: Map<string, LocalProperty>;
  /** Contact property groups by name. */
  groups: Map<string, LocalGroup>;
  tickets: LocalTicket[];
  /** Contact lists by list id, with their members (record id → when added). */
  lists: Map<string, LocalList>;
  /** Every request received, in order, with the status it got. */
  requests: LoggedRequest[];
  /** Makes the next request for an operation (e.g. "contacts.batchUpsert") or a path fail this way. */
  failNext(pathOrOp: string, failure: InjectedFailure): void;
  addContact(properties: Record<string, string>): LocalContact;
  addTicket(ticket: NewTicket): LocalTicket;
  /** A contact list (MANUAL unless said otherwise), as a merchant would create it in HubSpot. */
  addList(list: { name: string; processingType?: ProcessingType }): LocalList;
  close(): Promise<void>;
};

type Route = { method: string; pattern: RegExp; op: (m: RegExpMatchArray) => string; scopes: (m: RegExpMatchArray) => string[]; handle: (ctx: RouteContext) => Reply };
type RouteContext = { match: RegExpMatchArray; body: unknown; query: URLSearchParams; partial?: PartialFailure };

function withType(segment: string, then: (type: ObjectType) => Reply): Reply {
  const type = objectTypeOf(segment);
  return type ? then(type) : unknownObjectType(segment);
}

const schemaScope = (segment: string, access: "read" | "write") => (objectTypeOf(segment) === "tickets" ? ["tickets"] : [`crm.schemas.contacts.${access}`]);
const objectScope = (segment: string, access: "read" | "write") => (objectTypeOf(segment) === "tickets" ? ["tickets"] : [`crm.objects.contacts.${access}`]);
const name = (segment: string) => objectTypeOf(segment) ?? segment;

function routes(portal: Portal, lists: Lists): Route[] {
  return [
    {
      method: "GET",
      pattern: /^\/crm\/v3\/properties\/([\w-]+)\/groups$/,
      op: (m) => `${name(m[1]!)}.groups.list`,
      scopes: (m) => schemaScope(m[1]!, "read"),
      handle: ({ match }) => withType(match[1]!, (t) => portal.listGroups(t)),
    },
    {
      method: "POST",
      pattern: /^\/crm\/v3\/properties\/([\w-]+)\/groups$/,
      op: (m) => `${name(m[1]!)}.groups.create`,
      scopes: (m) => schemaScope(m[1]!, "write"),
      handle: ({ match, body }) => withType(match[1]!, (t) => portal.createGroup(t, body)),
    },
    {
      method: "GET",
      pattern: /^\/crm\/v3\/properties\/([\w-]+)$/,
      op: (m) => `${name(m[1]!)}.properties.list`,
      scopes: (m) => schemaScope(m[1]!, "read"),
      handle: ({ match, query }) => withType(match[1]!, (t) => portal.listProperties(t, query.get("archived") === "true")),
    },
    {
      method: "GET",
      pattern: /^\/crm\/v3\/properties\/([\w-]+)\/([\w-]+)$/,
      op: (m) => `${name(m[1]!)}.properties.read`,
      scopes: (m) => schemaScope(m[1]!, "read"),
      handle: ({ match }) => withType(match[1]!, (t) => portal.readProperty(t, match[2]!)),
    },
    {
      method: "POST",
      pattern: /^\/crm\/v3\/properties\/([\w-]+)$/,
      op: (m) => `${name(m[1]!)}.properties.create`,
      scopes: (m) => schemaScope(m[1]!, "write"),
      handle: ({ match, body }) => withType(match[1]!, (t) => portal.createProperty(t, body)),
    },
    {
      method: "POST",
      pattern: /^\/crm\/v3\/objects\/contacts\/batch\/upsert$/,
      op: () => "contacts.batchUpsert",
      scopes: () => ["crm.objects.contacts.write"],
      handle: ({ body, partial }) => portal.upsertContacts(body, partial),
    },
    {
      method: "POST",
      pattern: /^\/crm\/v3\/objects\/contacts\/batch\/read$/,
      op: () => "contacts.batchRead",
      scopes: () => ["crm.objects.contacts.read"],
      handle: ({ body, query, partial }) => portal.readContacts(body, query.get("archived") === "true", partial),
    },
    {
      method: "POST",
      pattern: /^\/crm\/v3\/objects\/([\w-]+)\/search$/,
      op: (m) => `${name(m[1]!)}.search`,
      scopes: (m) => objectScope(m[1]!, "read"),
      handle: ({ match, body }) => withType(match[1]!, (t) => portal.search(t, body)),
    },
    {
      method: "POST",
      pattern: /^\/crm\/v4\/associations\/([\w-]+)\/([\w-]+)\/batch\/read$/,
      op: (m) => `associations.${name(m[1]!)}.${name(m[2]!)}.batchRead`,
      scopes: (m) => [...objectScope(m[1]!, "read"), ...objectScope(m[2]!, "read")],
      handle: ({ match, body }) => withType(match[1]!, (from) => withType(match[2]!, (to) => portal.readAssociations(from, to, body))),
    },
    {
      method: "PUT",
      pattern: /^\/crm\/v3\/lists\/(\d+)\/memberships\/(add|remove)$/,
      op: (m) => `lists.memberships.${m[2]}`,
      scopes: () => ["crm.lists.write"],
      handle: ({ match, body }) => (match[2] === "add" ? lists.addMembers(match[1]!, body) : lists.removeMembers(match[1]!, body)),
    },
  ];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const text = typeof reply.body === "string";
  res.writeHead(reply.status, { "Content-Type": text ? "text/html; charset=utf-8" : "application/json;charset=utf-8", ...reply.headers });
  res.end(reply.body === undefined ? undefined : text ? (reply.body as string) : JSON.stringify(reply.body));
}

function injectedReply(failure: Exclude<InjectedFailure, { kind: "partial" } | { kind: "delay" }>, headers: Record<string, string>): Reply {
  if (failure.kind === "rate_limit") return rateLimitReply(failure.policyName ?? "TEN_SECONDLY_ROLLING", failure.retryAfterSeconds, headers);
  if (failure.body !== undefined) return { status: failure.status, body: failure.body, headers };
  const category = failure.status === 401 ? "INVALID_AUTHENTICATION" : failure.status === 403 ? "MISSING_SCOPES" : failure.status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR";
  return { ...errorReply(failure.status, category, `Injected HTTP ${failure.status}`), headers };
}

export async function startLocalHubspot(opts: LocalHubspotOptions): Promise<LocalHubspot> {
  const clock = opts.clock ?? Date.now;
  const portal = new Portal(clock);
  const limiter = new RateLimiter(opts.rateLimit ?? {}, clock);
  const lists = new Lists(clock, (id) => portal.contacts.some((c) => c.id === id && !c.archived));
  const table = routes(portal, lists);
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
    const match = route ? url.pathname.match(route.pattern)! : null;
    const op = route && match ? route.op(match) : "unknown";
    const entry: LoggedRequest = { method, path: url.pathname, op, query: Object.fromEntries(url.searchParams), body: undefined, status: 0 };
    requests.push(entry);
    const answer = (reply: Reply) => {
      entry.status = reply.status;
      send(res, reply);
    };

    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch (error) {
      return answer(validationError(`Invalid input JSON: ${(error as Error).message}`));
    }
    entry.body = body;

    const token = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    if (token !== opts.token) return answer(errorReply(401, "INVALID_AUTHENTICATION", "Authentication credentials not found."));
    if (!route || !match) return answer({ status: 404, body: `<html><body><h1>404 Not Found</h1><p>${method} ${url.pathname}</p></body></html>` });

    const missingScopes = opts.scopes ? route.scopes(match).filter((s) => !opts.scopes!.includes(s)) : [];
    if (missingScopes.length > 0) {
      return answer(
        errorReply(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call.", {
          errors: [{ message: "One or more of the following scopes are required.", context: { requiredGranularScopes: missingScopes } }],
        }),
      );
    }

    const failure = takeFailure(op, url.pathname);
    if (failure && failure.kind !== "partial" && failure.kind !== "delay") return answer(injectedReply(failure, limiter.spend(token)));
    const admission = limiter.admit(token);
    if (!admission.ok) return answer(rateLimitReply(admission.policy, admission.retryAfterSeconds, admission.headers));

    const apply = () => route.handle({ match, body, query: url.searchParams, partial: failure?.kind === "partial" ? failure : undefined });
    const run = (reply = apply()) => answer({ ...reply, headers: { ...admission.headers, ...reply.headers } });
    if (failure?.kind === "delay") {
      const written = failure.after === "write" ? apply() : undefined;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) run(written);
      }, failure.ms);
      timers.add(timer);
      return;
    }
    run();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, errorReply(500, "INTERNAL_ERROR", `local HubSpot failed: ${String(error)}`)));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    contacts: portal.contacts,
    properties: portal.properties.contacts,
    groups: portal.groups.contacts,
    tickets: portal.tickets,
    lists: lists.lists,
    requests,
    failNext: (pathOrOp, failure) => failures.set(pathOrOp, [...(failures.get(pathOrOp) ?? []), failure]),
    addContact: (properties) => portal.addContact(properties),
    addTicket: (ticket) => portal.addTicket(ticket),
    addList: (list) => lists.add(list),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
