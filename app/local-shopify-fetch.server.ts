// Demo and test mode only (env.server.ts refuses it in production): the official Shopify client
// keeps building https://{shop}/admin/... requests, and this fetch hands them to the local Shopify on
// 127.0.0.1 instead of the Internet, so every line of @shopify/shopify-api still runs.
type Fetch = typeof globalThis.fetch;

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

export function localShopifyUrl(target: string, localBase: string): string | null {
  const url = new URL(target);
  if (!SHOP_HOST.test(url.hostname)) return null;
  const base = localBase.replace(/\/$/, "");
  return `${base}/stores/${url.hostname}${url.pathname}${url.search}`;
}

export function createLocalShopifyFetch(localBase: string, inner: Fetch): Fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const target = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const rewritten = localShopifyUrl(target, localBase);
    if (!rewritten) return inner(input, init);
    if (typeof input === "string" || input instanceof URL) return inner(rewritten, init);
    return inner(new Request(rewritten, input), init);
  }) as Fetch;
}
