import { defineConfig } from "vitest/config";

// Unit tests sit beside pure code; integration tests live under test/ and get a real database
// (embedded PGlite server, or PostgreSQL when TEST_DATABASE=postgres) from test/setup/global.ts.
// Extensions are tested on their own: Functions in plain Node (no database), the checkout UI
// extension in jsdom under @shopify/ui-extensions-tester, with Preact's JSX.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: "app",
          include: ["app/**/*.test.{ts,tsx}", "tools/**/*.test.ts", "cli/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/e2e/**", "node_modules/**"],
          globalSetup: ["test/setup/global.ts"],
          setupFiles: ["test/setup/env.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "functions",
          include: ["extensions/*/tests/**/*.test.ts", "extensions/testing/**/*.test.ts"],
          exclude: ["extensions/*-ui/**", "extensions/uplift-checkout-offer/**", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        esbuild: { jsx: "automatic", jsxImportSource: "preact" },
        test: {
          name: "checkout-ui",
          include: ["extensions/uplift-checkout-offer/tests/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          server: { deps: { inline: ["@shopify/ui-extensions-tester"] } },
        },
      },
    ],
  },
});
