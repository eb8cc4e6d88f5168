import { inject } from "vitest";
import { startLocalShopify } from "../../tools/local-shopify/server";

// The app reads its environment once at import (app/env.server.ts); tests set it first. Each test
// file gets a local Shopify on 127.0.0.1 (stores are added by test/support/local-shopify.ts), which
// the app reaches through the official client, as in the demo.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:39999";
process.env.NODE_ENV = "test";
process.env.JOB_RETRY_DELAY_SECONDS ??= "1";
process.env.JOB_RETRY_LIMIT ??= "1";
// Short enough that a job left behind by a killed worker is retried within the test.
process.env.JOB_EXPIRE_SECONDS ??= "3";
process.env.JOB_SUPERVISE_SECONDS ??= "1";
// Tests start backfills themselves (test/integration/backfill.test.ts), not on every install.
process.env.BACKFILL_ON_INSTALL ??= "false";

const local = await startLocalShopify({
  apiKey: process.env.SHOPIFY_API_KEY,
  apiSecret: process.env.SHOPIFY_API_SECRET,
  appUrl: process.env.SHOPIFY_APP_URL,
  stores: [],
  restoreRate: Number(process.env.TEST_SHOPIFY_RESTORE_RATE ?? 100),
  bucketSize: Number(process.env.TEST_SHOPIFY_BUCKET ?? 2000),
});
process.env.LOCAL_SHOPIFY_URL = local.url;
(globalThis as { __localShopify?: typeof local }).__localShopify = local;
