import { readFileSync } from "node:fs";
import { buildSchema, coerceInputValue, type GraphQLSchema } from "graphql";

const schemas = new Map<string, GraphQLSchema>();

/**
 * Checks a Function's output against its API schema the way Shopify receives it: as the `result`
 * argument of the target's field on MutationRoot (e.g. `cartLinesDiscountsGenerateRun(result:
 * CartLinesDiscountsGenerateRunResult!)`). Returns the coercion errors; [] means valid, including
 * `@oneOf` inputs (graphql-js ≥ 16.9 enforces exactly one key).
 */
export function validateFunctionResult(schemaPath: string, mutationField: string, result: unknown): string[] {
  let schema = schemas.get(schemaPath);
  if (!schema) {
    schema = buildSchema(readFileSync(schemaPath, "utf8"));
    schemas.set(schemaPath, schema);
  }
  const field = schema.getMutationType()?.getFields()[mutationField];
  const arg = field?.args.find((a) => a.name === "result");
  if (!arg) return [`${mutationField}(result:) is not on the schema's mutation root`];
  const errors: string[] = [];
  coerceInputValue(result, arg.type, (path, _value, error) => {
    errors.push(`${["result", ...path].join(".")}: ${error.message}`);
  });
  return errors;
}
