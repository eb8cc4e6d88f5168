// Test and bench helpers shared by every Shopify Function under extensions/. Plain Node code: it
// validates input queries offline, bundles a Function the way Shopify CLI does, and runs the bundle
// in QuickJS (the engine Javy compiles into the Wasm) or in a bare node:vm context.
import { join, resolve } from "node:path";

export { MAX_QUERY_BYTES, MAX_QUERY_COST, validateInputQuery } from "./query-cost";
export { bundleFunction, exportToFunctionName, readFunctionToml } from "./bundle";
export { runInQuickJS, type SandboxRun } from "./run-quickjs";
export { runInVm } from "./run-vm";
export { validateFunctionResult } from "./result-check";

export type FunctionApi = "discount" | "delivery-customization" | "payment-customization";

const EXTENSIONS_DIR = resolve(import.meta.dirname, "..");
const EXTENSION_FOR_API: Record<FunctionApi, string> = {
  discount: "uplift-discount",
  "delivery-customization": "uplift-delivery-customization",
  "payment-customization": "uplift-payment-customization",
};

/** The API schema Shopify CLI expects inside each Function's folder (`schema.graphql`). */
export function functionSchemaPath(api: FunctionApi): string {
  return join(EXTENSIONS_DIR, EXTENSION_FOR_API[api], "schema.graphql");
}
