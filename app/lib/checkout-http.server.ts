// What the public checkout endpoints share: the checkout session token, CORS on every answer
// (the extension runs in a Web Worker whose origin changes), a size-limited JSON body.
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";

export type CheckoutAuth = Awaited<ReturnType<typeof authenticate.public.checkout>>;
export type Cors = CheckoutAuth["cors"];

/**
 * The library answers the OPTIONS preflight (204 with CORS headers) and refuses bots (410) and bad or
 * expired tokens (401). Its 401 carries no CORS headers, so the extension's worker (another origin)
 * would see a network error instead of a status it can act on (fetch a fresh token): add them.
 */
export async function authenticateCheckout(request: Request): Promise<CheckoutAuth> {
  try {
    return await authenticate.public.checkout(request);
  } catch (error) {
    if (error instanceof Response && error.status >= 400 && request.headers.get("Origin")) {
      error.headers.set("Access-Control-Allow-Origin", "*");
    }
    throw error;
  }
}

/** Checkout tokens carry `dest` as a bare domain; admin tokens as https://domain. */
export function shopFromDest(dest: unknown): string | null {
  if (typeof dest !== "string" || dest.length === 0) return null;
  try {
    const host = new URL(dest.includes("://") ? dest : `https://${dest}`).hostname;
    return /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/i.test(host) ? host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Only the token vouches for a customer: `sub` is the buyer's GID when they are logged in. */
export function tokenCustomer(sub: unknown): string | null {
  return typeof sub === "string" && sub.startsWith("gid://shopify/Customer/") ? sub : null;
}

/** Reads at most `limit` bytes of JSON: a chunked body has no Content-Length to check first. */
export async function readJson(request: Request, limit: number): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string }> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > limit) return { ok: false, status: 413, error: `body over ${limit} bytes` };
  if (!request.body) return { ok: false, status: 400, error: "empty body" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, status: 413, error: `body over ${limit} bytes` };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400, error: "body is not JSON" };
  }
}

export const ms = (from: number, to: number) => (to - from).toFixed(2);

export function problem(cors: Cors, status: number, error: string, extra: { issues?: string[]; headers?: Record<string, string> } = {}) {
  return cors(json({ error, ...(extra.issues ? { issues: extra.issues } : {}) }, { status, headers: { "Cache-Control": "no-store", ...extra.headers } }));
}

export function zodIssues(issues: { path: (string | number)[]; message: string }[]): string[] {
  return issues.slice(0, 10).map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
}
