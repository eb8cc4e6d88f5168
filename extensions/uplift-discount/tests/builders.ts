// Inputs as Shopify would send them for our two input queries (with their per-line aliases), built
// from a few facts, and tokens signed by tests/sign.ts.
import type { CartDeliveryInput, CartLinesInput, DiscountClass, InputLine } from "../src/input";
import { BINDING_SCHEME, KEY, nodeCartDigest, nodeConfigKey, nodeTargetBitmap, SHOP, sign, signV2, type CartRef, type TokenFields } from "./sign";

export type CartLineSpec = { id?: string; variant: number; product: number; quantity: number; price: string; currency?: string };

export const variantGid = (n: number) => `gid://shopify/ProductVariant/${n}`;
export const productGid = (n: number) => `gid://shopify/Product/${n}`;
export const lineGid = (n: number) => `gid://shopify/CartLine/${n}`;
export const CUSTOMER = "gid://shopify/Customer/7";
export const TODAY = "2026-11-23";

type Key = { kid: string; secret: string };

/**
 * The discount's config as the app writes it: each key with its secret, HMAC chaining states and
 * binding point. `secretsOnly`: the keys by their secret alone, as configs written before v2 were.
 */
export function config(caps: Record<string, unknown> = {}, keys: Key[] = [KEY], secretsOnly = false) {
  return {
    v: 1,
    shop: SHOP,
    keys: keys.map((k) => (secretsOnly ? { kid: k.kid, secret: k.secret } : nodeConfigKey(k))),
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

/** A cart line as the lines query returns it. */
export const inputLine = (id: string, variant: string, product: string, quantity: number, price: string): InputLine => ({
  i: id,
  q: quantity,
  c: { u: { a: price } },
  m: { i: variant, p: { i: product } },
});

export function cartLines(specs: CartLineSpec[]): CartLinesInput["cart"]["lines"] {
  return specs.map((s, i) => inputLine(s.id ?? lineGid(i + 1), variantGid(s.variant), productGid(s.product), s.quantity, s.price));
}

export const refs = (specs: CartLineSpec[]): CartRef[] => specs.map((s) => ({ variantId: variantGid(s.variant), quantity: s.quantity }));

/** The `targets` bitmap of `specs` naming `variants` (all of the cart's when omitted). */
export function bitmapOf(specs: CartLineSpec[], variants: number[] = specs.map((s) => s.variant)): string {
  return nodeTargetBitmap(refs(specs), variants.map(variantGid));
}

/** A v2 token's `targets` naming every entry of its cart (v1 has only the bitmap). */
export const EVERY_ENTRY = "*";

const baseFields = (specs: CartLineSpec[], fields: Partial<TokenFields>, version: 1 | 2): TokenFields => {
  const kind = fields.kind ?? "percentage";
  return {
    kid: KEY.kid,
    shop: SHOP,
    oid: "5f0c9a7e-0000-4000-8000-000000000001",
    kind,
    value: "10",
    cur: "USD",
    targets: kind === "percentage" && fields.cart !== "" ? (version === 2 ? EVERY_ENTRY : bitmapOf(specs)) : "",
    exp: `${TODAY}T16:30:00.000Z`,
    cart: BINDING_SCHEME,
    cust: "",
    ...fields,
  };
};

/**
 * A v2 token bound to `specs` (its `sig` covers their binding), valid today, signed with KEY unless
 * told otherwise. A percentage offer targets every entry ("*") unless `targets` says otherwise;
 * other kinds, and entitlements (`cart: ""`, bound to no cart), carry `targets: ""`. `boundTo`:
 * sign the binding of another cart than the one `specs` describes (a replay).
 */
export function offerFor(specs: CartLineSpec[], fields: Partial<TokenFields> = {}, secret = KEY.secret, boundTo?: CartLineSpec[]) {
  const f = baseFields(specs, fields, 2);
  return signV2(f, secret, f.cart === "" ? null : refs(boundTo ?? specs));
}

/** A v1 token (the canonical cart's SHA-256 in `cart`), as the app signed them before v2. */
export function offerForV1(specs: CartLineSpec[], fields: Partial<TokenFields> = {}, secret = KEY.secret) {
  return sign(baseFields(specs, { cart: nodeCartDigest(refs(specs)), ...fields }, 1), secret);
}

export type LinesInputOptions = {
  offer?: unknown;
  entitlement?: unknown;
  customer?: string | null;
  config?: unknown;
  classes?: DiscountClass[];
  rate?: string;
  today?: string;
  currency?: string;
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
      cost: { totalAmount: { currencyCode: o.currency ?? specs[0]?.currency ?? "USD" } },
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
      lines: full.cart.lines.map((l) => ({ q: l.q, m: { i: l.m.i } })),
      deliveryGroups: groups.map((id) => ({ id })),
    },
  };
}
