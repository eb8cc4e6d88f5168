import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

const base = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "http://127.0.0.1:3000",
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/uplift",
};

describe("environment", () => {
  it("accepts local Shopify mode on loopback outside production", () => {
    const env = parseEnv({ ...base, NODE_ENV: "development", LOCAL_SHOPIFY_URL: "http://127.0.0.1:8082" });
    expect(env.LOCAL_SHOPIFY_URL).toBe("http://127.0.0.1:8082");
  });

  it("refuses local Shopify mode in production", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "production", LOCAL_SHOPIFY_URL: "http://127.0.0.1:8082" })).toThrow(
      /LOCAL_SHOPIFY_URL: local Shopify mode is not allowed when NODE_ENV=production/,
    );
  });

  it("refuses a local Shopify, or an app, off the loopback interface", () => {
    expect(() => parseEnv({ ...base, LOCAL_SHOPIFY_URL: "http://10.0.0.5:8082" })).toThrow(/loopback/);
    expect(() => parseEnv({ ...base, SHOPIFY_APP_URL: "https://uplift.example.com", LOCAL_SHOPIFY_URL: "http://127.0.0.1:8082" })).toThrow(
      /SHOPIFY_APP_URL: local Shopify mode needs the app itself on a loopback address/,
    );
  });

  it("names every missing or malformed variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/SHOPIFY_API_KEY[\s\S]*SHOPIFY_API_SECRET[\s\S]*SHOPIFY_APP_URL[\s\S]*DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it("requires a 32-byte secrets key in production, and checks its size anywhere", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(() => parseEnv({ ...base, NODE_ENV: "production" })).toThrow(/UPLIFT_SECRETS_KEY: required in production/);
    expect(parseEnv({ ...base, NODE_ENV: "production", UPLIFT_SECRETS_KEY: key }).UPLIFT_SECRETS_KEY).toBe(key);
    expect(() => parseEnv({ ...base, UPLIFT_SECRETS_KEY: Buffer.alloc(16).toString("base64") })).toThrow(/UPLIFT_SECRETS_KEY: must be 32 random bytes/);
    expect(() => parseEnv({ ...base, UPLIFT_SECRETS_KEY: key, UPLIFT_SECRETS_KEY_PREVIOUS: "short" })).toThrow(/UPLIFT_SECRETS_KEY_PREVIOUS/);
  });

  it("takes a worker's queue groups as a comma-separated list of known names", () => {
    expect(parseEnv({ ...base, WORKER_QUEUES: "webhooks, crm" }).WORKER_QUEUES).toBe("webhooks, crm");
    expect(() => parseEnv({ ...base, WORKER_QUEUES: "webhooks,mail" })).toThrow(/WORKER_QUEUES: a comma-separated list/);
  });
});
