import type { AppDiscount, DiscountClass, FunctionCustomization } from "../model";
import type { MetafieldWrite } from "../metafield-writes";
import { findFunction } from "../functions";
import { iso } from "../money";
import { resolveNamespace } from "./common";
import { field, type Args, type FieldFn, type ResolverContext } from "./context";
import { automaticAppDiscountView, customizationView } from "./apps";
import { metafieldView } from "./metafields";
import { createMetafieldDefinition } from "./metafield-definition-create";
import { runBulkQuery } from "../bulk-operation";

type MetafieldInput = { ownerId?: string; namespace?: string | null; key: string; type?: string | null; value: string; compareDigest?: string | null };
type UserError = { field: string[] | null; message: string; code: string };

const DISCOUNT_API_TYPES = ["discount", "product_discounts", "order_discounts", "shipping_discounts"];
const MAX_ACTIVE_AUTOMATIC = 25;
const MAX_ACTIVE_CUSTOMIZATIONS = 25;

function toWrite(ctx: ResolverContext, input: MetafieldInput, ownerId: string): MetafieldWrite {
  const write: MetafieldWrite = {
    ownerId,
    namespace: resolveNamespace(input.namespace, ctx.appId),
    key: input.key,
    type: input.type ?? null,
    value: input.value,
  };
  // graphql-js leaves absent input fields out, so `in` tells "no check" from "must not exist" (null).
  if ("compareDigest" in input) write.compareDigest = input.compareDigest ?? null;
  return write;
}

export function mutationRoot(ctx: ResolverContext): Record<string, FieldFn> {
  const { store } = ctx;
  const now = () => iso(ctx.now());
  return {
    metafieldsSet: field((args) => {
      const inputs = args.metafields as MetafieldInput[];
      const writes = inputs.map((m) => toWrite(ctx, m, m.ownerId ?? ""));
      const result = store.setMetafields(writes, now(), ctx.appId);
      return {
        __typename: "MetafieldsSetPayload",
        metafields: result.metafields.map((m) => metafieldView(ctx, m)),
        userErrors: result.userErrors.map((e) => ({ __typename: "MetafieldsSetUserError", ...e })),
      };
    }),

    metafieldDefinitionCreate: field((args) => createMetafieldDefinition(ctx, args.definition as Args)),

    discountAutomaticAppCreate: field((args) => {
      const input = args.automaticAppDiscount as Args;
      const errors = discountErrors(ctx, input);
      const payload = (discount: AppDiscount | null, userErrors: UserError[]) => ({
        __typename: "DiscountAutomaticAppCreatePayload",
        automaticAppDiscount: discount ? automaticAppDiscountView(ctx, discount) : null,
        userErrors: userErrors.map((e) => ({ __typename: "DiscountUserError", extraInfo: null, ...e })),
      });
      const fn = findFunction(ctx, input, DISCOUNT_API_TYPES);
      // DiscountErrorCode has no FUNCTION_NOT_FOUND; an unknown function is plain INVALID there.
      const code = !fn.ok && fn.code === "FUNCTION_NOT_FOUND" ? "INVALID" : fn.ok ? "" : fn.code;
      if (!fn.ok) errors.unshift({ field: ["automaticAppDiscount", fn.field], message: fn.message, code });
      if (errors.length > 0 || !fn.ok) return payload(null, errors);

      const combines = (input.combinesWith ?? {}) as Record<string, boolean | undefined>;
      const discount = store.addAppDiscount(
        {
          title: String(input.title),
          functionId: fn.fn.id,
          functionHandle: fn.fn.handle,
          // Assumption: without discountClasses a discount applies to products.
          discountClasses: ((input.discountClasses as DiscountClass[] | undefined) ?? ["PRODUCT"]).slice(),
          combinesWith: {
            orderDiscounts: combines.orderDiscounts ?? false,
            productDiscounts: combines.productDiscounts ?? false,
            shippingDiscounts: combines.shippingDiscounts ?? false,
          },
          startsAt: typeof input.startsAt === "string" ? input.startsAt : now(),
          endsAt: typeof input.endsAt === "string" ? input.endsAt : null,
          appliesOnOneTimePurchase: input.appliesOnOneTimePurchase !== false,
          appliesOnSubscription: input.appliesOnSubscription !== false,
          recurringCycleLimit: typeof input.recurringCycleLimit === "number" ? input.recurringCycleLimit : 1,
          tags: (input.tags as string[] | undefined) ?? [],
        },
        now(),
      );
      const metafieldErrors = attachMetafields(ctx, discount.id, input.metafields, "automaticAppDiscount", "INVALID");
      if (metafieldErrors.length > 0) {
        store.removeAppDiscount(discount.id);
        return payload(null, metafieldErrors);
      }
      return payload(discount, []);
    }),

    deliveryCustomizationCreate: field((args) => createCustomization(ctx, "delivery", args.deliveryCustomization as Args)),
    paymentCustomizationCreate: field((args) => createCustomization(ctx, "payment", args.paymentCustomization as Args)),

    bulkOperationRunQuery: field((args, _c, info) => runBulkQuery(ctx, info.schema, String(args.query))),
  };
}

function discountErrors(ctx: ResolverContext, input: Args): UserError[] {
  const errors: UserError[] = [];
  const at = (name: string) => ["automaticAppDiscount", name];
  if (typeof input.title !== "string" || input.title.trim() === "")
    errors.push({ field: at("title"), message: "Title can't be blank", code: "BLANK" });
  const startsAt = typeof input.startsAt === "string" ? Date.parse(input.startsAt) : ctx.now();
  if (typeof input.endsAt === "string" && Date.parse(input.endsAt) < startsAt)
    errors.push({ field: at("endsAt"), message: "Ends at needs to be after starts_at", code: "END_DATE_BEFORE_START_DATE" });
  if (Array.isArray(input.tags) && input.tags.length > 5)
    errors.push({ field: at("tags"), message: "Discounts can have at most 5 tags.", code: "TOO_MANY_TAGS" });
  const active = ctx.store.appDiscounts.filter((d) => !d.endsAt || Date.parse(d.endsAt) > ctx.now()).length;
  if (active >= MAX_ACTIVE_AUTOMATIC)
    errors.push({ field: at("startsAt"), message: `Only ${MAX_ACTIVE_AUTOMATIC} automatic discounts can be active at the same time.`, code: "ACTIVE_PERIOD_OVERLAP" });
  return errors;
}

// Metafields given with a Function owner are written like metafieldsSet, after the owner exists.
function attachMetafields(ctx: ResolverContext, ownerId: string, raw: unknown, root: string, code: string): UserError[] {
  const inputs = Array.isArray(raw) ? (raw as MetafieldInput[]) : [];
  if (inputs.length === 0) return [];
  const result = ctx.store.setMetafields(inputs.map((m) => toWrite(ctx, m, ownerId)), iso(ctx.now()), ctx.appId);
  return result.userErrors.map((e) => ({
    field: [root, "metafields", String(e.elementIndex ?? 0), ...(e.field?.slice(2) ?? [])],
    message: e.message,
    code,
  }));
}

function createCustomization(ctx: ResolverContext, kind: FunctionCustomization["kind"], input: Args) {
  const root = kind === "delivery" ? "deliveryCustomization" : "paymentCustomization";
  const typename = kind === "delivery" ? "DeliveryCustomization" : "PaymentCustomization";
  const payload = (c: FunctionCustomization | null, userErrors: UserError[]) => ({
    __typename: `${typename}CreatePayload`,
    [root]: c ? customizationView(ctx, c) : null,
    userErrors: userErrors.map((e) => ({ __typename: kind === "delivery" ? "DeliveryCustomizationError" : "PaymentCustomizationError", ...e })),
  });
  const fn = findFunction(ctx, input, [`${kind}_customization`]);
  if (!fn.ok) return payload(null, [{ field: [root, fn.field], message: fn.message, code: fn.code }]);
  if (typeof input.title !== "string" || input.title.trim() === "")
    return payload(null, [{ field: [root, "title"], message: "Required input field must be present.", code: "REQUIRED_INPUT_FIELD" }]);
  const enabled = input.enabled !== false;
  const active = ctx.store.customizations.filter((c) => c.kind === kind && c.enabled).length;
  if (enabled && active >= MAX_ACTIVE_CUSTOMIZATIONS) {
    const code = kind === "delivery" ? "MAXIMUM_ACTIVE_DELIVERY_CUSTOMIZATIONS" : "MAXIMUM_ACTIVE_PAYMENT_CUSTOMIZATIONS";
    return payload(null, [{ field: [root, "enabled"], message: `Maximum of ${MAX_ACTIVE_CUSTOMIZATIONS} active ${kind} customizations reached.`, code }]);
  }
  const created = ctx.store.addCustomization(
    { kind, title: input.title, enabled, functionId: fn.fn.id, functionHandle: fn.fn.handle },
    iso(ctx.now()),
  );
  const metafieldErrors = attachMetafields(ctx, created.id, input.metafields, root, "INVALID_METAFIELDS");
  if (metafieldErrors.length > 0) {
    ctx.store.removeCustomization(created.id);
    return payload(null, metafieldErrors);
  }
  return payload(created, []);
}
