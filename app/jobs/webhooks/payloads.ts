import { z } from "zod";

// The parts of Shopify's webhook payloads the worker uses. Ids are read from admin_graphql_api_id
// strings: numeric ids above 2^53 do not survive JSON.parse.
const money = z.union([z.string(), z.number()]).transform((v) => String(v));
const date = z.string().transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a date: ${v}` });
    return z.NEVER;
  }
  return d;
});
const nullableDate = z.union([date, z.null()]).optional().transform((v) => v ?? null);
const str = z.string().nullable().optional().transform((v) => v ?? null);

const lineItem = z
  .object({
    admin_graphql_api_id: z.string().optional(),
    variant_id: z.union([z.number(), z.string()]).nullable().optional(),
    product_id: z.union([z.number(), z.string()]).nullable().optional(),
    title: z.string().nullable().optional(),
    quantity: z.number(),
    price: money.optional(),
    sku: z.string().nullable().optional(),
  })
  .passthrough()
  .transform((l) => ({
    id: l.admin_graphql_api_id ?? null,
    variantId: l.variant_id == null ? null : String(l.variant_id),
    productId: l.product_id == null ? null : String(l.product_id),
    title: l.title ?? null,
    quantity: l.quantity,
    price: l.price ?? null,
    sku: l.sku ?? null,
  }));

export const customerPayload = z.object({
  admin_graphql_api_id: z.string(),
  email: str,
  phone: str,
  first_name: str,
  last_name: str,
  state: str,
  tags: z.union([z.string(), z.array(z.string())]).nullable().optional(),
  currency: str,
  created_at: nullableDate,
  updated_at: nullableDate,
});

export const orderPayload = z.object({
  admin_graphql_api_id: z.string(),
  name: str,
  email: str,
  currency: z.string(),
  total_price: money,
  subtotal_price: money.nullable().optional(),
  total_discounts: money.nullable().optional(),
  current_subtotal_price: money.nullable().optional(),
  financial_status: str,
  cancelled_at: nullableDate,
  created_at: date,
  updated_at: date,
  customer: z.object({ admin_graphql_api_id: z.string() }).passthrough().nullable().optional(),
  line_items: z.array(lineItem).default([]),
  checkout_token: z.string().nullable().optional(),
  discount_applications: z.array(z.object({ type: z.string(), title: z.string().nullable().optional() }).passthrough()).default([]),
});

export const cartPayload = z.object({
  token: z.string().optional(),
  id: z.string(),
  updated_at: date,
  line_items: z.array(lineItem).default([]),
});

export const checkoutPayload = z.object({
  token: z.string(),
  cart_token: str,
  email: str,
  phone: str,
  currency: str,
  total_price: money,
  completed_at: nullableDate,
  updated_at: date,
  customer: z.object({ admin_graphql_api_id: z.string().optional() }).passthrough().nullable().optional(),
  line_items: z.array(lineItem).default([]),
});

// refunds/create names its order only by the numeric `order_id` (no admin_graphql_api_id): the
// stored payload is parsed losslessly, so an id above 2^53 arrives here as a digit string.
const numericId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

export const refundPayload = z.object({
  order_id: numericId,
  created_at: date,
  refund_line_items: z
    .array(
      z
        .object({
          quantity: z.number(),
          subtotal: money.optional(),
          subtotal_set: z.object({ shop_money: z.object({ amount: money }) }).optional(),
        })
        .passthrough(),
    )
    .default([]),
});

export const bulkOperationFinishPayload = z.object({
  admin_graphql_api_id: z.string(),
  // Lowercase in the webhook ("completed", "query"), unlike the GraphQL enums.
  status: z.string(),
  type: z.string(),
  error_code: z.string().nullable().optional(),
});

export function tagList(tags: string | string[] | null | undefined): string[] {
  if (!tags) return [];
  if (Array.isArray(tags)) return tags;
  return tags.split(",").map((t) => t.trim()).filter(Boolean);
}
