import type { GraphQLResolveInfo } from "graphql";
import type { ShopifyFunctionInfo } from "../model";
import type { Store } from "../store";
import type { SearchWarning } from "../search-query";

// Everything a resolver may consult besides its parent object.
export type ResolverContext = {
  store: Store;
  appId: string; // numeric API client id, for $app namespaces
  apiKey: string;
  appTitle: string;
  localUrl: string;
  now: () => number;
  functions: readonly ShopifyFunctionInfo[] | null; // null: any handle is accepted
  bulk: boolean; // bulk operations ignore page sizes
  searchWarnings: { path: (string | number)[]; query: string; warnings: SearchWarning[] }[];
  onEvent?: (topic: string, resource: unknown) => void;
};

export type Args = Record<string, unknown>;
export type FieldFn = (args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

// A GraphQL object: `__typename` lets interfaces and unions resolve; every other key is a field,
// either a value or a function of the field's arguments. A missing key means "not implemented".
export type View = { __typename: string } & Record<string, unknown>;

// Gives inline field functions their parameter types inside a View literal.
export function field(fn: FieldFn): FieldFn {
  return fn;
}
