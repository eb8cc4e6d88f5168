import { isKnownType } from "../metafield-values";
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
    },
    iso(ctx.now()),
  );
  return payload(created, []);
}
