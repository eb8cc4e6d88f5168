import {
  GraphQLError,
  execute,
  getOperationAST,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from "graphql";
import type { ResolverContext } from "./views/context";
import { mutationRoot } from "./views/mutation-root";
import { queryRoot } from "./views/query-root";

// Every object we hand to graphql-js is a View: a field is either a value or a function of its
// arguments. A field we never modelled fails loudly instead of coming back as a quiet null.
const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  if (source !== null && typeof source === "object" && info.fieldName in source) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown)(args, ctx, info) : value;
  }
  throw new GraphQLError(
    `Field '${info.parentType.name}.${info.fieldName}' is not implemented by the local Shopify.`,
    { extensions: { code: "INTERNAL_SERVER_ERROR" } },
  );
};

export async function executeAdmin(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  ctx: ResolverContext,
  operationName?: string,
): Promise<ExecutionResult> {
  const op = getOperationAST(document, operationName);
  const rootValue = op?.operation === "mutation" ? mutationRoot(ctx) : queryRoot(ctx);
  return execute({ schema, document, rootValue, contextValue: ctx, variableValues: variables, operationName, fieldResolver });
}
