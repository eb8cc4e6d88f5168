import { createHash } from "node:crypto";
import type { ShopifyFunctionInfo } from "./model";
import type { ResolverContext } from "./views/context";

export type FunctionRef = { functionId?: unknown; functionHandle?: unknown };
export type FunctionLookup =
  | { ok: true; fn: ShopifyFunctionInfo }
  | { ok: false; code: "MISSING_FUNCTION_IDENTIFIER" | "MULTIPLE_FUNCTION_IDENTIFIERS" | "FUNCTION_NOT_FOUND"; field: string; message: string };

// Function ids are UUIDs; without a configured function list we derive a stable one from the
// handle so repeated installs agree.
export function functionIdFor(apiKey: string, handle: string): string {
  const h = createHash("sha1").update(`${apiKey}/${handle}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// Exactly one of functionId / functionHandle, then a lookup among the app's functions.
export function findFunction(ctx: ResolverContext, ref: FunctionRef, apiTypes: readonly string[]): FunctionLookup {
  const id = typeof ref.functionId === "string" && ref.functionId !== "" ? ref.functionId : null;
  const handle = typeof ref.functionHandle === "string" && ref.functionHandle !== "" ? ref.functionHandle : null;
  if (id && handle)
    return { ok: false, code: "MULTIPLE_FUNCTION_IDENTIFIERS", field: "functionHandle", message: "Only one of function_id or function_handle can be provided, not both." };
  if (!id && !handle)
    return { ok: false, code: "MISSING_FUNCTION_IDENTIFIER", field: "functionHandle", message: "Either function_id or function_handle must be provided." };
  const known = ctx.functions;
  const found = known
    ? known.find((f) => (handle ? f.handle === handle : f.id === id))
    : handle
      ? { id: functionIdFor(ctx.apiKey, handle), handle, apiType: apiTypes[0] ?? "", title: handle }
      : undefined;
  if (!found || !apiTypes.includes(found.apiType))
    return {
      ok: false,
      code: "FUNCTION_NOT_FOUND",
      field: handle ? "functionHandle" : "functionId",
      message: `Function ${handle ?? id} not found. Ensure that it is released in the current app (${ctx.apiKey}), and that the app is installed.`,
    };
  return { ok: true, fn: found };
}
