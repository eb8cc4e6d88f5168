import { GraphQLError } from "graphql";
import { gid } from "../gid";
import { compileSearch, type SearchFields } from "../search-query";
import { connection, count } from "./common";
import { field, type FieldFn, type ResolverContext } from "./context";
import { productSearch, productSort, variantSearch, variantSort, productView, variantView, inventoryItemView } from "./catalog";
import { customerSearch, customerSort, customerView } from "./customers";
import { orderSearch, orderSort, orderView } from "./orders";
import { appView, automaticAppDiscountView, bulkOperationView, customizationView, discountNodeView, functionView, shopView } from "./apps";
import { definitionView } from "./metafields";
import { nodeView } from "./node";
import { webPixelQuery } from "./web-pixel";
import { resolveNamespace } from "./common";
import type { AppDiscount, FunctionCustomization, MetafieldDefinition } from "../model";

// Resolves to the node only if the id names the expected type, as Shopify's typed lookups do.
function typed(ctx: ResolverContext, id: unknown, ...types: string[]) {
  const view = typeof id === "string" ? nodeView(ctx, id) : null;
  return view && types.includes(view.__typename) ? view : null;
}

function counted<T>(rows: readonly T[], args: Record<string, unknown>, search: SearchFields<T>) {
  const matching = typeof args.query === "string" && args.query.trim() ? rows.filter(compileSearch(args.query, search).matches) : rows;
  const limit = typeof args.limit === "number" ? args.limit : 10_000;
  return matching.length > limit ? { ...count(limit), precision: "AT_LEAST" } : count(matching.length);
}

const discountSearch: SearchFields<AppDiscount> = {
  fields: {
    title: { kind: "text", get: (d) => d.title },
    type: { kind: "keyword", get: () => "app" },
    method: { kind: "keyword", get: () => "automatic" },
    created_at: { kind: "date", get: (d) => d.createdAt },
    updated_at: { kind: "date", get: (d) => d.updatedAt },
    starts_at: { kind: "date", get: (d) => d.startsAt },
    ends_at: { kind: "date", get: (d) => d.endsAt },
  },
  freeText: (d) => d.title,
};

const definitionSearch: SearchFields<MetafieldDefinition> = {
  fields: {
    id: { kind: "id", get: (d) => d.id },
    namespace: { kind: "keyword", get: (d) => d.namespace },
    key: { kind: "keyword", get: (d) => d.key },
    type: { kind: "keyword", get: (d) => d.type },
  },
  freeText: (d) => `${d.name} ${d.namespace} ${d.key}`,
};

export function queryRoot(ctx: ResolverContext): Record<string, FieldFn> {
  const { store } = ctx;
  const customizations = (kind: FunctionCustomization["kind"]) => store.customizations.filter((c) => c.kind === kind);
  return {
    shop: () => shopView(ctx),
    webPixel: field((args) => webPixelQuery(ctx, args.id)),
    app: field((args) => (args.id === undefined || args.id === null || args.id === gid("App", ctx.appId) ? appView(ctx) : null)),
    node: field((args) => nodeView(ctx, String(args.id))),
    nodes: field((args) => {
      const ids = args.ids as string[];
      if (ids.length > 250) throw new GraphQLError("The maximum number of ids is 250.", { extensions: { code: "BAD_REQUEST" } });
      return ids.map((id) => nodeView(ctx, id));
    }),

    products: field((args, _c, info) =>
      connection(ctx, info, args, store.products, (p) => p.id, (p) => productView(ctx, p), { search: productSearch, sort: productSort })),
    product: field((args) => typed(ctx, args.id, "Product")),
    productsCount: field((args) => counted(store.products, args, productSearch)),
    productVariants: field((args, _c, info) =>
      connection(ctx, info, args, store.allVariants(), (v) => v.id, (v) => variantView(ctx, v), { search: variantSearch, sort: variantSort })),
    productVariant: field((args) => typed(ctx, args.id, "ProductVariant")),
    productVariantsCount: field((args) => counted(store.allVariants(), args, variantSearch)),
    inventoryItem: field((args) => {
      const v = typeof args.id === "string" ? store.variantByInventoryItem(args.id) : undefined;
      return v ? inventoryItemView(ctx, v) : null;
    }),

    customers: field((args, _c, info) =>
      connection(ctx, info, args, store.customers, (c) => c.id, (c) => customerView(ctx, c), { search: customerSearch, sort: customerSort })),
    customer: field((args) => typed(ctx, args.id, "Customer")),
    customersCount: field((args) => counted(store.customers, args, customerSearch)),

    orders: field((args, _c, info) =>
      connection(ctx, info, args, store.orders, (o) => o.id, (o) => orderView(ctx, o), { search: orderSearch, sort: orderSort })),
    order: field((args) => typed(ctx, args.id, "Order")),
    ordersCount: field((args) => counted(store.orders, args, orderSearch)),

    metafieldDefinitions: field((args, _c, info) => {
      const namespace = args.namespace ? resolveNamespace(args.namespace, ctx.appId) : null;
      const rows = store.metafieldDefinitions.filter(
        (d) => d.ownerType === args.ownerType && (!namespace || d.namespace === namespace) && (!args.key || d.key === args.key),
      );
      return connection(ctx, info, args, rows, (d) => d.id, (d) => definitionView(ctx, d), { search: definitionSearch, sort: { NAME: (d) => d.name } });
    }),
    metafieldDefinition: field((args) => {
      if (typeof args.id === "string") return typed(ctx, args.id, "MetafieldDefinition");
      const ident = args.identifier as { ownerType: string; namespace?: string | null; key: string } | undefined;
      const d = ident && store.definitionFor(ident.ownerType, resolveNamespace(ident.namespace, ctx.appId), ident.key);
      return d ? definitionView(ctx, d) : null;
    }),

    discountNodes: field((args, _c, info) =>
      connection(ctx, info, args, store.appDiscounts, (d) => d.id, (d) => discountNodeView(ctx, d, "DiscountNode"), {
        search: discountSearch,
        sort: { CREATED_AT: (d) => d.createdAt, UPDATED_AT: (d) => d.updatedAt, TITLE: (d) => d.title, STARTS_AT: (d) => d.startsAt, ENDS_AT: (d) => d.endsAt ?? "" },
      })),
    discountNode: field((args) => typed(ctx, args.id, "DiscountNode")),
    automaticDiscountNodes: field((args, _c, info) =>
      connection(ctx, info, args, store.appDiscounts, (d) => d.id, (d) => discountNodeView(ctx, d, "DiscountAutomaticNode"), {
        search: discountSearch,
        sort: { CREATED_AT: (d) => d.createdAt },
      })),
    automaticDiscountNode: field((args) => typed(ctx, args.id, "DiscountAutomaticNode")),
    automaticDiscount: field((args) => {
      const d = typeof args.id === "string" ? store.appDiscount(args.id) : undefined;
      return d ? automaticAppDiscountView(ctx, d) : null;
    }),

    deliveryCustomizations: field((args, _c, info) =>
      connection(ctx, info, args, customizations("delivery"), (c) => c.id, (c) => customizationView(ctx, c))),
    deliveryCustomization: field((args) => typed(ctx, args.id, "DeliveryCustomization")),
    paymentCustomizations: field((args, _c, info) =>
      connection(ctx, info, args, customizations("payment"), (c) => c.id, (c) => customizationView(ctx, c))),
    paymentCustomization: field((args) => typed(ctx, args.id, "PaymentCustomization")),

    shopifyFunctions: field((args, _c, info) => {
      const fns = (ctx.functions ?? []).filter((f) => !args.apiType || f.apiType === args.apiType);
      return connection(ctx, info, args, fns, (f) => gid("ShopifyFunction", fns.indexOf(f) + 1), (f) => functionView(ctx, f));
    }),
    shopifyFunction: field((args) => {
      const f = ctx.functions?.find((x) => x.id === args.id);
      return f ? functionView(ctx, f) : null;
    }),

    bulkOperation: field((args) => {
      const op = typeof args.id === "string" ? store.bulkOperations.get(args.id) : undefined;
      return op ? bulkOperationView(ctx, op) : null;
    }),
    bulkOperations: field((args, _c, info) =>
      connection(ctx, info, args, [...store.bulkOperations.values()], (op) => op.id, (op) => bulkOperationView(ctx, op), {
        search: {
          fields: {
            status: { kind: "keyword", get: (op) => op.status },
            type: { kind: "keyword", get: (op) => op.type },
            created_at: { kind: "date", get: (op) => op.createdAt },
          },
          freeText: (op) => op.query,
        },
        sort: { CREATED_AT: (op) => op.createdAt, COMPLETED_AT: (op) => op.completedAt ?? "" },
      })),
  };
}
