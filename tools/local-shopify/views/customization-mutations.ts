import type { FunctionCustomization } from "../model";
import { findFunction } from "../functions";
import { iso } from "../money";
import type { Args, ResolverContext } from "./context";
import { customizationView } from "./apps";
import { attachMetafields, metafieldErrors, type UserError } from "./metafield-input";

// Delivery and payment customizations: the same mutations with their own names and error codes.
const MAX_ACTIVE_CUSTOMIZATIONS = 25;

type Kind = FunctionCustomization["kind"];

const names = (kind: Kind) => {
  const typename = kind === "delivery" ? "DeliveryCustomization" : "PaymentCustomization";
  return {
    typename,
    root: kind === "delivery" ? "deliveryCustomization" : "paymentCustomization",
    error: `${typename}Error`,
    notFound: `${kind.toUpperCase()}_CUSTOMIZATION_NOT_FOUND`,
    maxActive: `MAXIMUM_ACTIVE_${kind.toUpperCase()}_CUSTOMIZATIONS`,
  };
};

function payload(ctx: ResolverContext, kind: Kind, action: "Create" | "Update", c: FunctionCustomization | null, userErrors: UserError[]) {
  const n = names(kind);
  return {
    __typename: `${n.typename}${action}Payload`,
    [n.root]: c ? customizationView(ctx, c) : null,
    userErrors: userErrors.map((e) => ({ __typename: n.error, ...e })),
  };
}

function find(ctx: ResolverContext, kind: Kind, id: unknown): FunctionCustomization | null {
  const c = typeof id === "string" ? ctx.store.customization(id) : undefined;
  return c && c.kind === kind ? c : null;
}

function notFound(kind: Kind, id: unknown): UserError {
  const n = names(kind);
  return { field: ["id"], message: `Could not find ${n.typename} with id: ${String(id)}`, code: n.notFound };
}

function activeLimitError(ctx: ResolverContext, kind: Kind, except: FunctionCustomization | null): UserError | null {
  const n = names(kind);
  const active = ctx.store.customizations.filter((c) => c.kind === kind && c.enabled && c !== except).length;
  return active >= MAX_ACTIVE_CUSTOMIZATIONS
    ? { field: [n.root, "enabled"], message: `Maximum of ${MAX_ACTIVE_CUSTOMIZATIONS} active ${kind} customizations reached.`, code: n.maxActive }
    : null;
}

export function createCustomization(ctx: ResolverContext, kind: Kind, input: Args) {
  const { root } = names(kind);
  const fn = findFunction(ctx, input, [`${kind}_customization`]);
  if (!fn.ok) return payload(ctx, kind, "Create", null, [{ field: [root, fn.field], message: fn.message, code: fn.code }]);
  if (typeof input.title !== "string" || input.title.trim() === "")
    return payload(ctx, kind, "Create", null, [{ field: [root, "title"], message: "Required input field must be present.", code: "REQUIRED_INPUT_FIELD" }]);
  const enabled = input.enabled !== false;
  const limit = enabled ? activeLimitError(ctx, kind, null) : null;
  if (limit) return payload(ctx, kind, "Create", null, [limit]);
  const created = ctx.store.addCustomization(
    { kind, title: input.title, enabled, functionId: fn.fn.id, functionHandle: fn.fn.handle },
    iso(ctx.now()),
  );
  const errors = attachMetafields(ctx, created.id, input.metafields, root, "INVALID_METAFIELDS");
  if (errors.length > 0) {
    ctx.store.removeCustomization(created.id);
    return payload(ctx, kind, "Create", null, errors);
  }
  return payload(ctx, kind, "Create", created, []);
}

// Title, enabled and metafields change; the Function cannot (FUNCTION_ID_CANNOT_BE_CHANGED).
export function updateCustomization(ctx: ResolverContext, kind: Kind, id: unknown, input: Args) {
  const { root } = names(kind);
  const existing = find(ctx, kind, id);
  if (!existing) return payload(ctx, kind, "Update", null, [notFound(kind, id)]);
  const errors: UserError[] = [];
  const handle = typeof input.functionHandle === "string" ? input.functionHandle : null;
  const functionId = typeof input.functionId === "string" ? input.functionId : null;
  if ((handle && handle !== existing.functionHandle) || (functionId && functionId !== existing.functionId))
    errors.push({ field: [root, handle ? "functionHandle" : "functionId"], message: "Function ID cannot be changed.", code: "FUNCTION_ID_CANNOT_BE_CHANGED" });
  if ("title" in input && (typeof input.title !== "string" || input.title.trim() === ""))
    errors.push({ field: [root, "title"], message: "Required input field must be present.", code: "REQUIRED_INPUT_FIELD" });
  const enabled = typeof input.enabled === "boolean" ? input.enabled : existing.enabled;
  const limit = enabled && !existing.enabled ? activeLimitError(ctx, kind, existing) : null;
  if (limit) errors.push(limit);
  errors.push(...metafieldErrors(ctx, existing.id, input.metafields, root, "INVALID_METAFIELDS"));
  if (errors.length > 0) return payload(ctx, kind, "Update", null, errors);
  ctx.store.updateCustomization(existing.id, { title: typeof input.title === "string" ? input.title : existing.title, enabled }, iso(ctx.now()));
  attachMetafields(ctx, existing.id, input.metafields, root, "INVALID_METAFIELDS");
  return payload(ctx, kind, "Update", existing, []);
}

// Deleting a customization deletes its metafields.
export function deleteCustomization(ctx: ResolverContext, kind: Kind, id: unknown) {
  const n = names(kind);
  const existing = find(ctx, kind, id);
  if (existing) ctx.store.removeCustomization(existing.id);
  return {
    __typename: `${n.typename}DeletePayload`,
    deletedId: existing ? existing.id : null,
    userErrors: existing ? [] : [{ __typename: n.error, ...notFound(kind, id) }],
  };
}
