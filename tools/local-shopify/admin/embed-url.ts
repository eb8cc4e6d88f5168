import { shopDomain, storeName } from "./shops";

/**
 * Shopify's `host` parameter: base64 of "admin.shopify.com/store/{store}", padding dropped. Standard
 * alphabet, not base64url: shopify-api's sanitizeHost only accepts [0-9a-zA-Z+/] and would send the
 * app to /auth/login otherwise.
 */
export function hostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${storeName(shop)}`).toString("base64").replace(/=+$/, "");
}

// Parameters the admin sets itself; a query string on the admin URL cannot override them.
const RESERVED = new Set(["embedded", "shop", "host", "id_token", "hmac", "session", "timestamp", "locale"]);

/**
 * The URL Shopify's admin loads in the app iframe: the app path (admin ".../apps/{key}/x" → app
 * "/app/x") with embedded=1, shop, host and a fresh id_token.
 */
export function appFrameUrl(opts: { appUrl: string; shop: string; subPath: string; query?: URLSearchParams; idToken: string }): string {
  const url = new URL(`${opts.appUrl.replace(/\/+$/, "")}/app${opts.subPath === "/" ? "" : opts.subPath}`);
  for (const [k, v] of opts.query ?? []) if (!RESERVED.has(k)) url.searchParams.append(k, v);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shopDomain(opts.shop));
  url.searchParams.set("host", hostParam(opts.shop));
  url.searchParams.set("id_token", opts.idToken);
  return url.href;
}

/** The admin page for an app path: "/app/approvals" → "/store/{store}/apps/{key}/approvals". */
export function adminPathFor(store: string, apiKey: string, appPath = "/app"): string {
  const rest = /^\/app(?=$|[/?#])/.test(appPath) ? appPath.slice(4) : appPath;
  return `/store/${store}/apps/${encodeURIComponent(apiKey)}${rest === "" || /^[/?#]/.test(rest) ? rest : `/${rest}`}`;
}
