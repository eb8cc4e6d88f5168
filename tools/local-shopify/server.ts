import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { handleAdminRequest } from "./admin/handler";
import { Buckets } from "./bucket";
import { handleGraphql } from "./graphql-handler";
import { legacyId } from "./gid";
import type { ShopifyFunctionInfo } from "./model";
import { handleTokenRequest } from "./oauth";
import { adminSchema } from "./schema";
import type { Store } from "./store";
import { TokenRegistry } from "./tokens";

export const API_VERSION = "2026-07";

export type LocalShopifyOptions = {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  numericAppId?: string;
  stores: Store[];
  port?: number;
  host?: "127.0.0.1";
  clock?: () => number;
  restoreRate?: number; // points per second, default 100
  bucketSize?: number; // maximumAvailable, default 2000
  scopes?: string; // granted scopes, default: shopify.app.toml's
  functions?: ShopifyFunctionInfo[]; // the app's Functions; omitted: any handle installs
  appTitle?: string;
  // Platform events the webhook side may want to deliver, e.g. bulk_operations/finish.
  onEvent?: PlatformEventListener;
};

export type PlatformEventListener = (shop: string, topic: string, resource: unknown) => void;

export type LocalShopify = {
  url: string;
  port: number;
  stores: Map<string, Store>;
  store(domain: string): Store;
  numericAppId: string;
  now(): number; // the server's clock (LocalShopifyOptions.clock)
  issueAccessToken(shop: string, opts?: { expiresInSeconds?: number }): string;
  /** Also tells `listener` about platform events (as onEvent); returns a function that stops it. */
  listen(listener: PlatformEventListener): () => void;
  /** Fault injection: the next download of this operation's result stops after `afterBytes` bytes. */
  interruptBulkDownload(shop: string, operationId: string, afterBytes: number): void;
  close(): Promise<void>;
};

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MAX_BODY = 10 * 1024 * 1024;

function defaultScopes(): string {
  try {
    const toml = readFileSync(path.join(REPO_ROOT, "shopify.app.toml"), "utf8");
    const m = /^\s*scopes\s*=\s*"([^"]*)"/m.exec(toml);
    if (m?.[1]) return m[1];
  } catch {
    // fall back below
  }
  return "read_products,read_customers,write_customers,read_orders,write_discounts,write_delivery_customizations,write_payment_customizations";
}

// Shopify app ids are 7–8 digit numbers; derive a stable one from the API key.
function deriveAppId(apiKey: string): string {
  return String(1_000_000 + (parseInt(createHash("sha256").update(apiKey).digest("hex").slice(0, 8), 16) % 9_000_000));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    "X-Request-Id": randomUUID(),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) resolve(null);
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const NOT_FOUND = { errors: "Not Found" };
const INVALID_TOKEN = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

export async function startLocalShopify(opts: LocalShopifyOptions): Promise<LocalShopify> {
  const clock = opts.clock ?? Date.now;
  const stores = new Map(opts.stores.map((s) => [s.domain, s]));
  const scopes = opts.scopes ?? defaultScopes();
  const appId = opts.numericAppId ?? deriveAppId(opts.apiKey);
  const tokens = new TokenRegistry(clock);
  const buckets = new Buckets(opts.bucketSize ?? 2000, opts.restoreRate ?? 100, clock);
  const schema = adminSchema();
  const listeners = new Set<PlatformEventListener>(opts.onEvent ? [opts.onEvent] : []);
  const interruptions = new Map<string, number>();
  let localUrl = "";

  async function graphql(req: IncomingMessage, res: ServerResponse, store: Store, version: string): Promise<void> {
    if (version !== API_VERSION) return sendJson(res, 404, NOT_FOUND);
    const header = req.headers["x-shopify-access-token"];
    const accessToken = Array.isArray(header) ? header[0] : header;
    if (!accessToken || !tokens.lookup(store.domain, accessToken)) return sendJson(res, 401, INVALID_TOKEN);
    tokens.markUsed(accessToken);
    const contentType = req.headers["content-type"] ?? "";
    const body = contentType.toLowerCase().startsWith("application/json") ? parseJson(await readBody(req)) : undefined;
    const result = await handleGraphql(schema, body, {
      store,
      appId,
      apiKey: opts.apiKey,
      appTitle: opts.appTitle ?? "Uplift",
      localUrl,
      now: clock,
      functions: opts.functions ?? null,
      bulk: false,
      searchWarnings: [],
      onEvent: (topic, resource) => {
        for (const listener of listeners) listener(store.domain, topic, resource);
      },
    }, buckets.for(store.domain, opts.apiKey));
    sendJson(res, result.status, result.body, { "X-Shopify-API-Version": API_VERSION });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const handled = await handleAdminRequest(req, res, {
      apiKey: opts.apiKey,
      apiSecret: opts.apiSecret,
      appUrl: opts.appUrl,
      localUrl,
      shops: [...stores.keys()],
    });
    if (handled) return;
    const url = new URL(req.url ?? "/", localUrl);
    const m = /^\/stores\/([^/]+)\/(.+)$/.exec(url.pathname);
    const store = m ? stores.get(decodeURIComponent(m[1] ?? "")) : undefined;
    if (!m || !store) return sendJson(res, 404, NOT_FOUND);
    const rest = m[2] ?? "";

    const api = /^admin\/api\/([^/]+)\/graphql\.json$/.exec(rest);
    if (api && req.method === "POST") return graphql(req, res, store, api[1] ?? "");
    if (rest === "admin/oauth/access_token" && req.method === "POST") {
      const result = await handleTokenRequest(store.domain, parseJson(await readBody(req)), { apiKey: opts.apiKey, apiSecret: opts.apiSecret, scopes }, tokens, clock);
      return sendJson(res, result.status, result.body);
    }
    const bulk = /^bulk\/(\d+)\.jsonl$/.exec(rest);
    if (bulk && req.method === "GET") {
      const op = [...store.bulkOperations.values()].find((o) => legacyId(o.id) === bulk[1]);
      const body = op ? store.bulkResults.get(op.id) : undefined;
      if (body === undefined) return sendJson(res, 404, NOT_FOUND);
      res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": String(Buffer.byteLength(body)) });
      const key = `${store.domain} ${op?.id}`;
      const cut = interruptions.get(key);
      if (cut !== undefined) {
        // A connection lost mid-file: the client sees the body end short of its Content-Length.
        interruptions.delete(key);
        res.write(Buffer.from(body).subarray(0, cut), () => res.destroy());
        return;
      }
      res.end(body);
      return;
    }
    sendJson(res, 404, NOT_FOUND);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error("[local-shopify]", error);
      if (!res.headersSent) sendJson(res, 500, { errors: "An unexpected error occurred" });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  localUrl = `http://127.0.0.1:${port}`;

  return {
    url: localUrl,
    port,
    stores,
    numericAppId: appId,
    now: () => clock(),
    store(domain) {
      const store = stores.get(domain);
      if (!store) throw new Error(`local Shopify has no store ${domain}`);
      return store;
    },
    issueAccessToken(shop, tokenOpts) {
      if (!stores.has(shop)) throw new Error(`local Shopify has no store ${shop}`);
      return tokens.issue(shop, { scope: scopes, expiresIn: tokenOpts?.expiresInSeconds ?? null }).accessToken;
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    interruptBulkDownload(shop, operationId, afterBytes) {
      interruptions.set(`${shop} ${operationId}`, afterBytes);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
