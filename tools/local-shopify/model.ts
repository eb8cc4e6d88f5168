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
  inventoryItemId?: Gid; // set by Store.addProduct when missing
  selectedOptions?: { name: string; value: string }[];
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
  discountAllocations?: DiscountAllocation[];
};

// How a discount was meant to apply (REST `discount_applications`, Admin `DiscountApplication`).
// The local Shopify creates only automatic ones, through the checkout simulator.
export type DiscountApplication = {
  type: "automatic";
  title: string;
  value: string; // "10.0": a percentage or an amount in the order currency
  valueType: "percentage" | "fixed_amount";
  allocationMethod: "across" | "each";
  targetSelection: "all" | "entitled" | "explicit";
  targetType: "line_item" | "shipping_line";
  appliedTo: "line" | "order"; // product discounts are line-level; order and shipping ones order-level
};

// The amount one application took off one line; `applicationIndex` points into discountApplications.
export type DiscountAllocation = { amount: string; applicationIndex: number };

export type ShippingLine = { title: string; code: string; price: string; discountAllocations: DiscountAllocation[] };

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
  // Merchandise refunded (refund line item subtotals), set once the order has refund records;
  // generated history carries only totalRefunded.
  refundedSubtotal?: string;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cartToken?: string | null;
  checkoutToken?: string | null;
  tags?: string[];
  // Set on orders from the checkout simulator; generated orders carry only the totals above.
  discountApplications?: DiscountApplication[];
  shippingLine?: ShippingLine | null;
};

// A refund of some of an order's line items (REST `refunds/create`, Admin `Refund`). Tax on the
// refunded merchandise goes back too; shipping is not refunded.
export type RefundLine = { id: Gid; lineItemId: Gid; quantity: number; subtotal: string; totalTax: string };

export type Refund = {
  id: Gid;
  orderId: Gid;
  note: string | null;
  lines: RefundLine[];
  amount: string; // the refund transaction: subtotals plus their tax
  transactionId: Gid;
  createdAt: string;
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

export type MetafieldDefinition = {
  id: Gid;
  name: string;
  namespace: string;
  key: string;
  ownerType: string; // MetafieldOwnerType, e.g. "PRODUCT"
  type: string;
  description: string | null;
  validations: { name: string; value: string | null }[];
  access: { admin: string | null; storefront: string | null; customerAccount: string };
  pinnedPosition: number | null;
  createdAt: string;
  capabilities?: Partial<Record<MetafieldCapability, boolean>>; // enabled ones; absent = disabled
};

export type MetafieldCapability = "adminFilterable" | "smartCollectionCondition" | "uniqueValues" | "cartToOrderCopyable";

// A Shopify Function of the app, addressed by its extension handle.
export type ShopifyFunctionInfo = { id: string; handle: string; apiType: string; title: string };

export type DiscountClass = "ORDER" | "PRODUCT" | "SHIPPING";

export type AppDiscount = {
  id: Gid; // gid://shopify/DiscountAutomaticNode/<n>
  title: string;
  functionId: string;
  functionHandle: string;
  discountClasses: DiscountClass[];
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  startsAt: string;
  endsAt: string | null;
  appliesOnOneTimePurchase: boolean;
  appliesOnSubscription: boolean;
  recurringCycleLimit: number;
  tags: string[];
  createdAt: string;
  updatedAt: string;
};

// Delivery and payment customizations share a shape; `kind` says which one.
export type FunctionCustomization = {
  id: Gid;
  kind: "delivery" | "payment";
  title: string;
  enabled: boolean;
  functionId: string;
  functionHandle: string;
  createdAt: string;
  updatedAt: string;
};

export type BulkOperation = {
  id: Gid;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
  type: "QUERY" | "MUTATION";
  query: string;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
};
