// Layer rules from CONVENTIONS.md, enforced: what may import what.
import tseslint from "typescript-eslint";
import importPlugin from "eslint-plugin-import";

const zone = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".cache/**", ".tooling/**", "extensions/**/dist/**", "extensions/*/shopify.d.ts", "bench/results/**"] },
  ...tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    settings: { "import/resolver": { node: { extensions: [".js", ".mjs", ".ts", ".tsx"] } } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            zone("./app/engine", "./app/models", "the engine is pure: no persistence"),
            zone("./app/engine", "./app/services", "the engine is pure"),
            zone("./app/engine", "./app/integrations", "the engine is pure: no I/O"),
            zone("./app/engine", "./app/routes", "the engine is pure"),
            zone("./app/engine", "./app/jobs", "the engine is pure"),
            zone("./app/engine", "./app/components", "the engine is pure"),
            zone("./app/engine", ["./app/db.server.ts", "./app/env.server.ts", "./app/shopify.server.ts", "./app/queue.server.ts"], "the engine is pure"),
            zone("./app/models", ["./app/services", "./app/integrations", "./app/routes", "./app/jobs"], "models are persistence only"),
            zone("./app/integrations", ["./app/models", "./app/services", "./app/routes", "./app/jobs", "./app/db.server.ts"], "integrations talk to vendors, not to our tables"),
            zone(["./app/services", "./app/jobs"], ["./app/routes", "./app/components"], "services never reach up into the UI"),
            zone("./app/routes", ["./app/models", "./app/db.server.ts", "./app/integrations", "./app/queue.server.ts"], "routes call services"),
            zone("./app/components", "./app/**/*.server.ts", "components run in the browser"),
            zone("./extensions", "./app", "extensions never import from app/"),
          ],
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/*.server/*"], message: "The classic compiler supports .server files, not .server/ folders." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@prisma/*", "@remix-run/*", "@shopify/*", "openai", "pg", "pg-boss", "**/*.server", "node:*"], message: "app/engine is pure (CONVENTIONS rule 6)." },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Pass time in." },
        { object: "Math", property: "random", message: "Pass randomness in." },
      ],
      "no-restricted-globals": ["error", { name: "fetch", message: "No I/O in the engine." }],
    },
  },
  {
    // Shopify Functions run in Javy's QuickJS: no Node APIs, no event loop, no clock, no randomness
    // (the platform forbids nondeterminism). The QuickJS tests catch what slips through at runtime.
    files: ["extensions/uplift-discount/src/**/*.ts", "extensions/*-customization/src/**/*.ts", "extensions/shared/src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "@prisma/*", "@remix-run/*"], message: "Functions have no Node APIs." }] }],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Functions have no clock: use shop.localTime." },
        { object: "Math", property: "random", message: "Functions must be deterministic." },
      ],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "Functions have no network." },
        { name: "setTimeout", message: "Functions have no event loop." },
        { name: "crypto", message: "Functions have no crypto: use the pure-JS HMAC." },
        { name: "Buffer", message: "Functions have no Node APIs." },
        { name: "process", message: "Functions have no Node APIs." },
      ],
    },
  },
  {
    // Client code in components and route modules must not reach server-only modules except through
    // loaders/actions, which Remix strips from the browser bundle.
    files: ["app/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/*.server", "**/*.server.ts"], message: "Components run in the browser." }] }],
    },
  },
);
