import { GraphQLError } from "graphql";
import { legacyId } from "./gid";

export const MAX_PAGE_SIZE = 250;

export type ConnectionArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
};

export type SortValue = string | number;
type Position = { id: number; value: SortValue };

export type Edge<T> = { cursor: string; node: T };
export type Connection<T> = {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
};

// Cursors are opaque base64 JSON of the last sort value and id, like Shopify's, so a page boundary
// stays put when rows are inserted elsewhere.
export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify({ last_id: p.id, last_value: p.value })).toString("base64");
}

function decodeCursor(cursor: string): Position {
  try {
    const raw = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof raw.last_id === "number" && (typeof raw.last_value === "string" || typeof raw.last_value === "number"))
      return { id: raw.last_id, value: raw.last_value };
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

export function checkPageArgs(args: ConnectionArgs): void {
  const size = args.first ?? args.last;
  if (size === undefined || size === null)
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  if (size < 0 || size > MAX_PAGE_SIZE)
    throw new GraphQLError(`The page size must be between 0 and ${MAX_PAGE_SIZE} (got ${size}).`, {
      extensions: { code: "BAD_REQUEST" },
    });
}

// `all` may be in any order; it is sorted by (sort value, numeric id), optionally reversed.
// In bulk mode the page arguments are ignored, as bulk operations do.
export function paginate<T>(
  all: readonly T[],
  args: ConnectionArgs,
  position: (item: T) => Position,
  unbounded = false,
): Connection<T> {
  if (!unbounded) checkPageArgs(args);
  const sign = args.reverse ? -1 : 1;
  const cmp = (a: Position, b: Position) =>
    sign * (a.value < b.value ? -1 : a.value > b.value ? 1 : a.id - b.id);
  const rows = all.map((item) => ({ item, pos: position(item) })).sort((a, b) => cmp(a.pos, b.pos));

  let start = 0;
  let end = rows.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    while (start < end && cmp(rows[start]!.pos, after) <= 0) start++;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    while (end > start && cmp(rows[end - 1]!.pos, before) >= 0) end--;
  }
  if (!unbounded) {
    if (args.first !== undefined && args.first !== null) end = Math.min(end, start + args.first);
    else if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
  }
  const page = rows.slice(start, end);
  const edges = page.map((r) => ({ cursor: encodeCursor(r.pos), node: r.item }));
  return {
    edges,
    nodes: page.map((r) => r.item),
    pageInfo: {
      hasPreviousPage: start > 0,
      hasNextPage: end < rows.length,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export function numericId(id: string): number {
  return Number(legacyId(id));
}
