import { inject } from "vitest";

// The app reads its environment once at import (app/env.server.ts); tests set it first.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:39999";
process.env.NODE_ENV = "test";
process.env.JOB_RETRY_DELAY_SECONDS ??= "1";
// Short enough that a job left behind by a killed worker is retried within the test.
process.env.JOB_EXPIRE_SECONDS ??= "3";
process.env.JOB_SUPERVISE_SECONDS ??= "1";
