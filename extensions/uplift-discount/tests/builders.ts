// Inputs as Shopify would send them for our two input queries, built from a few facts.
import type { CartDeliveryInput, CartLinesInput, DiscountClass } from "../src/input";
import { KEY, nodeCartDigest, nodeTargetBitmap, SHOP, sign, type TokenFields } from "./sign";

export type CartLineSpec = { id?: string; variant: number; product: number; quantity: number; price: string; currency?: string };

export const variantGid = (n: number) => `gid://shopify/ProductVariant/${n}`;
export const productGid = (n: number) => `gid://shopify/Product/${n}`;
export const lineGid = (n: number) => `gid://shopify/CartLine/${n}`;
export const CUSTOMER = "gid://shopify/Customer/7";
export const TODAY = "2026-11-23";

export function config(caps: Record<string, unknown> = {}, keys: Array<{ kid: string; secret: string }> = [KEY]) {
  return {
    v: 1,
    shop: SHOP,
    keys,
    caps: {
      maxPercent: 15,
      maxFixed: { USD: "50.00" },
      freeShipping: true,
      eligibleProductIds: null,
      excludedProductIds: [],
      excludedVariantIds: [],
      marginFloor: { percentOfPrice: 10, min: "0" },
      costs: {},
      ...caps,
    },
  };
}

export function cartLines(specs: CartLineSpec[]): CartLinesInput["cart"]["lines"] {
  return specs.map((s, i) => ({
    id: s.id ?? lineGid(i + 1),
    quantity: s.quantity,
    cost: { amountPerQuantity: { amount: s.price, currencyCode: s.currency ?? "USD" } },
    merchandise: { __typename: "ProductVariant", id: variantGid(s.variant), product: { id: productGid(s.product) } },
  }));
}

const refs = (specs: CartLineSpec[]) => specs.map((s) => ({ variantId: variantGid(s.variant), quantity: s.quantity }));

export function digestOf(specs: CartLineSpec[]): string {
  return nodeCartDigest(refs(specs));
}

/** The `targets` bitmap of `specs` naming `variants` (all of the cart's when omitted). */
export function bitmapOf(specs: CartLineSpec[], variants: number[] = specs.map((s) => s.variant)): string {
  return nodeTargetBitmap(refs(specs), variants.map(variantGid));
}

/**
 * A token bound to `specs`, valid today, signed with KEY unless told otherwise. A percentage offer
 * targets every line unless `targets` says otherwise; other kinds, and entitlements (`cart: ""`),
 * carry `targets: ""`.
 */
export function offerFor(specs: CartLineSpec[], fields: Partial<TokenFields> = {}, secret = KEY.secret) {
  const kind = fields.kind ?? "percentage";
  return sign(
    {
      kid: KEY.kid,
      shop: SHOP,
      oid: "5f0c9a7e-0000-4000-8000-000000000001",
      kind,
      value: "10",
      cur: "USD",
      targets: kind === "percentage" && fields.cart !== "" ? bitmapOf(specs) : "",
      exp: `${TODAY}T16:30:00.000Z`,
      cart: digestOf(specs),
      cust: "",
      ...fields,
    },
    secret,
  );
}

export type LinesInputOptions = {
  offer?: unknown;
  entitlement?: unknown;
  customer?: string | null;
  config?: unknown;
  classes?: DiscountClass[];
  rate?: string;
  today?: string;
};

export function linesInput(specs: CartLineSpec[], o: LinesInputOptions = {}): CartLinesInput {
  const customer = o.customer === undefined ? null : o.customer;
  return {
    shop: { localTime: { date: o.today ?? TODAY } },
    presentmentCurrencyRate: o.rate ?? "1.0",
    discount: {
      discountClasses: o.classes ?? ["PRODUCT", "ORDER", "SHIPPING"],
      metafield: o.config === undefined ? { jsonValue: config() } : o.config === null ? null : { jsonValue: o.config },
    },
    cart: {
      metafield: o.offer === undefined ? null : { jsonValue: o.offer },
      buyerIdentity: customer
        ? { customer: { id: customer, metafield: o.entitlement === undefined ? null : { jsonValue: o.entitlement } } }
        : null,
      lines: cartLines(specs),
    },
  };
}

export function deliveryInput(specs: CartLineSpec[], groups: string[], o: LinesInputOptions = {}): CartDeliveryInput {
  const full = linesInput(specs, o);
  return {
    shop: full.shop,
    discount: full.discount,
    cart: {
      metafield: full.cart.metafield,
      buyerIdentity: full.cart.buyerIdentity,
      lines: full.cart.lines.map((l) => ({ quantity: l.quantity, merchandise: { __typename: "ProductVariant", id: l.merchandise.id } })),
      deliveryGroups: groups.map((id) => ({ id })),
    },
  };
}
