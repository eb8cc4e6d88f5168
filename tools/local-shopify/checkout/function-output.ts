import { coerceInputValue, getNamedType, type GraphQLSchema } from "graphql";

// A Function's output is checked the way Shopify checks it: as the `result` argument of the
// MutationRoot field for its target (cart.lines.discounts.generate.run → cartLinesDiscountsGenerateRun
// taking a CartLinesDiscountsGenerateRunResult!). Anything that does not coerce fails the run.

export const RUN_TARGETS = ["cart.lines.discounts.generate.run", "cart.delivery-options.discounts.generate.run"] as const;
export type RunTarget = (typeof RUN_TARGETS)[number];

export function isRunTarget(target: string): target is RunTarget {
  return (RUN_TARGETS as readonly string[]).includes(target);
}

// "cart.delivery-options.discounts.generate.run" → "cartDeliveryOptionsDiscountsGenerateRun"
export function targetField(target: string): string {
  return target.split(/[.-]/).map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1))).join("");
}

export type RunResult = { operations: Record<string, unknown>[] };

export function coerceRunResult(schema: GraphQLSchema, target: string, output: unknown, label: string): RunResult {
  const field = schema.getMutationType()?.getFields()[targetField(target)];
  const arg = field?.args.find((a) => a.name === "result");
  if (!arg) throw new Error(`${label}: the Discount Function schema has no target ${target}`);
  // Shopify reads the Function's output as JSON.
  let json: unknown;
  try {
    json = output === undefined ? undefined : JSON.parse(JSON.stringify(output));
  } catch (error) {
    throw new Error(`${label}: output is not JSON: ${(error as Error).message}`);
  }
  const errors: string[] = [];
  const value = coerceInputValue(json, arg.type, (path, _invalid, error) => {
    errors.push(path.length > 0 ? `${path.join(".")}: ${error.message}` : error.message);
  });
  if (errors.length > 0) throw new Error(`${label}: output is not a valid ${getNamedType(arg.type).name}: ${errors.join("; ")}`);
  return value as RunResult;
}
