// The local Shopify's data model: one store's resources, shaped like the Admin API's objects.
// Money amounts are decimal strings in the shop currency; ids are Admin API gids.

export type Gid = string; // e.g. "gid://shopify/Product/1001"

export type Variant = {
  id: Gid;
  productId: Gid;
  title: string;
  sku: string;
  price: string;
  compareAtPrice: string | null;
  unitCost: string; // InventoryItem.unitCost
  inventoryQuantity: number;
};

export type Product = {
  id: Gid;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  createdAt: string; // ISO 8601
  updatedAt: string;
  variants: Variant[];
};

export type Customer = {
  id: Gid;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  state: "ENABLED" | "DISABLED" | "INVITED" | "DECLINED";
  tags: string[];
  countryCode: string;
  createdAt: string;
  updatedAt: string;
};

export type OrderLine = {
  id: Gid;
  variantId: Gid;
  productId: Gid;
  title: string;
  sku: string;
  quantity: number;
  price: string; // unit price
};

export type Order = {
  id: Gid;
  name: string; // "#1001"
  number: number;
  customerId: Gid | null;
  email: string | null;
  currency: string;
  lineItems: OrderLine[];
  subtotalPrice: string;
  totalDiscounts: string;
  totalShipping: string;
  totalTax: string;
  totalPrice: string;
  financialStatus: "PENDING" | "PAID" | "REFUNDED" | "PARTIALLY_REFUNDED";
  totalRefunded: string;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
};

export type CartLine = { variantId: Gid; productId: Gid; title: string; sku: string; quantity: number; price: string };

export type Cart = { token: string; lines: CartLine[]; createdAt: string; updatedAt: string };

export type Checkout = {
  token: string;
  cartToken: string | null;
  customerId: Gid | null;
  email: string | null;
  lines: CartLine[];
  currency: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
};

export type Metafield = {
  id: Gid;
  ownerId: Gid;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
};

export type ShopInfo = {
  id: Gid;
  name: string;
  myshopifyDomain: string; // "uplift-demo.myshopify.com"
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  plan: "BASIC" | "SHOPIFY" | "ADVANCED" | "PLUS";
};
