import { defineConfig } from "vitest/config";

// End-to-end: the built app, its worker, an embedded database and the local Shopify, driven in
// Debian's Chromium by playwright-core. Each file starts its own stack.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
