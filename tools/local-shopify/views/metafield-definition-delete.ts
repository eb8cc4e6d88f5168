import type { MetafieldDefinition } from "../model";
import { resolveNamespace } from "./common";
import type { Args, ResolverContext } from "./context";

type DeleteError = { field: string[] | null; message: string; code: string };

// metafieldDefinitionDelete(id | identifier, deleteAllAssociatedMetafields). Messages and codes follow
// Shopify's: a definition in an app-reserved namespace, of a reference type or of type `id` can only
// go together with its metafields; other definitions leave their metafields behind, unstructured.
// Shopify deletes associated metafields asynchronously; the local Shopify does it at once.
export function deleteMetafieldDefinition(ctx: ResolverContext, args: Args) {
  const { store } = ctx;
  const deleteAll = args.deleteAllAssociatedMetafields === true;
  const payload = (d: MetafieldDefinition | null, errors: DeleteError[]) => ({
    __typename: "MetafieldDefinitionDeletePayload",
    deletedDefinitionId: d ? d.id : null,
    deletedDefinition: d ? { __typename: "MetafieldDefinitionIdentifier", ownerType: d.ownerType, namespace: d.namespace, key: d.key } : null,
    userErrors: errors.map((e) => ({ __typename: "MetafieldDefinitionDeleteUserError", ...e })),
  });

  const identifier = args.identifier as { ownerType: string; namespace?: string | null; key: string } | null | undefined;
  const d =
    typeof args.id === "string"
      ? store.metafieldDefinitions.find((x) => x.id === args.id)
      : identifier
        ? store.definitionFor(identifier.ownerType, resolveNamespace(identifier.namespace, ctx.appId), identifier.key)
        : undefined;
  if (!d) return payload(null, [{ field: [typeof args.id === "string" ? "id" : "identifier"], message: "Definition not found.", code: "NOT_FOUND" }]);

  if (!deleteAll) {
    const base = d.type.replace(/^list\./, "");
    if (/^app--\d+/.test(d.namespace))
      return payload(null, [{ field: null, message: "Deleting a definition in a reserved namespace must have deleteAllAssociatedMetafields set to true.", code: "RESERVED_NAMESPACE_ORPHANED_METAFIELDS" }]);
    if (base.endsWith("_reference"))
      return payload(null, [{ field: null, message: "Deleting a reference type metafield definition requires deletion of its associated metafields.", code: "REFERENCE_TYPE_DELETION_ERROR" }]);
    if (d.type === "id")
      return payload(null, [{ field: null, message: "Deleting an id type metafield definition requires deletion of its associated metafields.", code: "ID_TYPE_DELETION_ERROR" }]);
  }
  store.removeMetafieldDefinition(d, deleteAll);
  return payload(d, []);
}
