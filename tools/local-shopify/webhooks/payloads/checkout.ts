import type { CartLine, Checkout, Customer } from "../../model";
import { derivedDigits, derivedHex, idFromGid } from "../json-int";
import { money, sum, times } from "../money";
import { nullableShopTime, shopTime } from "../shop-time";
import type { BuildContext, Payload } from "./context";
import { embeddedCustomer, unknownCustomer } from "./customer";

/** A checkout, with its customer when the caller has it (the payload embeds the customer object). */
export type CheckoutInput = Checkout | { checkout: Checkout; customer?: Customer | null };

function checkoutLine(c: Checkout, l: CartLine): Payload {
  return {
    applied_discounts: [],
    discount_allocations: [],
    key: derivedHex(`${c.token}/${l.variantId}`),
    destination_location_id: null,
    fulfillment_service: "manual",
    gift_card: false,
    grams: 0,
    origin_location_id: null,
    presentment_title: l.title,
    presentment_variant_title: null,
    product_id: idFromGid(l.productId),
    properties: null,
    quantity: l.quantity,
    requires_shipping: true,
    sku: l.sku,
    tax_lines: [],
    taxable: true,
    title: l.title,
    variant_id: idFromGid(l.variantId),
    variant_title: null,
    variant_price: money(l.price),
    vendor: null,
    user_id: null,
    unit_price_measurement: {
      measured_type: null,
      quantity_value: null,
      quantity_unit: null,
      reference_value: null,
      reference_unit: null,
    },
    rank: null,
    compare_at_price: null,
    line_price: times(l.price, l.quantity),
    price: money(l.price),
  };
}

/** checkouts/create and checkouts/update. */
export function checkoutPayload(input: CheckoutInput, ctx: BuildContext): Payload {
  const c = "checkout" in input ? input.checkout : input;
  const customer = "checkout" in input ? input.customer : undefined;
  const tz = ctx.timeZone;
  const total = sum(c.lines.map((l) => times(l.price, l.quantity)));
  return {
    token: c.token,
    cart_token: c.cartToken,
    email: c.email,
    gateway: null,
    buyer_accepts_marketing: false,
    created_at: shopTime(c.createdAt, tz),
    updated_at: shopTime(c.updatedAt, tz),
    landing_site: null,
    note: null,
    note_attributes: [],
    referring_site: null,
    shipping_lines: [],
    taxes_included: false,
    total_weight: 0,
    currency: c.currency,
    completed_at: nullableShopTime(c.completedAt, tz),
    closed_at: null,
    user_id: null,
    location_id: null,
    source_identifier: null,
    source_url: null,
    device_id: null,
    phone: customer?.phone ?? null,
    customer_locale: "en",
    line_items: c.lines.map((l) => checkoutLine(c, l)),
    name: `#${derivedDigits(`${c.token}/Checkout`)}`,
    source: null,
    abandoned_checkout_url: `https://${ctx.shop}/checkouts/${c.token}/recover?key=${derivedHex(`${c.token}/key`)}`,
    discount_codes: [],
    tax_lines: [],
    source_name: "web",
    presentment_currency: c.currency,
    buyer_accepts_sms_marketing: false,
    sms_marketing_phone: null,
    total_discounts: "0.00",
    total_line_items_price: total,
    total_price: total,
    total_tax: "0.00",
    subtotal_price: total,
    total_duties: null,
    reservation_token: null,
    billing_address: null,
    shipping_address: null,
    customer: customer
      ? embeddedCustomer(customer, ctx, c.currency)
      : c.customerId
        ? unknownCustomer(c.customerId, c.email, c.currency)
        : null,
  };
}
