import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, type GraphQLSchema } from "graphql";

// The Discount Function API schema (2026-07) from shared/reference: its `Input` query type is what an
// input query runs against, its MutationRoot fields take each target's result.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEFAULT_DISCOUNT_SCHEMA_PATH = path.resolve(REPO_ROOT, "../shared/reference/shopify/schemas/discount/schema.graphql");

let cached: { schema: GraphQLSchema; path: string } | undefined;

export function discountFunctionSchema(): GraphQLSchema {
  const file = process.env.SHOPIFY_DISCOUNT_FUNCTION_SCHEMA || DEFAULT_DISCOUNT_SCHEMA_PATH;
  if (cached && cached.path === file) return cached.schema;
  if (!existsSync(file)) {
    throw new Error(
      `Discount Function schema not found at ${file}. Expected the 2026-07 SDL from shared/reference ` +
        `(set SHOPIFY_DISCOUNT_FUNCTION_SCHEMA to its path if it lives elsewhere).`,
    );
  }
  cached = { schema: buildSchema(readFileSync(file, "utf8")), path: file };
  return cached.schema;
}
