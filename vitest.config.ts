import { defineConfig } from "vitest/config";

// Unit tests sit beside pure code; integration tests live under test/ and get a real database
// (embedded PGlite server, or PostgreSQL when TEST_DATABASE=postgres) from test/setup/global.ts.
export default defineConfig({
  test: {
    include: ["app/**/*.test.{ts,tsx}", "tools/**/*.test.ts", "cli/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    globalSetup: ["test/setup/global.ts"],
    setupFiles: ["test/setup/env.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
