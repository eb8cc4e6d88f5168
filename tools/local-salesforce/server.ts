import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { formatDateTime } from "./fields";
import { Org, type CustomField, type RecordFailure, type SfRecord } from "./org";
import { QueryCursors } from "./query";
import { fail, limitExceeded, notFound, sessionInvalid, type Reply } from "./wire";

// A local stand-in for a Salesforce org on 127.0.0.1 (demo and tests): the REST and Tooling API
// resources the app calls through jsforce, in Salesforce's wire format, with the org's API request
// allocation and injected failures. See README.md.

export type LocalSalesforceOptions = {
  /** The only session id (OAuth access token) accepted; anything else gets 401 INVALID_SESSION_ID. */
  accessToken: string;
  /** Newest API version served (default 62.0); older versions are served too, as Salesforce does. */
  apiVersion?: string;
  port?: number;
  clock?: () => number;
  /** Records per query page before a nextRecordsUrl (Salesforce: 2,000, or the batchSize asked in Sforce-Query-Options). */
  queryBatchSize?: number;
  /** The org's daily API request allocation (default 100,000). */
  apiLimit?: number;
};

/**
 * The next request whose path contains `path` (any request when omitted) waits `delayMs`, then
 * answers `status` with a Salesforce error array (`errorCode`/`message` default per status), or the
 * raw `body` with `contentType` (e.g. an HTML 503 page); with no status it then proceeds normally.
 */
export type HttpFailure = { path?: string; delayMs?: number; status?: number; errorCode?: string; message?: string; body?: string; contentType?: string };
export type InjectedFailure = HttpFailure | RecordFailure;

export type LoggedRequest = { method: string; path: string; query: Record<string, string>; body: unknown };

export type LocalSalesforce = {
  /** For `new jsforce.Connection({ instanceUrl, accessToken })`. */
  instanceUrl: string;
  apiVersion: string;
  /** Contacts as they now stand (writes applied in place); fixtures may be pushed with addContact. */
  contacts: SfRecord[];
  cases: SfRecord[];
  /** Custom fields created through the Tooling API, in creation order. */
  fields: CustomField[];
  /** Every request received, in order, for asserting on what the client sent. */
  requests: LoggedRequest[];
  addContact(values: Record<string, unknown>): SfRecord;
  addCase(input: { contactId: string | null; status?: string; closed?: boolean; lastModified?: Date; subject?: string }): SfRecord;
  /** Injects one failure: an HTTP error, a slow answer, or (`record: <external id>`) a per-record error in the next upsert that writes it. */
  failNext(failure: InjectedFailure): void;
  setApiUsage(used: number, limit?: number): void;
  apiUsage(): { used: number; limit: number };
  close(): Promise<void>;
};

const DEFAULT_ERRORS: Record<number, [string, string]> = {
  400: ["INVALID_INPUT", "Bad request (injected)"],
  401: ["INVALID_SESSION_ID", "Session expired or invalid"],
  403: ["REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."],
  404: ["NOT_FOUND", "The requested resource does not exist"],
  500: ["UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 1414-1111 (-12345)"],
  503: ["SERVER_UNAVAILABLE", "Server is temporarily unavailable"],
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  if (res.destroyed) return;
  if (reply.raw) {
    res.writeHead(reply.status, { ...headers, "Content-Type": reply.raw.contentType });
    return void res.end(reply.raw.text);
  }
  if (reply.status === 204) {
    res.writeHead(204, headers);
    return void res.end();
  }
  res.writeHead(reply.status, { ...headers, ...reply.headers, "Content-Type": "application/json;charset=UTF-8" });
  res.end(JSON.stringify(reply.body));
}

const versionAbove = (a: string, b: string) => Number.parseFloat(a) > Number.parseFloat(b);

export async function startLocalSalesforce(opts: LocalSalesforceOptions): Promise<LocalSalesforce> {
  const apiVersion = opts.apiVersion ?? "62.0";
  const org = new Org(opts.clock ?? Date.now);
  const cursors = new QueryCursors(org, opts.queryBatchSize ?? 2000);
  const requests: LoggedRequest[] = [];
  const failures: HttpFailure[] = [];
  const usage = { used: 0, limit: opts.apiLimit ?? 100_000 };
  let caseNumber = 1000;

  function route(method: string, path: string, query: URLSearchParams, body: unknown, headers: IncomingMessage["headers"]): Reply {
    const match = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
    if (!match) return notFound();
    const version = match[1]!;
    const rest = (match[2] ?? "/").replace(/\/$/, "") || "/";
    if (versionAbove(version, apiVersion)) return notFound();
    const allow = (allowed: string, reply: () => Reply): Reply =>
      method === allowed ? reply() : fail(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed. Allowed are ${allowed}`);

    let m: RegExpExecArray | null;
    if ((m = /^\/sobjects\/(\w+)\/describe$/.exec(rest))) return allow("GET", () => org.describe(m![1]!, version));
    if (rest === "/tooling/sobjects/CustomField") return allow("POST", () => org.createField(body));
    if ((m = /^\/composite\/sobjects\/(\w+)\/(\w+)$/.exec(rest))) {
      // Upsert by external id through sObject collections exists from API v46.0.
      if (versionAbove("46.0", version)) return notFound();
      return allow("PATCH", () => org.upsertCollection(m![1]!, m![2]!, body));
    }
    if ((m = /^\/sobjects\/(\w+)\/(\w+)\/([^/]+)$/.exec(rest))) return allow("PATCH", () => org.upsertSingle(m![1]!, m![2]!, decodeURIComponent(m![3]!), body, version));
    if (rest === "/query") {
      return allow("GET", () => {
        const soql = query.get("q");
        if (!soql) return fail(400, "MALFORMED_QUERY", "A query string has to be specified");
        return cursors.start(soql, version, batchSize(headers["sforce-query-options"]));
      });
    }
    if ((m = /^\/query\/([\w-]+)$/.exec(rest))) return allow("GET", () => cursors.next(m![1]!, version));
    return notFound();
  }

  // Sforce-Query-Options: batchSize=n asks for pages of n (200 to 2,000) records; Salesforce treats it as a hint.
  function batchSize(header: string | string[] | undefined): number | undefined {
    const n = Number(/batchSize=(\d+)/.exec(String(header ?? ""))?.[1]);
    return Number.isInteger(n) && n >= 200 && n <= 2000 ? n : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    let body: unknown = raw;
    let badJson = false;
    if (raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    const limitHeader = () => ({ "Sforce-Limit-Info": `api-usage=${usage.used}/${usage.limit}` });

    const injectedAt = failures.findIndex((f) => f.path === undefined || url.pathname.includes(f.path));
    const injected = injectedAt >= 0 ? failures.splice(injectedAt, 1)[0] : undefined;
    if (injected?.delayMs) await new Promise((resolve) => setTimeout(resolve, injected.delayMs));
    if (injected?.status !== undefined) {
      const [code, message] = DEFAULT_ERRORS[injected.status] ?? ["UNKNOWN_EXCEPTION", `HTTP ${injected.status} (injected)`];
      const reply: Reply = injected.body !== undefined
        ? { status: injected.status, body: null, raw: { contentType: injected.contentType ?? "text/html", text: injected.body } }
        : fail(injected.status, injected.errorCode ?? code, injected.message ?? message);
      return send(res, reply, injected.status === 401 ? {} : limitHeader());
    }

    // Bearer is what OAuth clients send; Salesforce also takes the older "OAuth <token>" form.
    const token = /^(?:Bearer|OAuth) (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    // A rejected session cannot be charged to an org, so 401s carry no limit header.
    if (token !== opts.accessToken) return send(res, sessionInvalid(), {});
    if (usage.used >= usage.limit) return send(res, limitExceeded(), limitHeader());
    usage.used += 1;
    if (badJson) return send(res, fail(400, "JSON_PARSER_ERROR", "Unexpected character in JSON body"), limitHeader());
    send(res, route(method, url.pathname, url.searchParams, body, req.headers), limitHeader());
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, fail(500, "UNKNOWN_EXCEPTION", String(error)), {}));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", () => resolve()));
  const instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    instanceUrl,
    apiVersion,
    contacts: org.contacts,
    cases: org.cases,
    fields: org.fields,
    requests,
    addContact: (values) => org.insert("Contact", values),
    addCase: ({ contactId, status, closed, lastModified, subject }) => {
      caseNumber += 1;
      const isClosed = closed ?? status === "Closed";
      const at = lastModified && formatDateTime(lastModified.getTime());
      const stamp = at ? { CreatedDate: at, LastModifiedDate: at } : {};
      return org.insert("Case", { CaseNumber: String(caseNumber).padStart(8, "0"), Subject: subject ?? "Help", Status: status ?? (isClosed ? "Closed" : "New"), IsClosed: isClosed, ContactId: contactId, ...stamp });
    },
    failNext: (failure) => {
      if ("record" in failure) org.recordFailures.push(failure);
      else failures.push(failure);
    },
    setApiUsage: (used, limit) => {
      usage.used = used;
      if (limit !== undefined) usage.limit = limit;
    },
    apiUsage: () => ({ ...usage }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
