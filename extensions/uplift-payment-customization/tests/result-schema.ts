// Checks a Function result the way Shopify does: as the `result` argument of the target's
// mutation in the API schema, so field names, oneOf operations and scalar types are all checked.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSchema, getVariableValues, parse, validate, type OperationDefinitionNode } from "graphql";

const schema = buildSchema(readFileSync(fileURLToPath(new URL("../schema.graphql", import.meta.url)), "utf8"));
const document = parse(`mutation Check($result: CartPaymentMethodsTransformRunResult!) { cartPaymentMethodsTransformRun(result: $result) }`);

/** Errors from validating the mutation document itself: non-empty means the target or type names are wrong. */
export const documentErrors = validate(schema, document).map((error) => error.message);

export function resultErrors(result: unknown): string[] {
  const operation = document.definitions[0] as OperationDefinitionNode;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { result });
  return coerced.errors?.map((error) => error.message) ?? [];
}
