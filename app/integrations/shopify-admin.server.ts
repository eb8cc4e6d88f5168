import { GraphqlQueryError } from "@shopify/shopify-api";
import type { z } from "zod";

// Our one way to call the Admin GraphQL API. The official client throws on THROTTLED (an HTTP 200
// with errors[0].extensions.code) and never retries it, so this waits for the leaky bucket to hold
// the query's cost again, using the throttleStatus Shopify sends, and tries again.

/** `admin.graphql` from shopify-app-remix's authenticate.admin / unauthenticated.admin. */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

export type QueryCost = {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
};

export type AdminError = { code: string; message: string };
export type AdminResult<T> = { ok: true; data: T; cost: QueryCost | null; attempts: number } | { ok: false; error: AdminError; attempts: number };

export type AdminQueryOptions = {
  variables?: Record<string, unknown>;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
};

type GraphqlErrorBody = { errors?: { graphQLErrors?: { message: string; extensions?: { code?: string } }[] }; extensions?: { cost?: QueryCost } };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long until the bucket holds `requested` points again (Shopify suggests at least 1 s). */
export function throttleWaitMs(cost: QueryCost | undefined): number {
  if (!cost) return 1000;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  const missing = cost.requestedQueryCost - currentlyAvailable;
  if (missing <= 0 || restoreRate <= 0) return 1000;
  return Math.max(1000, Math.ceil((missing / restoreRate) * 1000));
}

export async function adminQuery<T>(graphql: AdminGraphql, query: string, schema: z.ZodType<T>, options: AdminQueryOptions = {}): Promise<AdminResult<T>> {
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await graphql(query, options.variables ? { variables: options.variables } : undefined);
      const body = (await response.json()) as { data?: unknown; extensions?: { cost?: QueryCost } };
      const parsed = schema.safeParse(body.data);
      if (!parsed.success) {
        return { ok: false, attempts: attempt, error: { code: "UNEXPECTED_RESPONSE", message: parsed.error.message } };
      }
      return { ok: true, data: parsed.data, cost: body.extensions?.cost ?? null, attempts: attempt };
    } catch (error) {
      if (!(error instanceof GraphqlQueryError)) throw error;
      const body = error.body as GraphqlErrorBody | undefined;
      const first = body?.errors?.graphQLErrors?.[0];
      const code = first?.extensions?.code ?? "GRAPHQL_ERROR";
      if (code === "THROTTLED" && attempt < maxAttempts) {
        await sleep(throttleWaitMs(body?.extensions?.cost));
        continue;
      }
      return { ok: false, attempts: attempt, error: { code, message: first?.message ?? error.message } };
    }
  }
}
