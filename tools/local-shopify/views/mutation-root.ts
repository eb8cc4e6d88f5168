import { iso } from "../money";
import { field, type Args, type FieldFn, type ResolverContext } from "./context";
import { metafieldView } from "./metafields";
import { createMetafieldDefinition } from "./metafield-definition-create";
import { deleteMetafieldDefinition } from "./metafield-definition-delete";
import { toWrite, type MetafieldInput } from "./metafield-input";
import { discountAutomaticAppCreate, discountAutomaticAppUpdate, discountAutomaticDelete } from "./discount-mutations";
import { createCustomization, deleteCustomization, updateCustomization } from "./customization-mutations";
import { runBulkQuery } from "../bulk-operation";
import { changeTags } from "./tag-mutations";
import { webPixelCreate, webPixelDelete, webPixelUpdate } from "./web-pixel";

export function mutationRoot(ctx: ResolverContext): Record<string, FieldFn> {
  const { store } = ctx;
  return {
    metafieldsSet: field((args) => {
      const inputs = args.metafields as MetafieldInput[];
      const writes = inputs.map((m) => toWrite(ctx, m, m.ownerId ?? ""));
      const result = store.setMetafields(writes, iso(ctx.now()), ctx.appId);
      return {
        __typename: "MetafieldsSetPayload",
        metafields: result.metafields.map((m) => metafieldView(ctx, m)),
        userErrors: result.userErrors.map((e) => ({ __typename: "MetafieldsSetUserError", ...e })),
      };
    }),

    metafieldDefinitionCreate: field((args) => createMetafieldDefinition(ctx, args.definition as Args)),
    metafieldDefinitionDelete: field((args) => deleteMetafieldDefinition(ctx, args)),

    discountAutomaticAppCreate: field((args) => discountAutomaticAppCreate(ctx, args.automaticAppDiscount as Args)),
    discountAutomaticAppUpdate: field((args) => discountAutomaticAppUpdate(ctx, args.id, args.automaticAppDiscount as Args)),
    discountAutomaticDelete: field((args) => discountAutomaticDelete(ctx, args.id)),

    deliveryCustomizationCreate: field((args) => createCustomization(ctx, "delivery", args.deliveryCustomization as Args)),
    deliveryCustomizationUpdate: field((args) => updateCustomization(ctx, "delivery", args.id, args.deliveryCustomization as Args)),
    deliveryCustomizationDelete: field((args) => deleteCustomization(ctx, "delivery", args.id)),
    paymentCustomizationCreate: field((args) => createCustomization(ctx, "payment", args.paymentCustomization as Args)),
    paymentCustomizationUpdate: field((args) => updateCustomization(ctx, "payment", args.id, args.paymentCustomization as Args)),
    paymentCustomizationDelete: field((args) => deleteCustomization(ctx, "payment", args.id)),

    webPixelCreate: field((args) => webPixelCreate(ctx, args.webPixel as Args)),
    webPixelUpdate: field((args) => webPixelUpdate(ctx, args.id, args.webPixel as Args)),
    webPixelDelete: field((args) => webPixelDelete(ctx, args.id)),

    tagsAdd: field((args) => changeTags(ctx, args, "add")),
    tagsRemove: field((args) => changeTags(ctx, args, "remove")),

    bulkOperationRunQuery: field((args, _c, info) => runBulkQuery(ctx, info.schema, String(args.query))),
  };
}
