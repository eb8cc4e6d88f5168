import type { Customer, Product, Variant } from "../model";
import type { Store } from "../store";
import { cents, shippingFor } from "../money";
import { isKnownType, valueError } from "../metafield-values";
import { derivedHex } from "../webhooks/json-int";
import { resolveNamespace } from "../views/common";
import { parseDecimal, centsDown, isNegative } from "./decimal";

// The buyer's cart at the moment of checkout, built from the store's catalog and customers.

export type CheckoutInput = {
  lines: { variantId: string; quantity: number }[]; // variants of the store's catalog, at catalog prices
  customerId?: string | null; // a store customer, or an anonymous buyer
  email?: string | null; // an anonymous buyer's email (default: the customer's)
  cartMetafields?: { namespace: string; key: string; type: string; value: string }[]; // "$app" = this app's namespace
  currency?: string; // the presentment currency: only the shop currency is modelled
  localDate?: string; // shop.localTime.date as Functions see it (default: today in the shop's time zone)
  shippingPrice?: string; // the "Standard" rate (default: the generated shop's rate, free from $75)
  countryCode?: string; // localization.country (default: the customer's country, else US)
  checkoutToken?: string; // shopify.checkoutToken as the checkout UI extension saw it (default: a new token)
};

export type CartLineState = { id: string; variant: Variant; product: Product; quantity: number; unitCents: number };

export type DeliveryOption = { handle: string; title: string; code: string; method: "SHIPPING" | "PICK_UP"; costCents: number };

export type SimCart = {
  token: string;
  lines: CartLineState[];
  customer: Customer | null;
  email: string | null;
  metafields: { namespace: string; key: string; type: string; value: string }[]; // namespaces resolved
  currency: string;
  localDate: string;
  countryCode: string;
  // One delivery group: "Standard" shipping (selected) and a free "Pickup".
  deliveryGroup: { id: string; options: DeliveryOption[]; selected: DeliveryOption };
};

// Shopify's cart line ids are opaque; these are stable for a cart token.
function cartLineId(token: string, index: number): string {
  const h = derivedHex(`${token}/CartLine/${index}`);
  return `gid://shopify/CartLine/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function shopLocalDate(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(at));
}

export function buildCart(store: Store, appId: string, input: CheckoutInput, token: string, now: number): SimCart {
  const shopCurrency = store.shop.currencyCode;
  if (input.currency && input.currency !== shopCurrency)
    throw new Error(`local Shopify checkout: presentment currency ${input.currency} is not modelled (the shop sells in ${shopCurrency})`);
  if (input.lines.length === 0) throw new Error("local Shopify checkout: the cart has no lines");

  const lines = input.lines.map((l, index): CartLineState => {
    const variant = store.variant(l.variantId);
    const product = variant ? store.product(variant.productId) : undefined;
    if (!variant || !product) throw new Error(`local Shopify checkout: ${store.domain} has no variant ${l.variantId}`);
    if (product.status !== "ACTIVE") throw new Error(`local Shopify checkout: ${product.id} is ${product.status} and cannot be bought`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1) throw new Error(`local Shopify checkout: quantity ${l.quantity} of ${l.variantId} is not a positive integer`);
    return { id: cartLineId(token, index), variant, product, quantity: l.quantity, unitCents: cents(variant.price) };
  });

  const customer = input.customerId ? (store.customer(input.customerId) ?? null) : null;
  if (input.customerId && !customer) throw new Error(`local Shopify checkout: ${store.domain} has no customer ${input.customerId}`);

  const metafields = (input.cartMetafields ?? []).map((m) => {
    const namespace = resolveNamespace(m.namespace, appId);
    if (!isKnownType(m.type)) throw new Error(`local Shopify checkout: cart metafield ${namespace}.${m.key} has unknown type ${m.type}`);
    const invalid = valueError(m.type, m.value, shopCurrency);
    if (invalid) throw new Error(`local Shopify checkout: cart metafield ${namespace}.${m.key}: ${invalid}`);
    return { namespace, key: m.key, type: m.type, value: m.value };
  });
  const seen = new Set<string>();
  for (const m of metafields) {
    if (seen.has(`${m.namespace}.${m.key}`)) throw new Error(`local Shopify checkout: cart metafield ${m.namespace}.${m.key} is given twice`);
    seen.add(`${m.namespace}.${m.key}`);
  }

  const localDate = input.localDate ?? shopLocalDate(store.shop.ianaTimezone, now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(localDate)) throw new Error(`local Shopify checkout: localDate ${localDate} is not YYYY-MM-DD`);

  const subtotal = lines.reduce((s, l) => s + l.unitCents * l.quantity, 0);
  let shipping = shippingFor(subtotal);
  if (input.shippingPrice !== undefined) {
    const price = parseDecimal(input.shippingPrice, "shippingPrice");
    if (isNegative(price)) throw new Error(`local Shopify checkout: shippingPrice ${input.shippingPrice} is negative`);
    shipping = centsDown(price);
  }
  const standard: DeliveryOption = { handle: derivedHex(`${token}/standard`), title: "Standard", code: "Standard", method: "SHIPPING", costCents: shipping };
  const pickup: DeliveryOption = { handle: derivedHex(`${token}/pickup`), title: "Pickup", code: "Pickup", method: "PICK_UP", costCents: 0 };

  return {
    token,
    lines,
    customer,
    email: input.email ?? customer?.email ?? null,
    metafields,
    currency: shopCurrency,
    localDate,
    countryCode: input.countryCode ?? customer?.countryCode ?? "US",
    deliveryGroup: { id: "gid://shopify/CartDeliveryGroup/0", options: [standard, pickup], selected: standard },
  };
}
