// The shapes the two input queries return. Shopify CLI's `typegen` would generate these from
// schema.graphql into generated/api.ts; codegen is not installed here, so they are written out,
// and tests/schema.test.ts checks every query they describe against the schema.
//
// A cart line's fields come under one-letter aliases (the .graphql files say why): a 200-line input
// is some 40 kB, and every byte of it is read before the Function runs.

export type DiscountClass = "PRODUCT" | "ORDER" | "SHIPPING";

export type JsonMetafield = { jsonValue: unknown } | null | undefined;

/** The variant of a cart line (`merchandise … on ProductVariant`); a line of another kind has neither id. */
export type LineVariant = {
  /** id: the variant's GID */
  i?: string;
  /** product { id } */
  p?: { i: string };
};

/** A cart line of the lines query. */
export type InputLine = {
  /** id: the cart line's GID, what a product discount targets */
  i: string;
  /** quantity */
  q: number;
  /** cost { amountPerQuantity { amount } }: the unit price in the cart's currency */
  c?: { u: { a: string } };
  /** merchandise */
  m: LineVariant;
};

/** A cart line of the delivery query: what the cart binding reads. */
export type BindingLine = { q: number; m: { i?: string } };

export type BuyerIdentity = { customer?: { id: string; metafield?: JsonMetafield } | null } | null;

/** cart_lines_discounts_generate_run.graphql */
export type CartLinesInput = {
  shop: { localTime: { date: string } };
  presentmentCurrencyRate: string;
  discount: { discountClasses: DiscountClass[]; metafield?: JsonMetafield };
  cart: {
    cost?: { totalAmount: { currencyCode: string } };
    metafield?: JsonMetafield;
    buyerIdentity?: BuyerIdentity;
    lines: InputLine[];
  };
};

/** cart_delivery_options_discounts_generate_run.graphql */
export type CartDeliveryInput = {
  shop: { localTime: { date: string } };
  discount: { discountClasses: DiscountClass[]; metafield?: JsonMetafield };
  cart: {
    metafield?: JsonMetafield;
    buyerIdentity?: BuyerIdentity;
    lines: BindingLine[];
    deliveryGroups: Array<{ id: string }>;
  };
};

/** A metafield's JSON, parsed if it arrived as text (a metafield of type other than `json`). */
export function metafieldJson(metafield: JsonMetafield): unknown {
  const value = metafield?.jsonValue;
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}
