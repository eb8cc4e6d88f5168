// Script run in a sandbox before the bundle. The host exposes two plain functions, `__hostInput()`
// (the input as JSON text) and `__hostOutput(json)`; the prelude hides them behind the
// `ShopifyFunction` global the Javy plugin provides, so the bundle meets the same API it will in Wasm.
//
// It also fails loudly on what Shopify forbids but an engine happens to have: a Function must be
// deterministic ("you can't use any randomizing or clock functionality"), so `Date.now()`,
// `new Date()` without an argument and `Math.random()` throw. `new Date(string)` still parses.
// `writeOutput` rejects a Promise: Javy has no event loop, so an async run function would hand
// Shopify an empty object, which we would rather see as an error here.
// Javy provides `console` (logs, 1 kB kept), so the prelude does too; `TextEncoder` it provides as
// well, but our Functions do not rely on it, so it is left out to keep the sandbox strict.
export const SANDBOX_PRELUDE = `
(() => {
  const input = globalThis.__hostInput;
  const output = globalThis.__hostOutput;
  const log = globalThis.__hostLog;
  delete globalThis.__hostInput;
  delete globalThis.__hostOutput;
  delete globalThis.__hostLog;
  const forbidden = (what) => () => { throw new Error(what + " is not available in a Shopify Function (no clock, no randomness)"); };
  const RealDate = Date;
  function FunctionDate(...args) {
    if (!new.target) return forbidden("Date()")();
    if (args.length === 0) return forbidden("new Date()")();
    return Reflect.construct(RealDate, args, new.target);
  }
  FunctionDate.prototype = RealDate.prototype;
  FunctionDate.UTC = RealDate.UTC;
  FunctionDate.parse = RealDate.parse;
  FunctionDate.now = forbidden("Date.now()");
  globalThis.Date = FunctionDate;
  Math.random = forbidden("Math.random()");
  const format = (args) => args.map((a) => typeof a === "string" ? a : JSON.stringify(a)).join(" ");
  globalThis.console = { log: (...a) => log(format(a)), error: (...a) => log(format(a)), warn: (...a) => log(format(a)), info: (...a) => log(format(a)) };
  globalThis.ShopifyFunction = {
    readInput: () => JSON.parse(input()),
    writeOutput: (value) => {
      if (value !== null && typeof value === "object" && typeof value.then === "function") {
        throw new Error("writeOutput got a Promise: Shopify Functions have no event loop, the run function must be synchronous");
      }
      output(JSON.stringify(value));
    },
  };
})();
`;

/** Shopify keeps 1 kB of a Function's logs. */
export const LOG_LIMIT_BYTES = 1000;
