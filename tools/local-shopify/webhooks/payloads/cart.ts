import type { Cart, CartLine } from "../../model";
import { derivedHex, gidDigits, idFromGid } from "../json-int";
import { money, moneySet, times } from "../money";
import { DEFAULT_CURRENCY, type BuildContext, type Payload } from "./context";

function cartLine(cart: Cart, l: CartLine, currency: string): Payload {
  const linePrice = times(l.price, l.quantity);
  const variant = gidDigits(l.variantId);
  return {
    // The online store cart keys a line by its variant, so the line id is the variant id.
    id: idFromGid(l.variantId),
    properties: null,
    quantity: l.quantity,
    variant_id: idFromGid(l.variantId),
    key: `${variant}:${derivedHex(`${cart.token}/${variant}`)}`,
    discounted_price: money(l.price),
    discounts: [],
    gift_card: false,
    grams: 0,
    line_price: linePrice,
    original_line_price: linePrice,
    original_price: money(l.price),
    price: money(l.price),
    product_id: idFromGid(l.productId),
    sku: l.sku,
    taxable: true,
    title: l.title,
    total_discount: "0.00",
    vendor: null,
    discounted_price_set: moneySet(l.price, currency),
    line_price_set: moneySet(linePrice, currency),
    original_line_price_set: moneySet(linePrice, currency),
    price_set: moneySet(l.price, currency),
    total_discount_set: moneySet("0", currency),
    parent_relationship: null,
  };
}

/** carts/create and carts/update. Unlike orders, cart times are UTC with milliseconds. */
export function cartPayload(cart: Cart, ctx: BuildContext): Payload {
  const currency = ctx.currency ?? DEFAULT_CURRENCY;
  return {
    id: cart.token,
    token: cart.token,
    line_items: cart.lines.map((l) => cartLine(cart, l, currency)),
    note: null,
    updated_at: new Date(cart.updatedAt).toISOString(),
    created_at: new Date(cart.createdAt).toISOString(),
  };
}
