import { Connection, type HttpRequest, type HttpRequestOptions } from "jsforce";
// The .js suffix matters: the server build is ESM and leaves node_modules unbundled.
import { Transport } from "jsforce/lib/transport.js";

// A jsforce Connection for one adapter call. jsforce 3 has no per-connection timeout or retry
// settings: its fetch wrapper retries GETs on 429/5xx and network errors five times with back-off
// (about 15 s in all) and waits up to 30 minutes for an answer. The sync jobs own retrying, so this
// transport turns both off. It also keeps the HTTP status of the last answer, which jsforce's errors
// do not carry (a 503 with a JSON body reaches us only as its errorCode).

export type SalesforceConfig = {
  /** The org's My Domain URL, e.g. https://acme.my.salesforce.com (tests: tools/local-salesforce). */
  instanceUrl: string;
  /** OAuth access token (session id). */
  accessToken: string;
  /** REST API version; upsert through sObject collections needs 46.0 or later. */
  apiVersion?: string;
  timeoutMs?: number;
};

export const DEFAULT_API_VERSION = "62.0";
const DEFAULT_TIMEOUT_MS = 30_000;

class BoundedTransport extends Transport {
  lastStatus: number | null = null;

  constructor(private readonly timeoutMs: number) {
    super();
  }

  override httpRequest(req: HttpRequest, options: HttpRequestOptions = {}) {
    this.lastStatus = null;
    const pending = super.httpRequest(req, { ...options, timeout: this.timeoutMs, retry: { ...options.retry, maxRetries: 0 } });
    pending.then(
      (res) => {
        this.lastStatus = res.statusCode;
      },
      () => undefined,
    );
    return pending;
  }
}

export type SalesforceSession = { conn: Connection; lastStatus: () => number | null };

export function openSession(config: SalesforceConfig): SalesforceSession {
  const conn = new Connection({ instanceUrl: config.instanceUrl.replace(/\/+$/, ""), accessToken: config.accessToken, version: config.apiVersion ?? DEFAULT_API_VERSION });
  const transport = new BoundedTransport(config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  conn._transport = transport;
  return { conn, lastStatus: () => transport.lastStatus };
}
