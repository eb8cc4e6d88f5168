import { performance } from "node:perf_hooks";
import { newQuickJSWASMModule, type QuickJSContext, type QuickJSHandle, type QuickJSWASMModule } from "quickjs-emscripten";
import { exportToFunctionName } from "./bundle";
import { LOG_LIMIT_BYTES, SANDBOX_PRELUDE } from "./sandbox-prelude";

// Shopify's Function limits (shopify.dev/docs/api/functions/latest, 1 kB = 1000 bytes). QuickJS
// counts its own heap against the memory limit, Shopify the whole Wasm linear memory, so this is
// the same order of magnitude rather than the same number.
const MEMORY_LIMIT_BYTES = 10_000 * 1000;
const STACK_LIMIT_BYTES = 512 * 1000;
// A runaway loop should fail the test, not hang it. QuickJS calls the interrupt handler once every
// JS_INTERRUPT_COUNTER_INIT (10,000) poll points; 1M calls is ~10^10 of them, far past any budget.
const MAX_INTERRUPTS = 1_000_000;

// One compiled QuickJS module serves every run (each run still gets its own runtime and context).
// Deep recursion can exhaust Node's own stack inside the Wasm before QuickJS's 512 kB check fires;
// that leaves the module's memory in an unknown state, so the module is then thrown away.
let shared: Promise<QuickJSWASMModule> | undefined;
function quickJS(): Promise<QuickJSWASMModule> {
  shared ??= newQuickJSWASMModule();
  return shared;
}

/**
 * `ms` and `interrupts` cover the call of the export (reading the input, the user function, writing
 * the output). `evalMs` is evaluating the bundle as a module, mostly parsing it, which Javy does
 * ahead of time when it compiles the bytecode into the Wasm, so Shopify does not count it.
 */
export type SandboxRun = { output: unknown; ms: number; interrupts: number; evalMs: number; logs: string[] };

function dumpError(context: QuickJSContext, handle: QuickJSHandle): Error {
  const dumped = context.dump(handle) as { name?: string; message?: string; stack?: string } | string;
  handle.dispose();
  if (typeof dumped === "object" && dumped) return new Error(`${dumped.name ?? "Error"}: ${dumped.message ?? ""}\n${dumped.stack ?? ""}`.trim());
  return new Error(String(dumped));
}

/**
 * Runs one export of a bundled Function in a fresh QuickJS runtime: the engine Javy compiles to Wasm,
 * with Shopify's memory and stack limits and nothing but ECMAScript and `ShopifyFunction` in scope.
 * `interrupts` counts interrupt-handler calls, a rough and deterministic measure of work.
 */
export async function runInQuickJS(bundle: string, exportName: string, input: unknown): Promise<SandboxRun> {
  const QuickJS = await quickJS();
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(MEMORY_LIMIT_BYTES);
  runtime.setMaxStackSize(STACK_LIMIT_BYTES);
  let interrupts = 0;
  runtime.setInterruptHandler(() => ++interrupts > MAX_INTERRUPTS);
  const context = runtime.newContext();
  const inputJson = JSON.stringify(input);
  let outputJson: string | undefined;
  const logs: string[] = [];
  let logBytes = 0;
  try {
    const hostFunctions: Array<[string, QuickJSHandle]> = [
      ["__hostInput", context.newFunction("__hostInput", () => context.newString(inputJson))],
      ["__hostOutput", context.newFunction("__hostOutput", (json) => { outputJson = context.getString(json); })],
      ["__hostLog", context.newFunction("__hostLog", (line) => {
        const text = context.getString(line);
        if (logBytes < LOG_LIMIT_BYTES) logs.push(text);
        logBytes += Buffer.byteLength(text);
      })],
    ];
    for (const [name, fn] of hostFunctions) {
      context.setProp(context.global, name, fn);
      fn.dispose();
    }
    const prelude = context.evalCode(SANDBOX_PRELUDE, "prelude.js", { type: "global" });
    if (prelude.error) throw dumpError(context, prelude.error);
    prelude.value.dispose();

    const evalStarted = performance.now();
    const evaluated = context.evalCode(bundle, "function.js", { type: "module" });
    if (evaluated.error) throw dumpError(context, evaluated.error);
    let namespace = evaluated.value;
    // Module evaluation may hand back a promise for the namespace; settling it needs only the job
    // queue, never a timer, so draining it here is not the "async" a Function may not use.
    const first = context.getPromiseState(namespace);
    if (!(first.type === "fulfilled" && first.notAPromise)) {
      if (first.type === "fulfilled") first.value.dispose();
      runtime.executePendingJobs();
      const state = context.getPromiseState(namespace);
      namespace.dispose();
      if (state.type === "rejected") throw dumpError(context, state.error);
      if (state.type === "pending") throw new Error("module evaluation did not settle");
      namespace = state.value;
    }
    const fn = context.getProp(namespace, exportToFunctionName(exportName));
    namespace.dispose();
    if (context.typeof(fn) !== "function") {
      fn.dispose();
      throw new Error(`the bundle has no export ${exportToFunctionName(exportName)}`);
    }
    const evalMs = performance.now() - evalStarted;
    interrupts = 0;
    const started = performance.now();
    const called = context.callFunction(fn, context.undefined);
    fn.dispose();
    if (called.error) throw dumpError(context, called.error);
    called.value.dispose();
    const ms = performance.now() - started;
    if (runtime.hasPendingJob()) throw new Error("the Function left pending jobs: Promises and async code do not run in a Shopify Function");
    if (outputJson === undefined) throw new Error("the Function never called ShopifyFunction.writeOutput");
    return { output: JSON.parse(outputJson), ms, interrupts, evalMs, logs };
  } catch (error) {
    if (error instanceof RangeError || /Aborted\(/.test(String(error))) {
      shared = undefined;
      throw new Error(`the Function overflowed the host stack or aborted QuickJS (deep recursion?): ${String(error)}`);
    }
    throw error;
  } finally {
    if (shared) {
      context.dispose();
      runtime.dispose();
    }
  }
}
