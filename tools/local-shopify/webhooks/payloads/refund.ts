import type { Order, Refund } from "../../model";
import { idFromGid } from "../json-int";
import { money, moneySet } from "../money";
import { shopTime } from "../shop-time";
import type { BuildContext, Payload } from "./context";
import { lineItem } from "./order";

/** refunds/create: the refund and the order it belongs to (for the line items it embeds). */
export type RefundInput = { refund: Refund; order: Order };

// Shopify's refunds/create object: the order only by its numeric `order_id` (no gid), refund line
// items with their subtotals as JSON numbers, and the refund transactions (money moved back).
export function refundPayload({ refund, order }: RefundInput, ctx: BuildContext): Payload {
  const cur = order.currency;
  const at = shopTime(refund.createdAt, ctx.timeZone);
  const unsettled = { amount: "0.0", currency: cur };
  return {
    id: idFromGid(refund.id),
    order_id: idFromGid(order.id),
    created_at: at,
    note: refund.note,
    user_id: null,
    processed_at: at,
    duties: [],
    total_duties_set: moneySet("0", cur),
    return: null,
    restock: false,
    refund_shipping_lines: [],
    admin_graphql_api_id: refund.id,
    order_adjustments: [],
    refund_line_items: refund.lines.map((r) => {
      const line = order.lineItems.find((l) => l.id === r.lineItemId);
      if (!line) throw new Error(`order ${order.id} has no line item ${r.lineItemId}`);
      return {
        id: idFromGid(r.id),
        quantity: r.quantity,
        line_item_id: idFromGid(r.lineItemId),
        location_id: null,
        restock_type: "no_restock",
        subtotal: Number(r.subtotal),
        total_tax: Number(r.totalTax),
        subtotal_set: moneySet(r.subtotal, cur),
        total_tax_set: moneySet(r.totalTax, cur),
        line_item: lineItem(line, cur),
      };
    }),
    transactions: [
      {
        id: idFromGid(refund.transactionId),
        order_id: idFromGid(order.id),
        kind: "refund",
        gateway: "bogus",
        status: "success",
        message: null,
        created_at: at,
        test: false,
        authorization: null,
        location_id: null,
        user_id: null,
        parent_id: null,
        processed_at: null,
        device_id: null,
        error_code: null,
        source_name: "web",
        receipt: {},
        amount: money(refund.amount),
        currency: cur,
        payment_id: `#${order.number}.1`,
        total_unsettled_set: { presentment_money: unsettled, shop_money: unsettled },
        manual_payment_gateway: false,
        amount_rounding: null,
        admin_graphql_api_id: refund.transactionId,
      },
    ],
  };
}
