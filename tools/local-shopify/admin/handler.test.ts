import "@shopify/shopify-api/adapters/node";
import { Script } from "node:vm";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostParam } from "./embed-url";
import { startLocalAdmin, type Running } from "./test-servers";

const APP_URL = "http://127.0.0.1:39999";
const api = shopifyApi({
  apiKey: "app-key",
  apiSecretKey: "app-secret",
  apiVersion: ApiVersion.July26,
  hostName: "127.0.0.1:39999",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

let local: Running;
beforeAll(async () => {
  local = await startLocalAdmin({
    apiKey: "app-key",
    apiSecret: "app-secret",
    appUrl: APP_URL,
    shops: ["uplift-demo.myshopify.com", "second-store"],
  });
});
afterAll(() => local.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${local.url}${path}`, { headers, redirect: "manual" });

function iframeSrc(html: string): URL {
  const src = /<iframe[^>]*\ssrc="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error("no iframe");
  return new URL(src.replace(/&amp;/g, "&"));
}

describe("admin page", () => {
  it("/ redirects to the first shop's app page", async () => {
    const res = await get("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/store/uplift-demo/apps/app-key");
  });

  it("frames the app the way Shopify's admin opens an embedded app", async () => {
    const res = await get("/store/uplift-demo/apps/app-key");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("<title>Local Shopify admin — uplift-demo.myshopify.com</title>");
    const src = iframeSrc(html);
    expect(`${src.origin}${src.pathname}`).toBe(`${APP_URL}/app`);
    expect(src.searchParams.get("embedded")).toBe("1");
    expect(src.searchParams.get("shop")).toBe("uplift-demo.myshopify.com");
    const host = src.searchParams.get("host") ?? "";
    expect(atob(host)).toBe("admin.shopify.com/store/uplift-demo");
    // What authenticate.admin checks before it looks at the token.
    expect(api.utils.sanitizeHost(host)).toBe(host);
    expect(api.utils.sanitizeShop(src.searchParams.get("shop") ?? "")).toBe("uplift-demo.myshopify.com");
    const payload = await api.session.decodeSessionToken(src.searchParams.get("id_token") ?? "");
    expect(payload.dest).toBe("https://uplift-demo.myshopify.com");
  });

  it("maps the path after /apps/{key} to /app/… and passes other query parameters through", async () => {
    const html = await (await get("/store/second-store/apps/app-key/approvals/12?tab=open&shop=evil.myshopify.com")).text();
    const src = iframeSrc(html);
    expect(src.pathname).toBe("/app/approvals/12");
    expect(src.searchParams.get("tab")).toBe("open");
    expect(src.searchParams.get("shop")).toBe("second-store.myshopify.com");
    expect(src.searchParams.getAll("shop")).toHaveLength(1);
  });

  it("answers 404 for an unknown store or app", async () => {
    expect((await get("/store/nobody/apps/app-key")).status).toBe(404);
    expect((await get("/store/uplift-demo/apps/other-app")).status).toBe(404);
  });

  it("leaves other routes to the rest of the local Shopify", async () => {
    expect((await get("/stores/uplift-demo.myshopify.com/admin/api/2026-07/graphql.json")).status).toBe(599);
    expect((await get("/admin/oauth/access_token")).status).toBe(599);
  });

  it("host parameters stay in shopify-api's base64 alphabet for any store name", () => {
    for (const name of ["a", "ab-c", "zz-top-9", "uplift-demo", "x-y-z-w-v"]) {
      expect(hostParam(name)).toMatch(/^[0-9a-zA-Z+/]+$/);
      expect(atob(hostParam(name))).toBe(`admin.shopify.com/store/${name}`);
    }
  });
});

describe("/session-token", () => {
  it("mints a token for the app's origin only", async () => {
    const res = await get("/session-token?shop=uplift-demo.myshopify.com", { Origin: APP_URL });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP_URL);
    expect(res.headers.get("vary")).toBe("Origin");
    const { token } = (await res.json()) as { token: string };
    expect((await api.session.decodeSessionToken(token)).dest).toBe("https://uplift-demo.myshopify.com");
  });

  it("refuses other origins, and never names them in CORS headers", async () => {
    const res = await get("/session-token?shop=uplift-demo.myshopify.com", { Origin: "http://127.0.0.1:1" });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${local.url}/session-token`, { method: "OPTIONS", headers: { Origin: APP_URL } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(APP_URL);
  });

  it("knows only the local Shopify's shops", async () => {
    expect((await get("/session-token?shop=elsewhere.myshopify.com", { Origin: APP_URL })).status).toBe(404);
    expect((await get("/session-token", { Origin: APP_URL })).status).toBe(404);
  });
});

describe("/app-bridge.js", () => {
  it("is served as JavaScript that parses", async () => {
    const res = await get("/app-bridge.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const src = await res.text();
    expect(() => new Script(src, { filename: "app-bridge.js" })).not.toThrow();
    expect(src).toContain('customElements.define("ui-nav-menu"');
    expect(src).toContain('new Event("shopify:navigate", { bubbles: true })');
  });
});
