import type { MetafieldWrite } from "../metafield-writes";
import { iso } from "../money";
import { resolveNamespace } from "./common";
import type { ResolverContext } from "./context";

// MetafieldsSetInput, and the MetafieldInput that Function owners (discounts, customizations) take.
export type MetafieldInput = {
  id?: string | null;
  ownerId?: string;
  namespace?: string | null;
  key?: string | null;
  type?: string | null;
  value?: string | null;
  compareDigest?: string | null;
};

export type UserError = { field: string[] | null; message: string; code: string | null };

export function toWrite(ctx: ResolverContext, input: MetafieldInput, ownerId: string): MetafieldWrite {
  // An `id` names an existing metafield of this owner; its namespace and key then apply.
  const existing = input.id ? ctx.store.metafieldById(input.id) : undefined;
  const sameOwner = existing && existing.ownerId === ctx.store.canonicalOwner(ownerId);
  const write: MetafieldWrite = {
    ownerId,
    namespace: sameOwner ? existing.namespace : resolveNamespace(input.namespace, ctx.appId),
    key: sameOwner ? existing.key : (input.key ?? ""),
    type: input.type ?? null,
    value: input.value ?? "",
  };
  // graphql-js leaves absent input fields out, so `in` tells "no check" from "must not exist" (null).
  if ("compareDigest" in input) write.compareDigest = input.compareDigest ?? null;
  return write;
}

// Metafields given with a Function owner are written like metafieldsSet (all or nothing), after the
// owner exists. Errors come back under the owner's input, e.g. ["automaticAppDiscount", "metafields", "0", "value"].
export function attachMetafields(ctx: ResolverContext, ownerId: string, raw: unknown, root: string, code: string): UserError[] {
  const errors = metafieldErrors(ctx, ownerId, raw, root, code);
  if (errors.length > 0) return errors;
  const inputs = Array.isArray(raw) ? (raw as MetafieldInput[]) : [];
  if (inputs.length > 0) ctx.store.setMetafields(inputs.map((m) => toWrite(ctx, m, ownerId)), iso(ctx.now()), ctx.appId);
  return [];
}

// The errors a write would give, without writing: updates check their metafields before changing anything.
export function metafieldErrors(ctx: ResolverContext, ownerId: string, raw: unknown, root: string, code: string): UserError[] {
  const inputs = Array.isArray(raw) ? (raw as MetafieldInput[]) : [];
  const owner = ctx.store.canonicalOwner(ownerId);
  const unknownId = inputs.findIndex((m) => m.id && ctx.store.metafieldById(m.id)?.ownerId !== owner);
  if (unknownId >= 0) return [{ field: [root, "metafields", String(unknownId), "id"], message: "Metafield does not exist.", code }];
  return ctx.store.validateMetafields(inputs.map((m) => toWrite(ctx, m, ownerId)), ctx.appId).map((e) => ({
    field: [root, "metafields", String(e.elementIndex ?? 0), ...(e.field?.slice(2) ?? [])],
    message: e.message,
    code,
  }));
}
