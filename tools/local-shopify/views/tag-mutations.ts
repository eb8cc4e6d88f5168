import { parseGid } from "../gid";
import type { Gid } from "../model";
import type { Args, ResolverContext, View } from "./context";
import { nodeView } from "./node";

// tagsAdd / tagsRemove on the resources the store keeps tags for. Shopify takes a list, or one
// comma-separated string, trims each tag, ignores blanks and treats tags case-insensitively.

const TAGGABLE = new Set(["Customer", "Order", "Product"]);

function tagsOf(ctx: ResolverContext, id: Gid): string[] | null {
  const type = parseGid(id)?.type;
  if (!type || !TAGGABLE.has(type)) return null;
  if (type === "Order") {
    const order = ctx.store.order(id);
    if (!order) return null;
    order.tags ??= [];
    return order.tags;
  }
  return (type === "Customer" ? ctx.store.customer(id) : ctx.store.product(id))?.tags ?? null;
}

function normalise(input: unknown): string[] {
  const raw = Array.isArray(input) ? (input as string[]) : [String(input)];
  return raw.flatMap((t) => t.split(",")).map((t) => t.trim()).filter((t) => t.length > 0);
}

export function changeTags(ctx: ResolverContext, args: Args, op: "add" | "remove"): View {
  const typename = op === "add" ? "TagsAddPayload" : "TagsRemovePayload";
  const id = String(args.id);
  const tags = tagsOf(ctx, id);
  if (!tags) return { __typename: typename, node: null, userErrors: [{ __typename: "UserError", field: ["id"], message: "Resource not found" }] };
  const wanted = normalise(args.tags);
  const tooLong = wanted.find((t) => t.length > 255);
  if (tooLong) return { __typename: typename, node: null, userErrors: [{ __typename: "UserError", field: ["tags"], message: "Tags cannot be longer than 255 characters" }] };
  const has = (t: string) => tags.some((x) => x.toLowerCase() === t.toLowerCase());
  if (op === "add") {
    for (const t of wanted) if (!has(t)) tags.push(t);
  } else {
    const drop = new Set(wanted.map((t) => t.toLowerCase()));
    tags.splice(0, tags.length, ...tags.filter((t) => !drop.has(t.toLowerCase())));
  }
  return { __typename: typename, node: nodeView(ctx, id), userErrors: [] };
}
