import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The local Shopify's webhook and admin stand-ins, tested alone: no database, no global setup.
export default defineConfig({
  root: fileURLToPath(new URL("../../..", import.meta.url)),
  test: {
    include: ["tools/local-shopify/webhooks/**/*.test.ts", "tools/local-shopify/admin/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
