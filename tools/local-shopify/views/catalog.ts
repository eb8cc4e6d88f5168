import type { Product, Variant } from "../model";
import type { SearchFields } from "../search-query";
import { cents, amount } from "../money";
import { connection, count, legacy, money, type SortSpec } from "./common";
import { field, type ResolverContext, type View } from "./context";
import { metafieldFields } from "./metafields";

export const productSearch: SearchFields<Product> = {
  fields: {
    id: { kind: "id", get: (p) => p.id },
    title: { kind: "text", get: (p) => p.title },
    handle: { kind: "keyword", get: (p) => p.handle },
    vendor: { kind: "keyword", get: (p) => p.vendor },
    product_type: { kind: "keyword", get: (p) => p.productType },
    status: { kind: "keyword", get: (p) => p.status },
    tag: { kind: "tags", get: (p) => p.tags },
    sku: { kind: "tags", get: (p) => p.variants.map((v) => v.sku) },
    created_at: { kind: "date", get: (p) => p.createdAt },
    updated_at: { kind: "date", get: (p) => p.updatedAt },
    inventory_total: { kind: "number", get: (p) => totalInventory(p) },
  },
  freeText: (p) => `${p.title} ${p.vendor} ${p.productType} ${p.tags.join(" ")}`,
};

export const productSort: SortSpec<Product> = {
  TITLE: (p) => p.title,
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
  PUBLISHED_AT: (p) => p.createdAt,
  PRODUCT_TYPE: (p) => p.productType,
  VENDOR: (p) => p.vendor,
  INVENTORY_TOTAL: (p) => totalInventory(p),
};

export const variantSearch: SearchFields<Variant> = {
  fields: {
    id: { kind: "id", get: (v) => v.id },
    product_id: { kind: "id", get: (v) => v.productId },
    sku: { kind: "keyword", get: (v) => v.sku },
    title: { kind: "text", get: (v) => v.title },
    inventory_quantity: { kind: "number", get: (v) => v.inventoryQuantity },
  },
  freeText: (v) => `${v.title} ${v.sku}`,
};

export const variantSort: SortSpec<Variant> = {
  SKU: (v) => v.sku,
  TITLE: (v) => v.title,
  INVENTORY_QUANTITY: (v) => v.inventoryQuantity,
};

function totalInventory(p: Product): number {
  return p.variants.reduce((sum, v) => sum + Math.max(0, v.inventoryQuantity), 0);
}

export function productView(ctx: ResolverContext, p: Product): View {
  const prices = p.variants.map((v) => cents(v.price));
  const options = optionsOf(p);
  return {
    __typename: "Product",
    id: p.id,
    legacyResourceId: legacy(p.id),
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    productType: p.productType,
    tags: p.tags,
    status: p.status,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    publishedAt: p.status === "ACTIVE" ? p.createdAt : null,
    description: "",
    descriptionHtml: "",
    onlineStoreUrl: null,
    templateSuffix: null,
    isGiftCard: false,
    totalInventory: totalInventory(p),
    tracksInventory: true,
    hasOnlyDefaultVariant: p.variants.length === 1 && p.variants[0]?.title === "Default Title",
    hasOutOfStockVariants: p.variants.some((v) => v.inventoryQuantity <= 0),
    variantsCount: count(p.variants.length),
    options: field((args) =>
      options.slice(0, typeof args.first === "number" ? args.first : options.length).map((o, i) => ({
        __typename: "ProductOption",
        id: `gid://shopify/ProductOption/${legacy(p.id)}${i + 1}`,
        name: o.name,
        position: i + 1,
        values: o.values,
      })),
    ),
    priceRangeV2: {
      __typename: "ProductPriceRangeV2",
      minVariantPrice: money(ctx, amount(Math.min(...prices))),
      maxVariantPrice: money(ctx, amount(Math.max(...prices))),
    },
    variants: field((args, _ctx, info) =>
      connection(ctx, info, args, p.variants, (v) => v.id, (v) => variantView(ctx, v), {
        sort: { POSITION: (v) => p.variants.indexOf(v), ...variantSort },
      }),
    ),
    ...metafieldFields(ctx, p.id),
  };
}

function optionsOf(p: Product): { name: string; values: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const v of p.variants) {
    for (const o of v.selectedOptions ?? []) {
      const values = byName.get(o.name) ?? [];
      if (!values.includes(o.value)) values.push(o.value);
      byName.set(o.name, values);
    }
  }
  return [...byName].map(([name, values]) => ({ name, values }));
}

export function variantView(ctx: ResolverContext, v: Variant): View {
  const product = ctx.store.product(v.productId);
  return {
    __typename: "ProductVariant",
    id: v.id,
    legacyResourceId: legacy(v.id),
    title: v.title,
    displayName: `${product?.title ?? ""} - ${v.title}`,
    sku: v.sku,
    barcode: null,
    price: v.price,
    compareAtPrice: v.compareAtPrice,
    inventoryQuantity: v.inventoryQuantity,
    inventoryPolicy: "DENY",
    availableForSale: v.inventoryQuantity > 0 && product?.status === "ACTIVE",
    position: (product?.variants.indexOf(v) ?? 0) + 1,
    taxable: true,
    createdAt: product?.createdAt,
    updatedAt: product?.updatedAt,
    selectedOptions: (v.selectedOptions ?? []).map((o) => ({ __typename: "SelectedOption", ...o })),
    product: () => (product ? productView(ctx, product) : null),
    inventoryItem: () => inventoryItemView(ctx, v),
    ...metafieldFields(ctx, v.id),
  };
}

export function inventoryItemView(ctx: ResolverContext, v: Variant): View {
  const product = ctx.store.product(v.productId);
  const id = v.inventoryItemId ?? "";
  return {
    __typename: "InventoryItem",
    id,
    legacyResourceId: legacy(id),
    sku: v.sku,
    tracked: true,
    requiresShipping: true,
    unitCost: money(ctx, v.unitCost),
    countryCodeOfOrigin: null,
    harmonizedSystemCode: null,
    createdAt: product?.createdAt,
    updatedAt: product?.updatedAt,
    variant: () => variantView(ctx, v),
  };
}
