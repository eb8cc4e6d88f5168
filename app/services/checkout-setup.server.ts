// Installs and repairs what the checkout needs in the shop, through the Admin API: the automatic
// app discount backed by our discount Function, the delivery and payment customizations, the order
// metafield definition that copies the accepted offer from the cart to the order, and the shop
// metafield that tells the Checkout UI extension where the app is, and the storefront web pixel
// (dynamic audiences) with its signed settings. Each part is checked by id and
// content; anything missing (a merchant deleted it) or stale (guardrails or keys changed) is
// created or rewritten. Idempotent: running it twice changes nothing the second time.
import { z } from "zod";
import prisma from "../db.server";
import { env } from "../env.server";
import { queue, QUEUES } from "../queue.server";
import { adminQuery, type AdminGraphql } from "../integrations/shopify-admin.server";
import { OFFER_METAFIELD } from "../lib/offer-token.server";
import { recordAudit } from "../models/audit.server";
import { readSetting, writeSetting } from "../models/settings.server";
import { discountFunctionConfig } from "./checkout-config.server";
import { customizationConfig } from "./customization-experiments.server";
import { offerKeys } from "./offer-keys.server";
import { pixelSettings } from "./audiences-pixel.server";
import { workflowConfig } from "./workflow-config.server";

export const FUNCTION_HANDLES = {
  discount: "uplift-discount",
  delivery: "uplift-delivery-customization",
  payment: "uplift-payment-customization",
} as const;
export const CONFIG_KEY = "function-configuration";
export const CHECKOUT_CONFIG_KEY = "checkout-config";
export const DISCOUNT_TITLE = "Uplift checkout offers";

export type SetupPart = "offerDefinition" | "discount" | "deliveryCustomization" | "paymentCustomization" | "extensionConfig" | "webPixel";
export type PartState = { part: SetupPart; state: "ok" | "missing" | "outdated" | "failed"; id: string | null; detail?: string };

const idsSchema = z.object({
  discount: z.string().nullable().default(null),
  deliveryCustomization: z.string().nullable().default(null),
  paymentCustomization: z.string().nullable().default(null),
  webPixel: z.string().nullable().default(null),
});
type SetupIds = z.infer<typeof idsSchema>;

const STATUS = `#graphql
  query UpliftCheckoutSetup($ids: [ID!]!) {
    shop {
      id
      currencyCode
      plan { shopifyPlus }
      metafield(namespace: "$app", key: "checkout-config") { value }
    }
    metafieldDefinitions(first: 1, ownerType: ORDER, namespace: "$app", key: "offer") {
      nodes { id capabilities { cartToOrderCopyable { enabled } } }
    }
    nodes(ids: $ids) {
      __typename
      id
      ... on DiscountAutomaticNode {
        automaticDiscount { ... on DiscountAutomaticApp { status } }
        metafield(namespace: "$app", key: "function-configuration") { value }
      }
      ... on DeliveryCustomization { enabled metafield(namespace: "$app", key: "function-configuration") { value } }
      ... on PaymentCustomization { enabled metafield(namespace: "$app", key: "function-configuration") { value } }
      ... on WebPixel { settings }
    }
  }`;

const ownedNode = z
  .object({
    __typename: z.string(),
    id: z.string(),
    enabled: z.boolean().optional(),
    automaticDiscount: z.object({ status: z.string().optional() }).nullable().optional(),
    metafield: z.object({ value: z.string() }).nullable().optional(),
    settings: z.unknown().optional(),
  })
  .nullable();

const statusSchema = z.object({
  shop: z.object({ id: z.string(), currencyCode: z.string(), plan: z.object({ shopifyPlus: z.boolean() }), metafield: z.object({ value: z.string() }).nullable() }),
  metafieldDefinitions: z.object({ nodes: z.array(z.object({ id: z.string(), capabilities: z.object({ cartToOrderCopyable: z.object({ enabled: z.boolean() }) }) })) }),
  nodes: z.array(ownedNode),
});

const userErrors = z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string(), code: z.string().nullable().optional() }));

const CREATE_DEFINITION = `#graphql
  mutation UpliftOfferDefinition($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) { createdDefinition { id } userErrors { field message code } }
  }`;
const CREATE_DISCOUNT = `#graphql
  mutation UpliftDiscountCreate($discount: DiscountAutomaticAppInput!) {
    discountAutomaticAppCreate(automaticAppDiscount: $discount) { automaticAppDiscount { discountId } userErrors { field message code } }
  }`;
const CREATE_DELIVERY = `#graphql
  mutation UpliftDeliveryCustomizationCreate($input: DeliveryCustomizationInput!) {
    deliveryCustomizationCreate(deliveryCustomization: $input) { deliveryCustomization { id } userErrors { field message code } }
  }`;
const CREATE_PAYMENT = `#graphql
  mutation UpliftPaymentCustomizationCreate($input: PaymentCustomizationInput!) {
    paymentCustomizationCreate(paymentCustomization: $input) { paymentCustomization { id } userErrors { field message code } }
  }`;
const CREATE_PIXEL = `#graphql
  mutation UpliftWebPixelCreate($webPixel: WebPixelInput!) {
    webPixelCreate(webPixel: $webPixel) { webPixel { id } userErrors { field message code } }
  }`;
const UPDATE_PIXEL = `#graphql
  mutation UpliftWebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {
    webPixelUpdate(id: $id, webPixel: $webPixel) { webPixel { id } userErrors { field message code } }
  }`;
// The app's own pixel, without its id: for when a create says the app already has one (TAKEN).
const APP_PIXEL = `#graphql
  query UpliftWebPixel { webPixel { id } }`;
const SET_METAFIELDS = `#graphql
  mutation UpliftSetMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
  }`;

export type SetupReport = { parts: PartState[]; shopifyPlus: boolean | null; error: string | null };

type Desired = { discount: string; delivery: string; payment: string; extension: string; pixel: string };

/** Settings as one canonical JSON text: Shopify may hand them back as a JSON string or an object. */
function canonicalSettings(value: unknown): string | null {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  return JSON.stringify(Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))));
}

async function desiredConfigs(shop: string, currency: string, appUrl: string): Promise<Desired> {
  const [keys, config, delivery, payment] = await Promise.all([offerKeys(shop), workflowConfig(shop, "checkout_incentive"), customizationConfig(shop, "delivery"), customizationConfig(shop, "payment")]);
  return {
    discount: JSON.stringify(discountFunctionConfig(shop, currency, keys, config.guardrails)),
    delivery: JSON.stringify(delivery),
    payment: JSON.stringify(payment),
    extension: JSON.stringify({ v: 1, apiUrl: appUrl.replace(/\/+$/, "") }),
    pixel: canonicalSettings(pixelSettings(shop, appUrl))!,
  };
}

async function readIds(shop: string): Promise<SetupIds> {
  const row = await readSetting(shop, "checkout-setup");
  const parsed = idsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : idsSchema.parse({});
}

type Status = z.infer<typeof statusSchema>;

function assess(status: Status, ids: SetupIds, desired: Desired): PartState[] {
  const node = (id: string | null, typename: string) => (id ? status.nodes.find((n) => n?.id === id && n.__typename === typename) ?? null : null);
  const owned = (part: SetupPart, id: string | null, typename: string, want: string): PartState => {
    const n = node(id, typename);
    if (!n) return { part, state: "missing", id: null };
    if (n.metafield?.value !== want) return { part, state: "outdated", id: n.id, detail: "configuration differs from the app's settings" };
    return { part, state: "ok", id: n.id };
  };
  const definition = status.metafieldDefinitions.nodes[0];
  return [
    definition
      ? { part: "offerDefinition", state: definition.capabilities.cartToOrderCopyable.enabled ? "ok" : "outdated", id: definition.id, ...(definition.capabilities.cartToOrderCopyable.enabled ? {} : { detail: "cart-to-order copy is off" }) }
      : { part: "offerDefinition", state: "missing", id: null },
    owned("discount", ids.discount, "DiscountAutomaticNode", desired.discount),
    owned("deliveryCustomization", ids.deliveryCustomization, "DeliveryCustomization", desired.delivery),
    owned("paymentCustomization", ids.paymentCustomization, "PaymentCustomization", desired.payment),
    status.shop.metafield?.value === desired.extension
      ? { part: "extensionConfig", state: "ok", id: status.shop.id }
      : { part: "extensionConfig", state: status.shop.metafield ? "outdated" : "missing", id: status.shop.id },
    pixelState(node(ids.webPixel, "WebPixel"), desired.pixel),
  ];
}

function pixelState(n: z.infer<typeof ownedNode>, want: string): PartState {
  if (!n) return { part: "webPixel", state: "missing", id: null };
  if (canonicalSettings(n.settings) !== want) return { part: "webPixel", state: "outdated", id: n.id, detail: "settings differ from the app's (URL or signature)" };
  return { part: "webPixel", state: "ok", id: n.id };
}

async function loadStatus(shop: string, graphql: AdminGraphql, appUrl: string) {
  const ids = await readIds(shop);
  const idList = [ids.discount, ids.deliveryCustomization, ids.paymentCustomization, ids.webPixel].filter((x): x is string => x !== null);
  const result = await adminQuery(graphql, STATUS, statusSchema, { variables: { ids: idList } });
  if (!result.ok) return { ok: false as const, error: `${result.error.code}: ${result.error.message}` };
  const desired = await desiredConfigs(shop, result.data.shop.currencyCode, appUrl);
  return { ok: true as const, ids, status: result.data, desired, parts: assess(result.data, ids, desired) };
}

/** The state of each part, for the Settings page. */
export async function checkoutSetupStatus(shop: string, graphql: AdminGraphql, appUrl: string): Promise<SetupReport> {
  const loaded = await loadStatus(shop, graphql, appUrl);
  if (!loaded.ok) return { parts: [], shopifyPlus: null, error: loaded.error };
  return { parts: loaded.parts, shopifyPlus: loaded.status.shop.plan.shopifyPlus, error: null };
}

const metafield = (value: string) => [{ namespace: "$app", key: CONFIG_KEY, type: "json", value }];

type Mutation = { query: string; variables: Record<string, unknown>; pick: (data: Record<string, unknown>) => { id: string | null; errors: z.infer<typeof userErrors> } };

async function mutate(graphql: AdminGraphql, m: Mutation): Promise<{ id: string | null; error: string | null }> {
  const result = await adminQuery(graphql, m.query, z.record(z.unknown()), { variables: m.variables });
  if (!result.ok) return { id: null, error: `${result.error.code}: ${result.error.message}` };
  const { id, errors } = m.pick(result.data);
  if (errors.length > 0) return { id: null, error: errors.map((e) => `${e.code ?? "ERROR"}: ${e.message}`).join("; ") };
  return { id, error: null };
}

function payload(data: Record<string, unknown>, root: string, idPath: [string, string]) {
  const p = (data[root] ?? {}) as Record<string, unknown>;
  const holder = p[idPath[0]] as Record<string, unknown> | null | undefined;
  return { id: typeof holder?.[idPath[1]] === "string" ? (holder[idPath[1]] as string) : null, errors: userErrors.parse(p.userErrors ?? []) };
}

/**
 * Creates what is missing and rewrites what is stale; returns the state afterwards. Each change is
 * audited; a part that fails stays "failed" with Shopify's message, and the others still proceed.
 */
export async function ensureCheckoutSetup(shop: string, graphql: AdminGraphql, appUrl: string, actor: { kind: "user" | "system"; id?: string } = { kind: "system" }): Promise<SetupReport> {
  const loaded = await loadStatus(shop, graphql, appUrl);
  if (!loaded.ok) return { parts: [], shopifyPlus: null, error: loaded.error };
  const { desired, status } = loaded;
  const ids: SetupIds = { ...loaded.ids };
  const after: PartState[] = [];
  const changed: string[] = [];

  for (const part of loaded.parts) {
    if (part.state === "ok") {
      after.push(part);
      continue;
    }
    let outcome: { id: string | null; error: string | null };
    switch (part.part) {
      case "offerDefinition":
        // Shopify has no update for an app-owned definition's capability from this state in our
        // model; a definition without the copy capability is reported, not silently replaced.
        outcome =
          part.state === "missing"
            ? await mutate(graphql, {
                query: CREATE_DEFINITION,
                variables: {
                  definition: {
                    name: "Uplift offer",
                    description: "The checkout offer the buyer accepted, copied from the cart",
                    namespace: OFFER_METAFIELD.namespace,
                    key: OFFER_METAFIELD.key,
                    ownerType: "ORDER",
                    type: "json",
                    capabilities: { cartToOrderCopyable: { enabled: true } },
                  },
                },
                pick: (d) => payload(d, "metafieldDefinitionCreate", ["createdDefinition", "id"]),
              })
            : { id: part.id, error: "the order metafield definition exists without cart-to-order copy" };
        break;
      case "discount":
        outcome =
          part.state === "missing"
            ? await mutate(graphql, {
                query: CREATE_DISCOUNT,
                variables: {
                  discount: {
                    title: DISCOUNT_TITLE,
                    functionHandle: FUNCTION_HANDLES.discount,
                    discountClasses: ["PRODUCT", "ORDER", "SHIPPING"],
                    // Our offer never stacks with other discounts: the engine priced it alone.
                    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
                    startsAt: new Date().toISOString(),
                    metafields: metafield(desired.discount),
                  },
                },
                pick: (d) => payload(d, "discountAutomaticAppCreate", ["automaticAppDiscount", "discountId"]),
              })
            : await setConfig(graphql, part.id!, CONFIG_KEY, desired.discount);
        if (outcome.id) ids.discount = outcome.id;
        break;
      case "deliveryCustomization":
      case "paymentCustomization": {
        const delivery = part.part === "deliveryCustomization";
        outcome =
          part.state === "missing"
            ? await mutate(graphql, {
                query: delivery ? CREATE_DELIVERY : CREATE_PAYMENT,
                variables: {
                  input: {
                    functionHandle: delivery ? FUNCTION_HANDLES.delivery : FUNCTION_HANDLES.payment,
                    title: delivery ? "Uplift delivery experiment" : "Uplift payment experiment",
                    enabled: true,
                    metafields: metafield(delivery ? desired.delivery : desired.payment),
                  },
                },
                pick: (d) => payload(d, delivery ? "deliveryCustomizationCreate" : "paymentCustomizationCreate", [delivery ? "deliveryCustomization" : "paymentCustomization", "id"]),
              })
            : await setConfig(graphql, part.id!, CONFIG_KEY, delivery ? desired.delivery : desired.payment);
        if (outcome.id) ids[delivery ? "deliveryCustomization" : "paymentCustomization"] = outcome.id;
        break;
      }
      case "extensionConfig":
        outcome = await setConfig(graphql, status.shop.id, CHECKOUT_CONFIG_KEY, desired.extension);
        break;
      case "webPixel":
        outcome = await ensurePixel(graphql, part.state === "missing" ? null : part.id, desired.pixel);
        if (outcome.id) ids.webPixel = outcome.id;
        break;
    }
    if (outcome.error) {
      after.push({ part: part.part, state: "failed", id: part.id, detail: outcome.error });
    } else {
      after.push({ part: part.part, state: "ok", id: outcome.id ?? part.id });
      changed.push(`${part.part}: ${part.state === "missing" ? "created" : "rewritten"}`);
    }
  }

  if (changed.length > 0) {
    await prisma.$transaction(async (tx) => {
      await writeSetting(tx, shop, "checkout-setup", ids, actor.id ?? actor.kind);
      await recordAudit(tx, {
        shop,
        event: "checkout.setup",
        actor: actor.kind,
        ...(actor.id ? { actorId: actor.id } : {}),
        entity: "checkout",
        after: { ids, parts: after.map((p) => ({ part: p.part, state: p.state })) },
        reasons: changed,
      });
    });
  }
  return { parts: after, shopifyPlus: status.shop.plan.shopifyPlus, error: null };
}

/**
 * Creates the app's web pixel, or updates it (settings changed). A create refused as TAKEN means the
 * shop already has our pixel under an id we lost (a reset of our settings): it is updated instead.
 * A pixel the merchant disconnected no longer exists and is created again.
 */
async function ensurePixel(graphql: AdminGraphql, id: string | null, settings: string): Promise<{ id: string | null; error: string | null }> {
  const update = (pixelId: string) =>
    mutate(graphql, { query: UPDATE_PIXEL, variables: { id: pixelId, webPixel: { settings } }, pick: (d) => payload(d, "webPixelUpdate", ["webPixel", "id"]) });
  if (id) return update(id);
  const created = await adminQuery(graphql, CREATE_PIXEL, z.record(z.unknown()), { variables: { webPixel: { settings } } });
  if (!created.ok) return { id: null, error: `${created.error.code}: ${created.error.message}` };
  const { id: newId, errors } = payload(created.data, "webPixelCreate", ["webPixel", "id"]);
  if (errors.length === 0) return { id: newId, error: null };
  if (!errors.some((e) => e.code === "TAKEN")) return { id: null, error: errors.map((e) => `${e.code ?? "ERROR"}: ${e.message}`).join("; ") };
  const existing = await adminQuery(graphql, APP_PIXEL, z.object({ webPixel: z.object({ id: z.string() }).nullable() }));
  if (!existing.ok || !existing.data.webPixel) return { id: null, error: "the shop has a web pixel for this app that could not be read" };
  return update(existing.data.webPixel.id);
}

async function setConfig(graphql: AdminGraphql, ownerId: string, key: string, value: string) {
  return mutate(graphql, {
    query: SET_METAFIELDS,
    variables: { metafields: [{ ownerId, namespace: "$app", key, type: "json", value }] },
    pick: (d) => {
      const p = (d.metafieldsSet ?? {}) as { userErrors?: unknown };
      return { id: ownerId, errors: userErrors.parse(p.userErrors ?? []) };
    },
  });
}

/** The Settings page's Repair button: as ensureCheckoutSetup, on behalf of a staff member. */
export function repairCheckoutSetup(shop: string, graphql: AdminGraphql, staffId: string) {
  return ensureCheckoutSetup(shop, graphql, env.SHOPIFY_APP_URL, { kind: "user", id: staffId });
}

/** Queues an install or resync; jobs for the same shop collapse into one while one is waiting. */
export async function requestCheckoutSetup(shop: string) {
  const boss = await queue();
  await boss.send(QUEUES.checkoutSetup, { shop }, { singletonKey: shop });
}
