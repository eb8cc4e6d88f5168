import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, type GraphQLSchema } from "graphql";

// The Admin 2026-07 SDL lives beside the repository (shared reference data), not inside it.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_SCHEMA_PATH = path.resolve(
  REPO_ROOT,
  "../shared/reference/shopify/schemas/admin/admin-2026-07.schema.graphql",
);

let cached: { schema: GraphQLSchema; path: string; buildMs: number } | undefined;

export function adminSchemaPath(): string {
  return process.env.SHOPIFY_ADMIN_SCHEMA || DEFAULT_SCHEMA_PATH;
}

// Building the 3.7 MB SDL takes a noticeable fraction of a second, so it happens once per process.
export function loadAdminSchema(): { schema: GraphQLSchema; buildMs: number } {
  const file = adminSchemaPath();
  if (cached && cached.path === file) return cached;
  if (!existsSync(file)) {
    throw new Error(
      `Admin GraphQL schema not found at ${file}. Expected the 2026-07 SDL from shared/reference ` +
        `(set SHOPIFY_ADMIN_SCHEMA to its path if it lives elsewhere).`,
    );
  }
  const started = performance.now();
  const schema = buildSchema(readFileSync(file, "utf8"));
  cached = { schema, path: file, buildMs: performance.now() - started };
  return cached;
}

export function adminSchema(): GraphQLSchema {
  return loadAdminSchema().schema;
}
