import type { AppDiscount, DiscountClass } from "../model";
import { findFunction } from "../functions";
import { iso } from "../money";
import type { Args, ResolverContext } from "./context";
import { automaticAppDiscountView } from "./apps";
import { attachMetafields, metafieldErrors, type UserError } from "./metafield-input";

const DISCOUNT_API_TYPES = ["discount", "product_discounts", "order_discounts", "shipping_discounts"];
const MAX_ACTIVE_AUTOMATIC = 25;
const ROOT = "automaticAppDiscount";

// Shopify's answer for an id that names no automatic discount (code null, as captured).
const NOT_FOUND: UserError = { field: ["id"], message: "Discount does not exist", code: null };

function payload(ctx: ResolverContext, typename: string, discount: AppDiscount | null, userErrors: UserError[]) {
  return {
    __typename: typename,
    automaticAppDiscount: discount ? automaticAppDiscountView(ctx, discount) : null,
    userErrors: userErrors.map((e) => ({ __typename: "DiscountUserError", extraInfo: null, ...e })),
  };
}

function inputErrors(ctx: ResolverContext, input: Args, existing: AppDiscount | null): UserError[] {
  const errors: UserError[] = [];
  const at = (name: string) => [ROOT, name];
  if ((!existing || "title" in input) && (typeof input.title !== "string" || input.title.trim() === ""))
    errors.push({ field: at("title"), message: "Title can't be blank", code: "BLANK" });
  const startsAt = typeof input.startsAt === "string" ? Date.parse(input.startsAt) : existing ? Date.parse(existing.startsAt) : ctx.now();
  const endsAt = "endsAt" in input ? input.endsAt : existing?.endsAt;
  if (typeof endsAt === "string" && Date.parse(endsAt) < startsAt)
    errors.push({ field: at("endsAt"), message: "Ends at needs to be after starts_at", code: "END_DATE_BEFORE_START_DATE" });
  if (Array.isArray(input.tags) && input.tags.length > 5)
    errors.push({ field: at("tags"), message: "Discounts can have at most 5 tags.", code: "TOO_MANY_TAGS" });
  const active = ctx.store.appDiscounts.filter((d) => d !== existing && (!d.endsAt || Date.parse(d.endsAt) > ctx.now())).length;
  if (!existing && active >= MAX_ACTIVE_AUTOMATIC)
    errors.push({ field: at("startsAt"), message: `Only ${MAX_ACTIVE_AUTOMATIC} automatic discounts can be active at the same time.`, code: "ACTIVE_PERIOD_OVERLAP" });
  return errors;
}

// The discount fields an input sets; on update, absent fields keep their values.
function fields(ctx: ResolverContext, input: Args, existing: AppDiscount | null): Omit<AppDiscount, "id" | "createdAt" | "updatedAt" | "functionId" | "functionHandle"> {
  const combines = (input.combinesWith ?? {}) as Record<string, boolean | undefined>;
  const has = (name: string) => name in input && input[name] !== undefined && input[name] !== null;
  return {
    title: has("title") ? String(input.title) : (existing?.title ?? ""),
    // Assumption: without discountClasses a discount applies to products.
    discountClasses: has("discountClasses") ? (input.discountClasses as DiscountClass[]).slice() : (existing?.discountClasses ?? ["PRODUCT"]),
    combinesWith: has("combinesWith")
      ? { orderDiscounts: combines.orderDiscounts ?? false, productDiscounts: combines.productDiscounts ?? false, shippingDiscounts: combines.shippingDiscounts ?? false }
      : (existing?.combinesWith ?? { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false }),
    startsAt: typeof input.startsAt === "string" ? input.startsAt : (existing?.startsAt ?? iso(ctx.now())),
    endsAt: "endsAt" in input ? (typeof input.endsAt === "string" ? input.endsAt : null) : (existing?.endsAt ?? null),
    appliesOnOneTimePurchase: has("appliesOnOneTimePurchase") ? input.appliesOnOneTimePurchase !== false : (existing?.appliesOnOneTimePurchase ?? true),
    appliesOnSubscription: has("appliesOnSubscription") ? input.appliesOnSubscription !== false : (existing?.appliesOnSubscription ?? true),
    recurringCycleLimit: typeof input.recurringCycleLimit === "number" ? input.recurringCycleLimit : (existing?.recurringCycleLimit ?? 1),
    tags: has("tags") ? (input.tags as string[]).slice() : (existing?.tags ?? []),
  };
}

export function discountAutomaticAppCreate(ctx: ResolverContext, input: Args) {
  const errors = inputErrors(ctx, input, null);
  const fn = findFunction(ctx, input, DISCOUNT_API_TYPES);
  // DiscountErrorCode has no FUNCTION_NOT_FOUND; an unknown function is plain INVALID there.
  if (!fn.ok) errors.unshift({ field: [ROOT, fn.field], message: fn.message, code: fn.code === "FUNCTION_NOT_FOUND" ? "INVALID" : fn.code });
  if (errors.length > 0 || !fn.ok) return payload(ctx, "DiscountAutomaticAppCreatePayload", null, errors);

  const discount = ctx.store.addAppDiscount({ ...fields(ctx, input, null), functionId: fn.fn.id, functionHandle: fn.fn.handle }, iso(ctx.now()));
  const metafieldErrors = attachMetafields(ctx, discount.id, input.metafields, ROOT, "INVALID");
  if (metafieldErrors.length > 0) {
    ctx.store.removeAppDiscount(discount.id);
    return payload(ctx, "DiscountAutomaticAppCreatePayload", null, metafieldErrors);
  }
  return payload(ctx, "DiscountAutomaticAppCreatePayload", discount, []);
}

// Sets what the input gives. The Function behind a discount cannot change; asking for another one
// is refused (INVALID, message assumed: DiscountErrorCode has no dedicated code).
export function discountAutomaticAppUpdate(ctx: ResolverContext, id: unknown, input: Args) {
  const existing = typeof id === "string" ? (ctx.store.appDiscount(id) ?? null) : null;
  if (!existing) return payload(ctx, "DiscountAutomaticAppUpdatePayload", null, [NOT_FOUND]);
  const errors = inputErrors(ctx, input, existing);
  const handle = typeof input.functionHandle === "string" ? input.functionHandle : null;
  const functionId = typeof input.functionId === "string" ? input.functionId : null;
  if ((handle && handle !== existing.functionHandle) || (functionId && functionId !== existing.functionId))
    errors.push({ field: [ROOT, handle ? "functionHandle" : "functionId"], message: "The function of a discount cannot be changed.", code: "INVALID" });
  errors.push(...metafieldErrors(ctx, existing.id, input.metafields, ROOT, "INVALID"));
  if (errors.length > 0) return payload(ctx, "DiscountAutomaticAppUpdatePayload", null, errors);
  ctx.store.updateAppDiscount(existing.id, fields(ctx, input, existing), iso(ctx.now()));
  attachMetafields(ctx, existing.id, input.metafields, ROOT, "INVALID");
  return payload(ctx, "DiscountAutomaticAppUpdatePayload", existing, []);
}

// Deleting a discount deletes its metafields. The id is the DiscountAutomaticNode's (a DiscountNode
// id of the same discount also works).
export function discountAutomaticDelete(ctx: ResolverContext, id: unknown) {
  const discount = typeof id === "string" ? ctx.store.appDiscount(id) : undefined;
  if (discount) ctx.store.removeAppDiscount(discount.id);
  return {
    __typename: "DiscountAutomaticDeletePayload",
    deletedAutomaticDiscountId: discount ? discount.id : null,
    userErrors: discount ? [] : [{ __typename: "DiscountUserError", extraInfo: null, ...NOT_FOUND }],
  };
}
