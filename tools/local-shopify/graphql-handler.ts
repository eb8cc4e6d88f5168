import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { LeakyBucket, ThrottleStatus } from "./bucket";
import { MAX_QUERY_COST, actualCost, requestedCost } from "./cost";
import { executeAdmin } from "./execute-admin";
import type { ResolverContext } from "./views/context";

export type HandlerResult = { status: number; body: unknown };

const BAD_REQUEST: HandlerResult = { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };

type Cost = { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus };

// One Admin GraphQL request, answered the way Shopify does: syntax and validation failures,
// MAX_COST_EXCEEDED and THROTTLED all come back as HTTP 200 with `errors`.
export async function handleGraphql(
  schema: GraphQLSchema,
  body: unknown,
  ctx: ResolverContext,
  bucket: LeakyBucket,
): Promise<HandlerResult> {
  if (!body || typeof body !== "object") return BAD_REQUEST;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== "string" || query.trim() === "") return BAD_REQUEST;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return BAD_REQUEST;
  const vars = (variables ?? {}) as Record<string, unknown>;
  const opName = typeof operationName === "string" ? operationName : undefined;

  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return ok({ errors: [formatted(error as GraphQLError, "GRAPHQL_PARSE_FAILED")] });
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return ok({ errors: invalid.map((e) => formatted(e, "GRAPHQL_VALIDATION_FAILED")) });
  if (!getOperationAST(document, opName)) {
    const message = opName ? `No operation named "${opName}"` : "An operation name is required when the document holds several operations";
    return ok({ errors: [{ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
  }

  const requested = requestedCost(schema, document, vars, opName);
  if (requested > MAX_QUERY_COST) return ok({ errors: [maxCostError(requested)] });
  if (!bucket.tryTake(requested)) {
    return ok({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } satisfies Cost },
    });
  }

  const result = await executeAdmin(schema, document, vars, ctx, opName);
  const actual = result.data ? Math.min(requested, actualCost(schema, document, vars, result.data, opName)) : 0;
  bucket.refund(requested - actual);

  const response: Record<string, unknown> = {};
  if (result.errors?.length) {
    // Without data the request never ran: the variables did not coerce.
    const fallback = result.data === undefined ? "INVALID_VARIABLE" : "INTERNAL_SERVER_ERROR";
    response.errors = result.errors.map((e) => formatted(e, fallback));
  }
  if (result.data !== undefined) response.data = result.data;
  const extensions: Record<string, unknown> = {
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } satisfies Cost,
  };
  if (ctx.searchWarnings.length > 0) extensions.search = ctx.searchWarnings;
  response.extensions = extensions;
  return ok(response);
}

function ok(body: unknown): HandlerResult {
  return { status: 200, body };
}

function formatted(error: GraphQLError, code: string): GraphQLFormattedError {
  const json = error.toJSON();
  return { ...json, extensions: { code, ...(json.extensions ?? {}) } };
}

function maxCostError(cost: number): GraphQLFormattedError {
  return {
    message:
      `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
      "cost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
    extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: MAX_QUERY_COST, documentation: "https://shopify.dev/api/usage/limits#rate-limits" },
  };
}
