import type { Gid, Metafield, MetafieldDefinition } from "../model";
import { compareDigest } from "../metafield-values";
import { capabilityEligible, capabilityEnabled } from "../metafield-capabilities";
import { connection, legacy, resolveNamespace } from "./common";
import { field, type FieldFn, type ResolverContext, type View } from "./context";
import { nodeView } from "./node";

export function metafieldView(ctx: ResolverContext, m: Metafield): View {
  return {
    __typename: "Metafield",
    id: m.id,
    legacyResourceId: legacy(m.id),
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    jsonValue: () => jsonValue(m),
    compareDigest: compareDigest(m),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    ownerType: ctx.store.ownerType(m.ownerId),
    owner: () => nodeView(ctx, m.ownerId),
    definition: () => {
      const type = ctx.store.ownerType(m.ownerId);
      const d = type ? ctx.store.definitionFor(type, m.namespace, m.key) : undefined;
      return d ? definitionView(ctx, d) : null;
    },
    sizeInBytes: Buffer.byteLength(m.value),
    description: null,
  };
}

export function jsonValue(m: Pick<Metafield, "type" | "value">): unknown {
  if (m.type === "json" || m.type === "money" || m.type === "rich_text_field" || m.type.startsWith("list.")) {
    return JSON.parse(m.value);
  }
  if (m.type === "number_integer" || m.type === "number_decimal") return Number(m.value);
  if (m.type === "boolean") return m.value === "true";
  return m.value;
}

// The fields every HasMetafields owner shares.
export function metafieldFields(ctx: ResolverContext, ownerId: Gid): Record<string, FieldFn> {
  return {
    metafield: (args) => {
      let namespace = args.namespace;
      let key = String(args.key);
      // Without a namespace, `key` may be "namespace.key"; otherwise the app namespace applies.
      if (namespace === undefined || namespace === null) {
        const dot = key.lastIndexOf(".");
        if (dot > 0) [namespace, key] = [key.slice(0, dot), key.slice(dot + 1)];
      }
      const m = ctx.store.metafield(ownerId, resolveNamespace(namespace, ctx.appId), key);
      return m ? metafieldView(ctx, m) : null;
    },
    metafields: (args, _ctx, info) => {
      const namespace = args.namespace ? resolveNamespace(args.namespace, ctx.appId) : null;
      const keys = Array.isArray(args.keys) ? (args.keys as string[]) : null;
      const rows = ctx.store
        .metafieldsOf(ownerId)
        .filter((m) => (!namespace || m.namespace === namespace) && (!keys || keys.includes(`${m.namespace}.${m.key}`)));
      return connection(ctx, info, args, rows, (m) => m.id, (m) => metafieldView(ctx, m));
    },
  };
}

export function definitionView(ctx: ResolverContext, d: MetafieldDefinition): View {
  return {
    __typename: "MetafieldDefinition",
    id: d.id,
    name: d.name,
    namespace: d.namespace,
    key: d.key,
    ownerType: d.ownerType,
    description: d.description,
    type: { __typename: "MetafieldDefinitionType", name: d.type, category: typeCategory(d.type) },
    validations: d.validations.map((v) => ({ __typename: "MetafieldDefinitionValidation", name: v.name, value: v.value, type: "single_line_text_field" })),
    access: { __typename: "MetafieldAccess", ...d.access },
    pinnedPosition: d.pinnedPosition,
    validationStatus: "ALL_VALID",
    useAsCollectionCondition: capabilityEnabled(d, "smartCollectionCondition"),
    capabilities: capabilitiesView(d),
    metafieldsCount: () => definitionMetafields(ctx, d).length,
    metafields: field((args, _ctx, info) =>
      connection(ctx, info, args, definitionMetafields(ctx, d), (m) => m.id, (m) => metafieldView(ctx, m)),
    ),
  };
}

// analyticsQueryable is left out on purpose: it is not modelled, so selecting it fails loudly.
function capabilitiesView(d: MetafieldDefinition): View {
  const capability = (typename: string, name: Parameters<typeof capabilityEnabled>[1]) => ({
    __typename: typename,
    eligible: capabilityEligible(name, d.ownerType, d.type),
    enabled: capabilityEnabled(d, name),
  });
  const filterable = capability("MetafieldCapabilityAdminFilterable", "adminFilterable");
  return {
    __typename: "MetafieldCapabilities",
    // Shopify indexes existing values first (IN_PROGRESS); the local Shopify is done at once.
    adminFilterable: { ...filterable, status: filterable.enabled ? "FILTERABLE" : "NOT_FILTERABLE" },
    cartToOrderCopyable: capability("MetafieldCapabilityCartToOrderCopyable", "cartToOrderCopyable"),
    smartCollectionCondition: capability("MetafieldCapabilitySmartCollectionCondition", "smartCollectionCondition"),
    uniqueValues: capability("MetafieldCapabilityUniqueValues", "uniqueValues"),
  };
}

function definitionMetafields(ctx: ResolverContext, d: MetafieldDefinition): Metafield[] {
  const owners: Gid[] =
    d.ownerType === "PRODUCT" ? ctx.store.products.map((p) => p.id)
    : d.ownerType === "PRODUCTVARIANT" ? ctx.store.allVariants().map((v) => v.id)
    : d.ownerType === "CUSTOMER" ? ctx.store.customers.map((c) => c.id)
    : d.ownerType === "ORDER" ? ctx.store.orders.map((o) => o.id)
    : d.ownerType === "SHOP" ? [ctx.store.shop.id]
    : [];
  return owners.flatMap((o) => ctx.store.metafieldsOf(o).filter((m) => m.namespace === d.namespace && m.key === d.key));
}

function typeCategory(type: string): string {
  const base = type.replace(/^list\./, "");
  if (base.endsWith("_reference")) return "REFERENCE";
  if (base.startsWith("number_")) return "NUMBER";
  if (base.includes("text")) return "TEXT";
  if (base === "date" || base === "date_time") return "DATE_TIME";
  return base.toUpperCase();
}
