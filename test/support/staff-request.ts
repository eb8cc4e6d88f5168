import { adminRequest, sessionToken } from "./admin-request";

/**
 * An embedded admin request (see adminRequest) whose session token names staff member `sub`; the
 * local Shopify's token exchange answers it with an online token for that user ("Local Staff").
 */
export async function staffRequest(shop: string, sub: string, path: string, init: RequestInit = {}): Promise<Request> {
  const base = await adminRequest(shop, path);
  const url = new URL(base.url);
  url.searchParams.set("id_token", await sessionToken(shop, sub));
  return new Request(url, { ...init, headers: { ...Object.fromEntries(base.headers), ...(init.headers ?? {}) } });
}

/** A POSTed admin form, as a fetcher.submit from the page sends it. */
export function formPost(fields: Record<string, string>): RequestInit {
  return { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}
