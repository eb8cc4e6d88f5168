import type { IncomingMessage, ServerResponse } from "node:http";
import { appBridgeScript } from "./app-bridge-script";
import { adminPathFor, appFrameUrl } from "./embed-url";
import { renderFramePage } from "./frame-page";
import { mintSessionToken } from "./session-token";
import { knownShop, shopDomain, storeName } from "./shops";

// The local Shopify playing Shopify's admin (demo and test mode only; it listens on loopback):
//   GET /                                   → the first shop's app page
//   GET /store/{store}/apps/{apiKey}[/path] → admin page framing {appUrl}/app[/path] as Shopify does
//   GET /app-bridge.js                      → App Bridge stand-in (the app's APP_BRIDGE_URL)
//   GET /session-token?shop=…               → a fresh session token, readable only by the app's origin

export { mintSessionToken, type MintOptions } from "./session-token";

export type AdminContext = { apiKey: string; apiSecret: string; appUrl: string; localUrl: string; shops: string[] };

const APP_PAGE = /^\/store\/([^/]+)\/apps\/([^/]+)(\/.*)?$/;

function send(res: ServerResponse, status: number, headers: Record<string, string>, body = ""): true {
  res.writeHead(status, { "Content-Length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
  return true;
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const text = (res: ServerResponse, status: number, message: string) =>
  send(res, status, { "Content-Type": "text/plain; charset=utf-8" }, `${message}\n`);

async function appPage(res: ServerResponse, url: URL, ctx: AdminContext, match: RegExpExecArray): Promise<true> {
  const [, store = "", key = "", subPath = "/"] = match;
  const shop = knownShop(decode(store), ctx.shops);
  if (!shop) return text(res, 404, `No store ${store} here. Stores: ${ctx.shops.join(", ")}`);
  if (decode(key) !== ctx.apiKey) return text(res, 404, `No app ${key} is installed on ${shop}`);
  const idToken = await mintSessionToken({ shop, apiKey: ctx.apiKey, apiSecret: ctx.apiSecret });
  const html = renderFramePage({
    shop,
    apiKey: ctx.apiKey,
    appOrigin: new URL(ctx.appUrl).origin,
    adminBase: adminPathFor(storeName(shop), ctx.apiKey),
    frameUrl: appFrameUrl({ appUrl: ctx.appUrl, shop, subPath, query: url.searchParams, idToken }),
    shops: ctx.shops.map(shopDomain),
  });
  // The page embeds a live token, so no caching anywhere.
  return send(res, 200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }, html);
}

async function sessionToken(req: IncomingMessage, res: ServerResponse, url: URL, ctx: AdminContext): Promise<true> {
  const appOrigin = new URL(ctx.appUrl).origin;
  const origin = req.headers.origin;
  // Only the app (cross-origin, inside the iframe) and the admin page itself may ask.
  if (origin && origin !== appOrigin && origin !== new URL(ctx.localUrl).origin) {
    return text(res, 403, `Origin ${origin} may not request session tokens`);
  }
  const cors = { "Access-Control-Allow-Origin": appOrigin, Vary: "Origin" };
  if (req.method === "OPTIONS") {
    return send(res, 204, { ...cors, "Access-Control-Allow-Methods": "GET", "Access-Control-Max-Age": "600" });
  }
  const shop = knownShop(url.searchParams.get("shop"), ctx.shops);
  if (!shop) return send(res, 404, { ...cors, "Content-Type": "application/json" }, JSON.stringify({ error: "unknown shop" }));
  const token = await mintSessionToken({ shop, apiKey: ctx.apiKey, apiSecret: ctx.apiSecret });
  return send(res, 200, { ...cors, "Content-Type": "application/json", "Cache-Control": "no-store" }, JSON.stringify({ token }));
}

/** Answers the admin stand-in's routes; returns false for anything else so the server can carry on. */
export async function handleAdminRequest(req: IncomingMessage, res: ServerResponse, ctx: AdminContext): Promise<boolean> {
  const url = new URL(req.url ?? "/", ctx.localUrl);
  const method = req.method ?? "GET";
  const readOnly = method === "GET" || method === "HEAD";

  if (url.pathname === "/session-token") {
    if (!readOnly && method !== "OPTIONS") return text(res, 405, "Use GET");
    return sessionToken(req, res, url, ctx);
  }
  if (url.pathname === "/app-bridge.js") {
    if (!readOnly) return text(res, 405, "Use GET");
    return send(res, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }, appBridgeScript());
  }
  if (url.pathname === "/" && ctx.shops[0]) {
    if (!readOnly) return text(res, 405, "Use GET");
    return send(res, 302, { Location: adminPathFor(storeName(ctx.shops[0]), ctx.apiKey) });
  }
  const match = APP_PAGE.exec(url.pathname);
  if (match) {
    if (!readOnly) return text(res, 405, "Use GET");
    return appPage(res, url, ctx, match);
  }
  return false;
}
