import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { mintSessionToken } from "./session-token";

const apiFor = (apiKey: string, apiSecretKey: string) =>
  shopifyApi({
    apiKey,
    apiSecretKey,
    apiVersion: ApiVersion.July26,
    hostName: "127.0.0.1:3000",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });

const opts = { shop: "uplift-demo.myshopify.com", apiKey: "app-key", apiSecret: "app-secret" };

describe("mintSessionToken", () => {
  it("is accepted by shopify-api's decodeSessionToken with the app's secret", async () => {
    const token = await mintSessionToken(opts);
    const payload = await apiFor("app-key", "app-secret").session.decodeSessionToken(token);
    expect(payload).toMatchObject({
      iss: "https://uplift-demo.myshopify.com/admin",
      dest: "https://uplift-demo.myshopify.com",
      aud: "app-key",
      sub: "42",
    });
  });

  it("is rejected with a wrong secret, for another app, and once expired", async () => {
    const token = await mintSessionToken(opts);
    await expect(apiFor("app-key", "other-secret").session.decodeSessionToken(token)).rejects.toThrow();
    await expect(apiFor("other-key", "app-secret").session.decodeSessionToken(token)).rejects.toThrow(/API key/);
    // shopify-api allows 10 s of clock skew, so expire it well beyond that.
    const expired = await mintSessionToken({ ...opts, ttlSeconds: -30 });
    await expect(apiFor("app-key", "app-secret").session.decodeSessionToken(expired)).rejects.toThrow();
  });

  it("carries Shopify's header and claims: one-minute life, uuid jti, stable sid per user", async () => {
    const [a, b] = [await mintSessionToken(opts), await mintSessionToken({ ...opts, shop: "uplift-demo" })];
    expect(decodeProtectedHeader(a)).toEqual({ alg: "HS256", typ: "JWT" });
    const [pa, pb] = [decodeJwt(a), decodeJwt(b)];
    expect(Object.keys(pa).sort()).toEqual(["aud", "dest", "exp", "iat", "iss", "jti", "nbf", "sid", "sig", "sub"]);
    expect((pa.exp ?? 0) - (pa.iat ?? 0)).toBe(60);
    expect(pa.nbf).toBe(pa.iat);
    expect(pa.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pa.jti).not.toBe(pb.jti);
    expect(pb.dest).toBe("https://uplift-demo.myshopify.com");
    expect(pa.sid).toBe(pb.sid);
    expect(decodeJwt(await mintSessionToken({ ...opts, sub: "7" })).sid).not.toBe(pa.sid);
  });
});
