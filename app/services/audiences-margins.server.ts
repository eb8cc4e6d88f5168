import { z } from "zod";
import { marginRate } from "../engine/audiences";
import { adminQuery, type AdminGraphql } from "../integrations/shopify-admin.server";

// Where "high-margin" comes from: the variant's price and its InventoryItem.unitCost (the merchant's
// "Cost per item"), read through the Admin API. The app keeps no product costs of its own, cart
// webhooks carry prices but neither costs nor a customer, and the pixel's price is the shopper's
// word; so the margin is read from Shopify, per variant, and cached for an hour. A variant without
// a cost has no margin and never counts as high-margin.

export type MarginLookup = (variantGids: readonly string[]) => Promise<Map<string, number | null>>;

const MARGINS = `#graphql
  query UpliftVariantMargins($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on ProductVariant { id price inventoryItem { unitCost { amount } } }
    }
  }`;

const reply = z.object({
  nodes: z.array(
    z
      .object({
        id: z.string().optional(),
        price: z.string().optional(),
        inventoryItem: z.object({ unitCost: z.object({ amount: z.string() }).nullable() }).nullable().optional(),
      })
      .nullable(),
  ),
});

const TTL_MS = 3_600_000;
const BATCH = 250; // nodes(ids:) takes at most 250
const cache = new Map<string, { at: number; rate: number | null }>();

export function forgetMargins() {
  cache.clear();
}

/** A lookup for one shop; an Admin API failure throws, so the job that asked is retried. */
export function variantMarginLookup(shop: string, graphql: AdminGraphql, now: () => number = Date.now): MarginLookup {
  return async (variantGids) => {
    const out = new Map<string, number | null>();
    const todo: string[] = [];
    for (const id of new Set(variantGids)) {
      const hit = cache.get(`${shop}|${id}`);
      if (hit && now() - hit.at < TTL_MS) out.set(id, hit.rate);
      else todo.push(id);
    }
    for (let i = 0; i < todo.length; i += BATCH) {
      const ids = todo.slice(i, i + BATCH);
      const result = await adminQuery(graphql, MARGINS, reply, { variables: { ids } });
      if (!result.ok) throw new Error(`variant costs unavailable: ${result.error.code}: ${result.error.message}`);
      const byId = new Map(result.data.nodes.filter((n) => n?.id).map((n) => [n!.id!, n!]));
      for (const id of ids) {
        const node = byId.get(id);
        const cost = node?.inventoryItem?.unitCost?.amount;
        const rate = marginRate(node?.price !== undefined ? Number(node.price) : null, cost !== undefined ? Number(cost) : null);
        cache.set(`${shop}|${id}`, { at: now(), rate });
        out.set(id, rate);
      }
    }
    return out;
  };
}
