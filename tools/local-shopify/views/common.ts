import type { GraphQLResolveInfo } from "graphql";
import type { Gid } from "../model";
import { paginate, numericId, type ConnectionArgs, type SortValue } from "../connection";
import { compileSearch, type SearchFields } from "../search-query";
import { legacyId } from "../gid";
import type { Args, ResolverContext, View } from "./context";

export function money(ctx: ResolverContext, value: string): View {
  return { __typename: "MoneyV2", amount: value, currencyCode: ctx.store.shop.currencyCode };
}

export function moneyBag(ctx: ResolverContext, value: string): View {
  return { __typename: "MoneyBag", shopMoney: money(ctx, value), presentmentMoney: money(ctx, value) };
}

export function count(n: number): View {
  return { __typename: "Count", count: n, precision: "EXACT" };
}

export function legacy(id: Gid): string {
  return legacyId(id);
}

// `$app` is the app's reserved namespace; omitting the namespace means the same.
export function resolveNamespace(namespace: unknown, appId: string): string {
  if (typeof namespace !== "string" || namespace === "" || namespace === "$app") return `app--${appId}`;
  if (namespace.startsWith("$app:")) return `app--${appId}--${namespace.slice(5)}`;
  return namespace;
}

export function pageArgs(args: Args): ConnectionArgs {
  return {
    first: args.first as number | null | undefined,
    last: args.last as number | null | undefined,
    after: args.after as string | null | undefined,
    before: args.before as string | null | undefined,
    reverse: args.reverse as boolean | null | undefined,
  };
}

export type SortSpec<T> = Record<string, (item: T) => SortValue>;

// A connection over store rows: search filter, sort key, cursors, then a view per node.
export function connection<T>(
  ctx: ResolverContext,
  info: GraphQLResolveInfo,
  args: Args,
  rows: readonly T[],
  idOf: (item: T) => Gid,
  toView: (item: T) => View,
  opts: { search?: SearchFields<T>; sort?: SortSpec<T> } = {},
): View {
  let items = rows;
  if (typeof args.query === "string" && args.query.trim() !== "" && opts.search) {
    const { matches, warnings } = compileSearch(args.query, opts.search);
    if (warnings.length) ctx.searchWarnings.push({ path: pathOf(info), query: args.query, warnings });
    items = rows.filter(matches);
  }
  const key = typeof args.sortKey === "string" ? opts.sort?.[args.sortKey] : undefined;
  const page = paginate(
    items,
    pageArgs(args),
    (item) => {
      const id = numericId(idOf(item));
      return { id, value: key ? key(item) : id };
    },
    ctx.bulk,
  );
  const views = new Map(page.nodes.map((n) => [n, toView(n)]));
  return {
    __typename: "Connection",
    edges: page.edges.map((e) => ({ __typename: "Edge", cursor: e.cursor, node: views.get(e.node) })),
    nodes: page.nodes.map((n) => views.get(n)),
    pageInfo: { __typename: "PageInfo", ...page.pageInfo },
  };
}

function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  return path;
}
