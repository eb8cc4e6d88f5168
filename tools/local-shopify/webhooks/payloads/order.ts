import type { Customer, DiscountAllocation, DiscountApplication, Order, OrderLine } from "../../model";
import { derivedHex, derivedId, idFromGid } from "../json-int";
import { minus, money, moneySet, sum, times, toCents } from "../money";
import { nullableShopTime, shopTime } from "../shop-time";
import type { BuildContext, Payload } from "./context";
import { embeddedCustomer, unknownCustomer } from "./customer";
import { currentSubtotal as currentSubtotalOf } from "../../refunds";

/** An order, with its customer when the caller has it (the payload embeds the customer object). */
export type OrderInput = Order | { order: Order; customer?: Customer | null };

function allocations(list: readonly DiscountAllocation[] | undefined, currency: string): Payload[] {
  return (list ?? []).map((a) => ({
    amount: money(a.amount),
    amount_set: moneySet(a.amount, currency),
    discount_application_index: a.applicationIndex,
  }));
}

function discountApplication(a: DiscountApplication): Payload {
  return {
    target_type: a.targetType,
    type: a.type,
    value: a.value,
    value_type: a.valueType,
    allocation_method: a.allocationMethod,
    target_selection: a.targetSelection,
    title: a.title,
  };
}

export function lineItem(l: OrderLine, currency: string): Payload {
  return {
    id: idFromGid(l.id),
    admin_graphql_api_id: l.id,
    attributed_staffs: [],
    current_quantity: l.quantity,
    fulfillable_quantity: l.quantity,
    fulfillment_service: "manual",
    fulfillment_status: null,
    gift_card: false,
    grams: 0,
    name: l.title,
    price: money(l.price),
    price_set: moneySet(l.price, currency),
    product_exists: true,
    product_id: idFromGid(l.productId),
    properties: [],
    quantity: l.quantity,
    requires_shipping: true,
    sales_line_item_group_id: null,
    sku: l.sku,
    taxable: true,
    title: l.title,
    // Shopify fills total_discount only for draft orders, scripts and the API; a checkout's
    // discounts are in discount_allocations.
    total_discount: "0.00",
    total_discount_set: moneySet("0", currency),
    variant_id: idFromGid(l.variantId),
    variant_inventory_management: "shopify",
    variant_title: null,
    vendor: null,
    tax_lines: [],
    duties: [],
    discount_allocations: allocations(l.discountAllocations, currency),
  };
}

function shippingLines(o: Order): Payload[] {
  if (o.shippingLine) {
    const line = o.shippingLine;
    const discounted = minus(line.price, sum(line.discountAllocations.map((a) => a.amount)));
    return [
      {
        id: derivedId(`${o.id}/ShippingLine`),
        carrier_identifier: null,
        code: line.code,
        current_discounted_price_set: moneySet(discounted, o.currency),
        discounted_price: discounted,
        discounted_price_set: moneySet(discounted, o.currency),
        is_removed: false,
        phone: null,
        price: money(line.price),
        price_set: moneySet(line.price, o.currency),
        requested_fulfillment_service_id: null,
        source: "shopify",
        title: line.title,
        tax_lines: [],
        discount_allocations: allocations(line.discountAllocations, o.currency),
      },
    ];
  }
  if (toCents(o.totalShipping) === 0n) return [];
  const price = moneySet(o.totalShipping, o.currency);
  return [
    {
      id: derivedId(`${o.id}/ShippingLine`),
      carrier_identifier: null,
      code: "Standard",
      current_discounted_price_set: price,
      discounted_price: money(o.totalShipping),
      discounted_price_set: price,
      is_removed: false,
      phone: null,
      price: money(o.totalShipping),
      price_set: price,
      requested_fulfillment_service_id: null,
      source: "shopify",
      title: "Standard",
      tax_lines: [],
      discount_allocations: [],
    },
  ];
}

// REST's `number` counts orders from 1; `order_number` (the model's number, shown in "#1001") adds 1000.
function sequenceNumber(orderNumber: number): number {
  return orderNumber > 1000 ? orderNumber - 1000 : orderNumber;
}

/** orders/create, orders/paid, orders/updated (Shopify sends the same order object for all three). */
export function orderPayload(input: OrderInput, ctx: BuildContext): Payload {
  const o = "order" in input ? input.order : input;
  const customer = "order" in input ? input.customer : undefined;
  const cur = o.currency;
  const tz = ctx.timeZone;
  const token = derivedHex(`${o.id}/token`);
  const lineTotal = sum(o.lineItems.map((l) => times(l.price, l.quantity)));
  // Refunds lower the current_* figures: the refunded total off the total, the refunded merchandise
  // (all of the refunded total for generated history, which records nothing finer) off the subtotal.
  const currentTotal = minus(o.totalPrice, o.totalRefunded);
  const currentSubtotal = currentSubtotalOf(o);
  const outstanding = o.financialStatus === "PENDING" ? money(o.totalPrice) : "0.00";
  const zero = moneySet("0", cur);
  return {
    id: idFromGid(o.id),
    admin_graphql_api_id: o.id,
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: o.cancelledAt ? "other" : null,
    cancelled_at: nullableShopTime(o.cancelledAt, tz),
    cart_token: o.cartToken ?? null,
    checkout_token: o.checkoutToken ?? null,
    client_details: null,
    closed_at: null,
    confirmation_number: derivedHex(`${o.id}/confirmation`, 9).toUpperCase(),
    confirmed: true,
    contact_email: o.email,
    created_at: shopTime(o.createdAt, tz),
    currency: cur,
    current_shipping_price_set: moneySet(o.totalShipping, cur),
    current_subtotal_price: currentSubtotal,
    current_subtotal_price_set: moneySet(currentSubtotal, cur),
    current_total_additional_fees_set: null,
    current_total_discounts: money(o.totalDiscounts),
    current_total_discounts_set: moneySet(o.totalDiscounts, cur),
    current_total_duties_set: null,
    current_total_price: currentTotal,
    current_total_price_set: moneySet(currentTotal, cur),
    current_total_tax: money(o.totalTax),
    current_total_tax_set: moneySet(o.totalTax, cur),
    customer_locale: "en",
    device_id: null,
    discount_codes: [],
    duties_included: false,
    email: o.email,
    estimated_taxes: false,
    financial_status: o.financialStatus.toLowerCase(),
    fulfillment_status: null,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: null,
    merchant_of_record_app_id: null,
    name: o.name,
    note: null,
    note_attributes: [],
    number: sequenceNumber(o.number),
    order_number: o.number,
    order_status_url: `https://${ctx.shop}/orders/${token}/authenticate?key=${derivedHex(`${o.id}/key`)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ["bogus"],
    phone: null,
    po_number: null,
    presentment_currency: cur,
    processed_at: shopTime(o.processedAt, tz),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: "web",
    source_url: null,
    subtotal_price: money(o.subtotalPrice),
    subtotal_price_set: moneySet(o.subtotalPrice, cur),
    tags: "",
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: false,
    token,
    total_cash_rounding_payment_adjustment_set: zero,
    total_cash_rounding_refund_adjustment_set: zero,
    total_discounts: money(o.totalDiscounts),
    total_discounts_set: moneySet(o.totalDiscounts, cur),
    total_line_items_price: lineTotal,
    total_line_items_price_set: moneySet(lineTotal, cur),
    total_outstanding: outstanding,
    total_price: money(o.totalPrice),
    total_price_set: moneySet(o.totalPrice, cur),
    total_shipping_price_set: moneySet(o.totalShipping, cur),
    total_tax: money(o.totalTax),
    total_tax_set: moneySet(o.totalTax, cur),
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: shopTime(o.updatedAt, tz),
    user_id: null,
    billing_address: null,
    customer: customer
      ? embeddedCustomer(customer, ctx, cur)
      : o.customerId
        ? unknownCustomer(o.customerId, o.email, cur)
        : null,
    discount_applications: (o.discountApplications ?? []).map(discountApplication),
    fulfillments: [],
    line_items: o.lineItems.map((l) => lineItem(l, cur)),
    payment_terms: null,
    refunds: [],
    shipping_address: null,
    shipping_lines: shippingLines(o),
    returns: [],
    line_item_groups: [],
  };
}
