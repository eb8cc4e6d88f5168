import type { Order, OrderLine } from "../model";
import type { SearchFields } from "../search-query";
import { amount, cents } from "../money";
import { connection, legacy, moneyBag, type SortSpec } from "./common";
import { field, type ResolverContext, type View } from "./context";
import { productView, variantView } from "./catalog";
import { customerView } from "./customers";
import { metafieldFields } from "./metafields";

export const orderSearch: SearchFields<Order> = {
  fields: {
    id: { kind: "id", get: (o) => o.id },
    name: { kind: "keyword", get: (o) => o.name },
    email: { kind: "keyword", get: (o) => o.email },
    customer_id: { kind: "id", get: (o) => o.customerId },
    financial_status: { kind: "keyword", get: (o) => o.financialStatus },
    status: { kind: "keyword", get: (o) => (o.cancelledAt ? "cancelled" : "open") },
    created_at: { kind: "date", get: (o) => o.createdAt },
    updated_at: { kind: "date", get: (o) => o.updatedAt },
    processed_at: { kind: "date", get: (o) => o.processedAt },
    sku: { kind: "tags", get: (o) => o.lineItems.map((l) => l.sku) },
    tag: { kind: "tags", get: (o) => o.tags ?? [] },
  },
  freeText: (o) => `${o.name} ${o.email ?? ""}`,
};

export const orderSort: SortSpec<Order> = {
  CREATED_AT: (o) => o.createdAt,
  UPDATED_AT: (o) => o.updatedAt,
  PROCESSED_AT: (o) => o.processedAt,
  ORDER_NUMBER: (o) => o.number,
  TOTAL_PRICE: (o) => cents(o.totalPrice),
  CURRENT_TOTAL_PRICE: (o) => cents(o.totalPrice) - cents(o.totalRefunded),
  FINANCIAL_STATUS: (o) => o.financialStatus,
};

export function orderView(ctx: ResolverContext, o: Order): View {
  const net = amount(cents(o.totalPrice) - cents(o.totalRefunded));
  const quantity = o.lineItems.reduce((sum, l) => sum + l.quantity, 0);
  const paid = o.financialStatus !== "PENDING";
  return {
    __typename: "Order",
    id: o.id,
    legacyResourceId: legacy(o.id),
    name: o.name,
    number: o.number,
    email: o.email,
    phone: null,
    note: null,
    tags: o.tags ?? [],
    test: false,
    confirmed: true,
    closed: false,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelledAt ? "CUSTOMER" : null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    processedAt: o.processedAt,
    currencyCode: o.currency,
    presentmentCurrencyCode: o.currency,
    displayFinancialStatus: o.financialStatus,
    displayFulfillmentStatus: o.cancelledAt || !paid ? "UNFULFILLED" : "FULFILLED",
    fullyPaid: paid,
    unpaid: !paid,
    cartToken: o.cartToken ?? null,
    checkoutToken: o.checkoutToken ?? null,
    sourceName: "web",
    discountCodes: cents(o.totalDiscounts) > 0 ? ["WELCOME"] : [],
    subtotalLineItemsQuantity: quantity,
    currentSubtotalLineItemsQuantity: quantity,
    subtotalPriceSet: moneyBag(ctx, o.subtotalPrice),
    currentSubtotalPriceSet: moneyBag(ctx, o.subtotalPrice),
    totalDiscountsSet: moneyBag(ctx, o.totalDiscounts),
    currentTotalDiscountsSet: moneyBag(ctx, o.totalDiscounts),
    totalShippingPriceSet: moneyBag(ctx, o.totalShipping),
    totalTaxSet: moneyBag(ctx, o.totalTax),
    currentTotalTaxSet: moneyBag(ctx, o.totalTax),
    totalPriceSet: moneyBag(ctx, o.totalPrice),
    originalTotalPriceSet: moneyBag(ctx, o.totalPrice),
    currentTotalPriceSet: moneyBag(ctx, net),
    totalRefundedSet: moneyBag(ctx, o.totalRefunded),
    totalReceivedSet: moneyBag(ctx, paid ? o.totalPrice : "0.00"),
    netPaymentSet: moneyBag(ctx, paid ? net : "0.00"),
    totalOutstandingSet: moneyBag(ctx, paid ? "0.00" : o.totalPrice),
    customer: () => {
      const c = o.customerId ? ctx.store.customer(o.customerId) : undefined;
      return c ? customerView(ctx, c) : null;
    },
    lineItems: field((args, _ctx, info) =>
      connection(ctx, info, args, o.lineItems, (l) => l.id, (l) => lineItemView(ctx, l)),
    ),
    ...metafieldFields(ctx, o.id),
  };
}

export function lineItemView(ctx: ResolverContext, l: OrderLine): View {
  const variant = ctx.store.variant(l.variantId);
  const product = ctx.store.product(l.productId);
  const total = amount(cents(l.price) * l.quantity);
  return {
    __typename: "LineItem",
    id: l.id,
    title: l.title,
    name: variant && variant.title !== "Default Title" ? `${l.title} - ${variant.title}` : l.title,
    variantTitle: variant?.title ?? null,
    vendor: product?.vendor ?? null,
    sku: l.sku,
    quantity: l.quantity,
    currentQuantity: l.quantity,
    requiresShipping: true,
    taxable: true,
    isGiftCard: false,
    originalUnitPriceSet: moneyBag(ctx, l.price),
    discountedUnitPriceSet: moneyBag(ctx, l.price),
    originalTotalSet: moneyBag(ctx, total),
    discountedTotalSet: moneyBag(ctx, total),
    variant: () => (variant ? variantView(ctx, variant) : null),
    product: () => (product ? productView(ctx, product) : null),
  };
}
