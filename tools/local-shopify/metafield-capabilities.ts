import type { MetafieldCapability, MetafieldDefinition } from "./model";

// Which metafield definitions may carry which capability, and the input names Shopify uses in its
// errors ("The capability unique_values is not valid for this definition.").
//
// Sources: cartToOrderCopyable is documented as "only order metafield definitions are eligible";
// smartCollectionCondition as product/variant metafields of the types in Shopify's smart collection
// table; uniqueValues as id, number_integer, single_line_text_field and url (captured Shopify
// behaviour). adminFilterable is an assumption: Shopify documents no full list, so the owner types
// that have an admin index and the types a filter can match on are allowed.
// analyticsQueryable is not modelled: reading it fails loudly, enabling it is refused.

type Rule = (ownerType: string, type: string) => boolean;

const SMART_COLLECTION_TYPES = new Set(["boolean", "number_integer", "number_decimal", "rating", "single_line_text_field", "metaobject_reference"]);
const UNIQUE_TYPES = new Set(["id", "number_integer", "single_line_text_field", "url"]);
const FILTERABLE_OWNERS = new Set(["PRODUCT", "PRODUCTVARIANT", "CUSTOMER", "ORDER", "DRAFTORDER", "COMPANY", "COMPANY_LOCATION", "LOCATION"]);
const FILTERABLE_TYPES = new Set([
  "boolean", "id", "single_line_text_field", "list.single_line_text_field",
  "product_reference", "list.product_reference", "variant_reference", "list.variant_reference",
  "collection_reference", "list.collection_reference", "metaobject_reference", "list.metaobject_reference",
  "company_reference", "list.company_reference", "customer_reference", "list.customer_reference",
]);

const RULES: Record<MetafieldCapability, Rule> = {
  adminFilterable: (owner, type) => FILTERABLE_OWNERS.has(owner) && FILTERABLE_TYPES.has(type),
  smartCollectionCondition: (owner, type) => (owner === "PRODUCT" || owner === "PRODUCTVARIANT") && SMART_COLLECTION_TYPES.has(type),
  uniqueValues: (_owner, type) => UNIQUE_TYPES.has(type),
  cartToOrderCopyable: (owner) => owner === "ORDER",
};

export const CAPABILITIES = Object.keys(RULES) as MetafieldCapability[];

export const MAX_ADMIN_FILTERABLE_PER_OWNER = 50;

export function capabilityEligible(capability: MetafieldCapability, ownerType: string, type: string): boolean {
  return RULES[capability](ownerType, type);
}

export function capabilityEnabled(d: MetafieldDefinition, capability: MetafieldCapability): boolean {
  return d.capabilities?.[capability] === true;
}

// "cartToOrderCopyable" → "cart_to_order_copyable", as Shopify names capabilities in messages.
export function capabilityInputName(capability: string): string {
  return capability.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
