import { GraphQLError } from "graphql";
import type { MetafieldCapability, MetafieldDefinition } from "../model";
import { isKnownType } from "../metafield-values";
import { CAPABILITIES, MAX_ADMIN_FILTERABLE_PER_OWNER, capabilityEligible, capabilityEnabled, capabilityInputName } from "../metafield-capabilities";
import { iso } from "../money";
import { resolveNamespace } from "./common";
import type { Args, ResolverContext } from "./context";
import { definitionView } from "./metafields";

type DefinitionError = { field: string[]; message: string; code: string };

const MAX_APP_DEFINITIONS_PER_OWNER = 256;
const MAX_PINNED = 20;

export function createMetafieldDefinition(ctx: ResolverContext, input: Args) {
  const { store } = ctx;
  const namespace = resolveNamespace(input.namespace, ctx.appId);
  const key = String(input.key ?? "");
  const ownerType = String(input.ownerType);
  const type = String(input.type ?? "");
  const errors: DefinitionError[] = [];
  const at = (name: string) => ["definition", name];

  if (typeof input.name !== "string" || input.name.trim() === "") errors.push({ field: at("name"), message: "Name can't be blank", code: "BLANK" });
  if (key.length < 2) errors.push({ field: at("key"), message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT" });
  else if (key.length > 64) errors.push({ field: at("key"), message: "Key is too long (maximum is 64 characters)", code: "TOO_LONG" });
  else if (!/^[A-Za-z0-9_-]+$/.test(key))
    errors.push({ field: at("key"), message: "Key contains one or more invalid characters.", code: "INVALID_CHARACTER" });
  if (namespace.length < 3) errors.push({ field: at("namespace"), message: "Namespace is too short (minimum is 3 characters)", code: "TOO_SHORT" });
  if (/^app--\d+/.test(namespace) && !(namespace === `app--${ctx.appId}` || namespace.startsWith(`app--${ctx.appId}--`)))
    errors.push({ field: at("namespace"), message: "Namespace is reserved for another app.", code: "RESERVED_NAMESPACE_KEY" });
  if (!isKnownType(type)) errors.push({ field: at("type"), message: "Type name is not included in the list", code: "INCLUSION" });
  if (errors.length === 0 && store.definitionFor(ownerType, namespace, key))
    errors.push({ field: at("key"), message: `Key is in use for ${ownerType.toLowerCase()} metafields on the '${namespace}' namespace.`, code: "TAKEN" });
  const ownDefinitions = store.metafieldDefinitions.filter((d) => d.ownerType === ownerType && d.namespace.startsWith(`app--${ctx.appId}`));
  if (namespace.startsWith(`app--${ctx.appId}`) && ownDefinitions.length >= MAX_APP_DEFINITIONS_PER_OWNER)
    errors.push({ field: at("ownerType"), message: "Resource type limit exceeded by app.", code: "RESOURCE_TYPE_LIMIT_EXCEEDED_BY_APP" });
  const pinned = store.metafieldDefinitions.filter((d) => d.ownerType === ownerType && d.pinnedPosition !== null).length;
  if (input.pin === true && pinned >= MAX_PINNED)
    errors.push({ field: at("pin"), message: "Limit of 20 pinned definitions.", code: "PINNED_LIMIT_REACHED" });

  const capabilities = requestedCapabilities(input, type);
  if (errors.length === 0) errors.push(...capabilityErrors(ctx, ownerType, type, capabilities));

  const payload = (created: ReturnType<typeof store.addMetafieldDefinition> | null, userErrors: DefinitionError[]) => ({
    __typename: "MetafieldDefinitionCreatePayload",
    createdDefinition: created ? definitionView(ctx, created) : null,
    userErrors: userErrors.map((e) => ({ __typename: "MetafieldDefinitionCreateUserError", elementKey: null, elementIndex: null, ...e })),
  });
  if (errors.length > 0) return payload(null, errors);

  const access = (input.access ?? {}) as { admin?: string; storefront?: string; customerAccount?: string };
  const created = store.addMetafieldDefinition(
    {
      name: String(input.name),
      namespace,
      key,
      ownerType,
      type,
      description: typeof input.description === "string" ? input.description : null,
      validations: ((input.validations as { name: string; value?: string | null }[] | undefined) ?? []).map((v) => ({ name: v.name, value: v.value ?? null })),
      access: {
        admin: access.admin ?? (namespace.startsWith("app--") ? "MERCHANT_READ_WRITE" : "PUBLIC_READ_WRITE"),
        storefront: access.storefront ?? "NONE",
        customerAccount: access.customerAccount ?? "NONE",
      },
      pinnedPosition: input.pin === true ? pinned + 1 : null,
      capabilities,
    },
    iso(ctx.now()),
  );
  return payload(created, []);
}

// The enabled flags asked for. The deprecated useAsCollectionCondition means smartCollectionCondition;
// an `id` definition gets uniqueValues unless the input turns it off, as Shopify requires it there.
function requestedCapabilities(input: Args, type: string): Partial<Record<MetafieldCapability, boolean>> {
  const raw = (input.capabilities ?? {}) as Record<string, { enabled?: boolean } | null | undefined>;
  if (raw.analyticsQueryable?.enabled === true) {
    throw new GraphQLError("The analyticsQueryable capability is not modelled by the local Shopify.", { extensions: { code: "INTERNAL_SERVER_ERROR" } });
  }
  const out: Partial<Record<MetafieldCapability, boolean>> = {};
  for (const name of CAPABILITIES) if (raw[name]?.enabled === true) out[name] = true;
  if (input.useAsCollectionCondition === true) out.smartCollectionCondition = true;
  if (type === "id" && raw.uniqueValues?.enabled !== false) out.uniqueValues = true;
  return out;
}

function capabilityErrors(
  ctx: ResolverContext,
  ownerType: string,
  type: string,
  capabilities: Partial<Record<MetafieldCapability, boolean>>,
): DefinitionError[] {
  const errors: DefinitionError[] = [];
  for (const name of CAPABILITIES) {
    if (capabilities[name] && !capabilityEligible(name, ownerType, type)) {
      errors.push({ field: ["definition"], message: `The capability ${capabilityInputName(name)} is not valid for this definition.`, code: "INVALID_CAPABILITY" });
    }
  }
  const filterable = ctx.store.metafieldDefinitions.filter((d: MetafieldDefinition) => d.ownerType === ownerType && capabilityEnabled(d, "adminFilterable"));
  if (errors.length === 0 && capabilities.adminFilterable && filterable.length >= MAX_ADMIN_FILTERABLE_PER_OWNER) {
    errors.push({
      field: ["definition"],
      message: "You have reached the maximum allowed definitions to be used as admin filters.",
      code: "OWNER_TYPE_LIMIT_EXCEEDED_FOR_USE_AS_ADMIN_FILTERS",
    });
  }
  return errors;
}
