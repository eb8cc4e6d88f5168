import type { DiscountAllocation, DiscountApplication, Order, OrderLine } from "../model";
import type { SearchFields } from "../search-query";
import { amount, cents } from "../money";
import { connection, legacy, moneyBag, type SortSpec } from "./common";
import { field, type ResolverContext, type View } from "./context";
import { productView, variantView } from "./catalog";
import { customerView } from "./customers";
import { metafieldFields } from "./metafields";
import { currentSubtotal } from "../refunds";

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
    // Generated orders carry a discount total without applications: they stand for a WELCOME code.
    discountCodes: o.discountApplications ? [] : cents(o.totalDiscounts) > 0 ? ["WELCOME"] : [],
    discountCode: o.discountApplications ? null : cents(o.totalDiscounts) > 0 ? "WELCOME" : null,
    discountApplications: field((args, _ctx, info) => {
      const apps = (o.discountApplications ?? []).map((a, index) => ({ a, index }));
      return connection(ctx, info, args, apps, (x) => `gid://shopify/DiscountApplication/${x.index + 1}`, (x) => discountApplicationView(ctx, x.a, x.index));
    }),
    subtotalLineItemsQuantity: quantity,
    currentSubtotalLineItemsQuantity: quantity,
    subtotalPriceSet: moneyBag(ctx, o.subtotalPrice),
    currentSubtotalPriceSet: moneyBag(ctx, currentSubtotal(o)),
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
      connection(ctx, info, args, o.lineItems, (l) => l.id, (l) => lineItemView(ctx, l, o)),
    ),
    ...metafieldFields(ctx, o.id),
  };
}

export function lineItemView(ctx: ResolverContext, l: OrderLine, order?: Order): View {
  const variant = ctx.store.variant(l.variantId);
  const product = ctx.store.product(l.productId);
  const o = order ?? ctx.store.lineItem(l.id)?.order;
  const total = cents(l.price) * l.quantity;
  const allocations = l.discountAllocations ?? [];
  const applications = o?.discountApplications ?? [];
  const sumOf = (list: DiscountAllocation[]) => list.reduce((s, a) => s + cents(a.amount), 0);
  const lineLevel = sumOf(allocations.filter((a) => applications[a.applicationIndex]?.appliedTo === "line"));
  const all = sumOf(allocations);
  const unit = (c: number) => amount(Math.round(c / l.quantity));
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
    discountedUnitPriceSet: moneyBag(ctx, unit(total - lineLevel)),
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(ctx, unit(total - all)),
    originalTotalSet: moneyBag(ctx, amount(total)),
    discountedTotalSet: moneyBag(ctx, amount(total - lineLevel)),
    totalDiscountSet: moneyBag(ctx, amount(all)),
    discountAllocations: allocations.map((a) => ({
      __typename: "DiscountAllocation",
      allocatedAmountSet: moneyBag(ctx, a.amount),
      discountApplication: () => {
        const app = applications[a.applicationIndex];
        return app ? discountApplicationView(ctx, app, a.applicationIndex) : null;
      },
    })),
    variant: () => (variant ? variantView(ctx, variant) : null),
    product: () => (product ? productView(ctx, product) : null),
  };
}

function discountApplicationView(ctx: ResolverContext, a: DiscountApplication, index: number): View {
  return {
    __typename: "AutomaticDiscountApplication",
    index,
    title: a.title,
    allocationMethod: a.allocationMethod.toUpperCase(),
    targetSelection: a.targetSelection.toUpperCase(),
    targetType: a.targetType.toUpperCase(),
    value:
      a.valueType === "percentage"
        ? { __typename: "PricingPercentageValue", percentage: Number(a.value) }
        : { __typename: "MoneyV2", amount: a.value, currencyCode: ctx.store.shop.currencyCode },
  };
}
