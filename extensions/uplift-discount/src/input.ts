// The shapes the two input queries return. Shopify CLI's `typegen` would generate these from
// schema.graphql into generated/api.ts; codegen is not installed here, so they are written out,
// and tests/schema.test.ts checks every query they describe against the schema.

export type DiscountClass = "PRODUCT" | "ORDER" | "SHIPPING";

export type JsonMetafield = { jsonValue: unknown } | null | undefined;

export type InputLine = {
  id: string;
  quantity: number;
  cost?: { amountPerQuantity: { amount: string; currencyCode: string } };
  merchandise: { __typename?: string; id?: string; product?: { id: string } };
};

export type BuyerIdentity = { customer?: { id: string; metafield?: JsonMetafield } | null } | null;

/** cart_lines_discounts_generate_run.graphql */
export type CartLinesInput = {
  shop: { localTime: { date: string } };
  presentmentCurrencyRate: string;
  discount: { discountClasses: DiscountClass[]; metafield?: JsonMetafield };
  cart: { metafield?: JsonMetafield; buyerIdentity?: BuyerIdentity; lines: InputLine[] };
};

/** cart_delivery_options_discounts_generate_run.graphql */
export type CartDeliveryInput = {
  shop: { localTime: { date: string } };
  discount: { discountClasses: DiscountClass[]; metafield?: JsonMetafield };
  cart: {
    metafield?: JsonMetafield;
    buyerIdentity?: BuyerIdentity;
    lines: Array<Pick<InputLine, "quantity" | "merchandise">>;
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
