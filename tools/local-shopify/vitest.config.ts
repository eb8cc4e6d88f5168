import { defineConfig } from "vitest/config";

// The local Shopify's own tests need no database or app environment, so they skip the main
// harness's global setup and can run while the rest of the app is still being built.
export default defineConfig({
  test: {
    include: ["tools/local-shopify/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
