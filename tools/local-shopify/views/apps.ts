import type { AppDiscount, BulkOperation, FunctionCustomization, ShopifyFunctionInfo } from "../model";
import { gid, legacyId } from "../gid";
import type { ResolverContext, View } from "./context";
import { metafieldFields } from "./metafields";

export function appView(ctx: ResolverContext): View {
  return {
    __typename: "App",
    id: gid("App", ctx.appId),
    apiKey: ctx.apiKey,
    title: ctx.appTitle,
    handle: ctx.appTitle.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    embedded: true,
    developerName: "Uplift",
  };
}

export function functionView(ctx: ResolverContext, f: ShopifyFunctionInfo): View {
  return {
    __typename: "ShopifyFunction",
    id: f.id,
    handle: f.handle,
    title: f.title,
    apiType: f.apiType,
    apiVersion: "2026-07",
    appKey: ctx.apiKey,
    description: null,
    useCreationUi: true,
    app: () => appView(ctx),
  };
}

function discountStatus(ctx: ResolverContext, d: AppDiscount): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  const now = ctx.now();
  if (Date.parse(d.startsAt) > now) return "SCHEDULED";
  if (d.endsAt && Date.parse(d.endsAt) <= now) return "EXPIRED";
  return "ACTIVE";
}

export function automaticAppDiscountView(ctx: ResolverContext, d: AppDiscount): View {
  return {
    __typename: "DiscountAutomaticApp",
    discountId: d.id,
    title: d.title,
    status: discountStatus(ctx, d),
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    discountClasses: d.discountClasses,
    discountClass: d.discountClasses[0] ?? "PRODUCT",
    combinesWith: { __typename: "DiscountCombinesWith", ...d.combinesWith, productDiscountsWithTagsOnSameCartLine: null },
    appliesOnOneTimePurchase: d.appliesOnOneTimePurchase,
    appliesOnSubscription: d.appliesOnSubscription,
    recurringCycleLimit: d.recurringCycleLimit,
    asyncUsageCount: 0,
    tags: d.tags,
    errorHistory: null,
    context: { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
    appDiscountType: {
      __typename: "AppDiscountType",
      appKey: ctx.apiKey,
      functionId: d.functionId,
      title: d.title,
      description: null,
      discountClasses: d.discountClasses,
      discountClass: d.discountClasses[0] ?? "PRODUCT",
      app: () => appView(ctx),
    },
  };
}

export function discountNodeView(ctx: ResolverContext, d: AppDiscount, flavour: "DiscountNode" | "DiscountAutomaticNode"): View {
  const common = { id: gid(flavour, legacyId(d.id)), ...metafieldFields(ctx, d.id) };
  return flavour === "DiscountNode"
    ? { __typename: "DiscountNode", ...common, discount: () => automaticAppDiscountView(ctx, d) }
    : { __typename: "DiscountAutomaticNode", ...common, automaticDiscount: () => automaticAppDiscountView(ctx, d) };
}

export function customizationView(ctx: ResolverContext, c: FunctionCustomization): View {
  const fn = ctx.functions?.find((f) => f.id === c.functionId) ?? {
    id: c.functionId,
    handle: c.functionHandle,
    title: c.functionHandle,
    apiType: c.kind === "delivery" ? "delivery_customization" : "payment_customization",
  };
  return {
    __typename: c.kind === "delivery" ? "DeliveryCustomization" : "PaymentCustomization",
    id: c.id,
    title: c.title,
    enabled: c.enabled,
    functionId: c.functionId,
    errorHistory: null,
    shopifyFunction: () => functionView(ctx, fn),
    ...metafieldFields(ctx, c.id),
  };
}

export function bulkOperationView(ctx: ResolverContext, op: BulkOperation): View {
  const hasFile = op.status === "COMPLETED" && op.objectCount > 0;
  return {
    __typename: "BulkOperation",
    id: op.id,
    status: op.status,
    type: op.type,
    query: op.query,
    errorCode: op.errorCode,
    createdAt: op.createdAt,
    completedAt: op.completedAt,
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: op.fileSize === null ? null : String(op.fileSize),
    url: hasFile ? `${ctx.localUrl}/stores/${ctx.store.domain}/bulk/${legacyId(op.id)}.jsonl` : null,
    partialDataUrl: null,
  };
}

export function shopView(ctx: ResolverContext): View {
  const s = ctx.store.shop;
  const handle = s.myshopifyDomain.replace(/\.myshopify\.com$/, "");
  const plans = { BASIC: "Basic", SHOPIFY: "Grow", ADVANCED: "Advanced", PLUS: "Plus" } as const;
  return {
    __typename: "Shop",
    id: s.id,
    name: s.name,
    email: s.email,
    contactEmail: s.email,
    myshopifyDomain: s.myshopifyDomain,
    url: `https://${handle}.example`,
    primaryDomain: { __typename: "Domain", id: gid("Domain", 1), host: s.myshopifyDomain, url: `https://${s.myshopifyDomain}`, sslEnabled: true },
    currencyCode: s.currencyCode,
    enabledPresentmentCurrencies: [s.currencyCode],
    ianaTimezone: s.ianaTimezone,
    timezoneAbbreviation: "EST",
    taxesIncluded: false,
    taxShipping: false,
    weightUnit: "POUNDS",
    unitSystem: "IMPERIAL_SYSTEM",
    checkoutApiSupported: true,
    setupRequired: false,
    plan: {
      __typename: "ShopPlan",
      displayName: plans[s.plan],
      publicDisplayName: plans[s.plan],
      partnerDevelopment: false,
      shopifyPlus: s.plan === "PLUS",
    },
    ...metafieldFields(ctx, s.id),
  };
}
