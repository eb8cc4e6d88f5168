// Shopify Functions in QuickJS: every extension under extensions/ whose shopify.extension.toml says
// `type = "function"` is bundled as Shopify CLI bundles it, and each export runs on that Function's
// bench carts in a fresh QuickJS runtime per run, with Shopify's memory and stack limits:
//   - `tests/fixtures/bench-input.json` (or `bench-input.<export>.json` for one export), the 200-line
//     worst case, reported as case "default";
//   - any `tests/fixtures/bench-input-<case>.json`, run for every export as case "<case>" (the
//     discount Function adds `bench-input-20-lines.json`, the typical cart).
// A Function without a bench input is listed as skipped. For the discount Function every input
// carries a valid signed offer bound to its cart (a percentage targeting every line for the lines
// target, free shipping in the delivery target's own input), so the HMAC and the cart binding are
// included.
//
// What this measures, and what it cannot: Shopify's budget is 11M Wasm instructions (for carts up to
// 200 lines), counted by function-runner on the Javy-compiled Wasm. This bench reports
//   1. wall time in QuickJS (quickjs-emscripten: QuickJS compiled to Wasm, run by V8);
//   2. QuickJS interrupt-handler calls (a coarse, deterministic count of calls and loop iterations);
//   3. an ESTIMATE of Wasm instructions: the same QuickJS Wasm, rewritten here so that every basic
//      block adds its instruction count to a global (counted as wasmtime counts fuel: every operator
//      is 1 except nop, drop, block, loop, unreachable, return, else, end). It is the same
//      interpreter design but not the same build as Javy's (quickjs-emscripten's QuickJS 2025-09,
//      emscripten -Oz, vs. Javy's QuickJS built with wasi-sdk, and Javy's readInput/writeOutput are
//      Rust), so it gives the order of magnitude, not Shopify's number. Only `shopify app function
//      run` (which prints the instruction count) on a networked machine gives the real count.
//
// A Function may also have `tests/profile.ts` exporting `profiles: Record<export, (input, mark) => void>`:
// each is bundled on its own and run once per bench case in the instrumented QuickJS, calling
// `mark(step)` after every sub-step, so the estimate is split per step ("profile" in the results).
//
// Options (env or --flag=value): BENCH_RUNS/--runs (50), BENCH_WARMUP/--warmup (5);
// --profile-only: run only the sub-step profiles (printed, results file left alone).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { deflateRawSync } from "node:zlib";
import { build } from "esbuild";
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, type QuickJSHandle, type QuickJSWASMModule } from "quickjs-emscripten";
import { bundleFunction, exportToFunctionName, readFunctionToml, runInQuickJS } from "../extensions/testing/harness";

const ROOT = resolve(import.meta.dirname, "..");
const EXTENSIONS = join(ROOT, "extensions");
const { values: argv } = parseArgs({ options: { runs: { type: "string" }, warmup: { type: "string" }, "profile-only": { type: "boolean" } } });
const PROFILE_ONLY = argv["profile-only"] === true;
const RUNS = Number(argv.runs ?? process.env.BENCH_RUNS ?? 50);
const WARMUP = Number(argv.warmup ?? process.env.BENCH_WARMUP ?? 5);
const QUICKJS_VERSION = (JSON.parse(readFileSync(join(ROOT, "node_modules/quickjs-emscripten/package.json"), "utf8")) as { version: string }).version;
const QUICKJS_WASM = join(ROOT, "node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm");
const SHOPIFY_BUDGET = 11_000_000;

const INTERRUPT_NOTE =
  "QuickJS interrupt counts are not Wasm instructions. QuickJS decrements a counter at its poll points " +
  "(each call into JS_CallInternal and each backward jump/loop iteration in the bytecode interpreter, plus " +
  "long-running built-ins such as regexp execution) and calls the interrupt handler when it reaches 0, then " +
  "resets it to JS_INTERRUPT_COUNTER_INIT = 10000; so one interrupt is roughly 10,000 calls or loop " +
  "iterations, not a fixed number of bytecodes or instructions. It is deterministic for a given program and " +
  "input, so it is useful to compare runs and spot super-linear work. Shopify's limit is 11,000,000 Wasm " +
  "instructions for carts of up to 200 lines (scaled by lines × 0.005 above that, at most ×10), counted by " +
  "function-runner on the Javy build; measure that with `shopify app function run` (which prints the " +
  "instruction count) on a networked machine.";
const WASM_NOTE =
  "wasmInstructions is an estimate, not Shopify's count: the quickjs-emscripten release Wasm (QuickJS " +
  "2025-09-13, emscripten -Oz) is rewritten so every basic block adds its operator count to a global, with " +
  "wasmtime's fuel weights (1 per operator; nop, drop, block, loop, unreachable, return, else, end free), " +
  "then the export is called once in a fresh runtime. total = the whole call; readInput = JSON.parse of the " +
  "input text inside QuickJS (Javy's plugin decodes the input in Rust instead, at a different cost); " +
  "userFunction = the Function's own code; writeOutput = JSON.stringify of the result. Javy compiles a " +
  "different QuickJS build with wasi-sdk, so expect the same order of magnitude, not the same number; " +
  "`shopify app function run` on a networked machine prints the real count against the 11M budget.";
const TIME_NOTE =
  "ms is the call of the export only (read input, run, write output) in a fresh runtime; evalMs is evaluating " +
  "the bundle as a module, mostly parsing, which Javy does ahead of time and Shopify does not count.";

type Stats = { mean: number; p50: number; p99: number; min: number; max: number };

function stats(values: number[]): Stats {
  const v = [...values].sort((a, b) => a - b);
  const at = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))]!;
  const round = (x: number) => +x.toFixed(3);
  return { mean: round(v.reduce((a, b) => a + b, 0) / v.length), p50: round(at(0.5)), p99: round(at(0.99)), min: round(v[0]!), max: round(v[v.length - 1]!) };
}

type BenchCase = { name: string; path: string; input: unknown };

function benchCases(dir: string, exportName: string): BenchCase[] {
  const fixtures = join(dir, "tests", "fixtures");
  const read = (file: string, name: string): BenchCase => {
    const path = join(fixtures, file);
    return { name, path: path.slice(ROOT.length + 1), input: JSON.parse(readFileSync(path, "utf8")) };
  };
  const cases: BenchCase[] = [];
  const main = [`bench-input.${exportName}.json`, "bench-input.json"].find((f) => existsSync(join(fixtures, f)));
  if (main) cases.push(read(main, "default"));
  if (existsSync(fixtures)) {
    for (const file of readdirSync(fixtures).sort()) {
      const m = /^bench-input-([a-z0-9-]+)\.json$/.exec(file);
      if (m) cases.push(read(file, m[1]!));
    }
  }
  return cases;
}

function cartLines(input: unknown): number | null {
  const lines = (input as { cart?: { lines?: unknown } } | null)?.cart?.lines;
  return Array.isArray(lines) ? lines.length : null;
}

// ---------------------------------------------------------------------------------------------
// Wasm instruction estimate: a minimal Wasm rewriter (MVP + sign-extension, saturating truncation,
// bulk memory and reference types, which is what emscripten's QuickJS build uses; anything else
// throws and the estimate is reported as unavailable).

class Reader {
  p = 0;
  constructor(readonly b: Uint8Array) {}
  u8(): number {
    return this.b[this.p++]!;
  }
  u32(): number {
    let result = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = this.b[this.p++]!;
      result += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return result;
  }
  skipLeb(): void {
    while (this.b[this.p++]! & 0x80);
  }
  bytes(n: number): Uint8Array {
    const out = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Signed LEB128 of a non-negative integer below 2^53. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n % 128;
    n = Math.floor(n / 128);
    if (n === 0 && (byte & 0x40) === 0) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

// wasmtime's fuel: these operators cost nothing, every other one costs 1.
const FREE_OPS = new Set([0x00, 0x01, 0x02, 0x03, 0x05, 0x0b, 0x0f, 0x1a]);

function instrumentBody(body: Uint8Array, counter: number): Uint8Array {
  const r = new Reader(body);
  const localDecls = r.u32();
  for (let i = 0; i < localDecls; i++) {
    r.u32();
    r.u8();
  }
  const parts: Array<Uint8Array | { count: number }> = [body.subarray(0, r.p)];
  let segment = { count: 0 };
  parts.push(segment);
  let live = true;
  let depth = 0;
  let copied = r.p;
  // A new straight-line segment starts here: close the bytes so far and open a counter slot.
  const split = () => {
    parts.push(body.subarray(copied, r.p));
    copied = r.p;
    segment = { count: 0 };
    parts.push(segment);
    live = true;
  };
  const blockType = () => {
    const first = r.b[r.p]!;
    if (first === 0x40 || (first >= 0x6f && first <= 0x7f)) r.p++;
    else r.skipLeb(); // s33 type index
  };
  while (r.p < body.length) {
    const op = r.u8();
    if (live && !FREE_OPS.has(op)) segment.count++;
    switch (op) {
      case 0x02: case 0x03: case 0x04: // block, loop, if: the body is a new segment
        blockType();
        depth++;
        split();
        break;
      case 0x05: // else
        split();
        break;
      case 0x0b: // end (the last one ends the function)
        depth--;
        if (depth >= 0) split();
        break;
      case 0x0c: // br
        r.u32();
        live = false;
        break;
      case 0x0d: // br_if: the fall-through is a new segment
        r.u32();
        split();
        break;
      case 0x0e: { // br_table
        const n = r.u32();
        for (let i = 0; i <= n; i++) r.u32();
        live = false;
        break;
      }
      case 0x00: case 0x0f: // unreachable, return
        live = false;
        break;
      case 0x12: // return_call
        r.u32();
        live = false;
        break;
      case 0x13: // return_call_indirect
        r.u32();
        r.u32();
        live = false;
        break;
      case 0x10: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0xd2:
        r.u32();
        break;
      case 0x11: // call_indirect
        r.u32();
        r.u32();
        break;
      case 0x1c: { // select t*
        const n = r.u32();
        r.bytes(n);
        break;
      }
      case 0x3f: case 0x40: case 0xd0:
        r.u8();
        break;
      case 0x41: case 0x42:
        r.skipLeb();
        break;
      case 0x43:
        r.bytes(4);
        break;
      case 0x44:
        r.bytes(8);
        break;
      case 0xfc: {
        const sub = r.u32();
        if (sub <= 7) break;
        if (sub === 8) { r.u32(); r.u8(); }
        else if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) r.u32();
        else if (sub === 10) { r.u8(); r.u8(); }
        else if (sub === 11) r.u8();
        else if (sub === 12 || sub === 14) { r.u32(); r.u32(); }
        else throw new Error(`unsupported opcode 0xfc ${sub}`);
        break;
      }
      default:
        if (op >= 0x28 && op <= 0x3e) { r.u32(); r.u32(); break; } // loads and stores: memarg
        if ((op >= 0x45 && op <= 0xc4) || op === 0x01 || op === 0x1a || op === 0x1b || op === 0xd1) break;
        throw new Error(`unsupported opcode 0x${op.toString(16)}`);
    }
  }
  parts.push(body.subarray(copied));
  const g = uleb(counter);
  const out: number[] = [];
  for (const part of parts) {
    if (part instanceof Uint8Array) {
      for (const byte of part) out.push(byte);
    } else if (part.count > 0) {
      // global.get $n; i64.const count; i64.add; global.set $n
      out.push(0x23, ...g, 0x42, ...sleb(part.count), 0x7c, 0x24, ...g);
    }
  }
  return Uint8Array.from(out);
}

const COUNTER_EXPORT = "__bench_wasm_instructions";

/** The module with a mutable i64 global, exported as COUNTER_EXPORT, that counts executed operators. */
function instrumentWasm(wasm: Uint8Array): Uint8Array {
  const r = new Reader(wasm);
  r.p = 8;
  const sections: Array<{ id: number; content: Uint8Array }> = [];
  while (r.p < wasm.length) {
    const id = r.u8();
    const size = r.u32();
    sections.push({ id, content: r.bytes(size) });
  }
  let importedGlobals = 0;
  const imports = sections.find((s) => s.id === 2);
  if (imports) {
    const s = new Reader(imports.content);
    const n = s.u32();
    for (let i = 0; i < n; i++) {
      s.bytes(s.u32());
      s.bytes(s.u32());
      const kind = s.u8();
      if (kind === 0) s.u32();
      else if (kind === 1 || kind === 2) {
        if (kind === 1) s.u8();
        const flags = s.u8();
        s.u32();
        if (flags & 1) s.u32();
      } else if (kind === 3) {
        s.u8();
        s.u8();
        importedGlobals++;
      } else throw new Error(`unsupported import kind ${kind}`);
    }
  }
  const globals = sections.find((s) => s.id === 6);
  if (!globals) throw new Error("the module has no global section");
  const gr = new Reader(globals.content);
  const definedGlobals = gr.u32();
  const counter = importedGlobals + definedGlobals;
  globals.content = Uint8Array.from([...uleb(definedGlobals + 1), ...globals.content.subarray(gr.p), 0x7e, 0x01, 0x42, 0x00, 0x0b]);
  const exportsSection = sections.find((s) => s.id === 7);
  if (!exportsSection) throw new Error("the module has no export section");
  const er = new Reader(exportsSection.content);
  const exportCount = er.u32();
  const name = [...Buffer.from(COUNTER_EXPORT)];
  exportsSection.content = Uint8Array.from([...uleb(exportCount + 1), ...exportsSection.content.subarray(er.p), ...uleb(name.length), ...name, 0x03, ...uleb(counter)]);
  const code = sections.find((s) => s.id === 10);
  if (!code) throw new Error("the module has no code section");
  const cr = new Reader(code.content);
  const bodies = cr.u32();
  const chunks: Uint8Array[] = [Uint8Array.from(uleb(bodies))];
  for (let i = 0; i < bodies; i++) {
    const body = instrumentBody(cr.bytes(cr.u32()), counter);
    chunks.push(Uint8Array.from(uleb(body.length)), body);
  }
  code.content = Buffer.concat(chunks);
  const out: Uint8Array[] = [wasm.subarray(0, 8)];
  for (const s of sections) out.push(Uint8Array.from([s.id, ...uleb(s.content.length)]), s.content);
  return Buffer.concat(out);
}

type Counting = { module: QuickJSWASMModule; read: () => bigint };
let counting: Promise<Counting> | undefined;

function countingQuickJS(): Promise<Counting> {
  counting ??= (async () => {
    const compiled = new WebAssembly.Module(new Uint8Array(instrumentWasm(readFileSync(QUICKJS_WASM))));
    let instance: WebAssembly.Instance | undefined;
    const variant = newVariant(RELEASE_SYNC, {
      emscriptenModule: {
        instantiateWasm(imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
          void WebAssembly.instantiate(compiled, imports).then((created) => {
            instance = created;
            onSuccess(created, compiled);
          });
          return {};
        },
      } as never,
    });
    const module = await newQuickJSWASMModuleFromVariant(variant);
    const global = instance?.exports[COUNTER_EXPORT];
    if (!(global instanceof WebAssembly.Global)) throw new Error("the instrumented module has no counter");
    return { module, read: () => global.value as bigint };
  })();
  return counting;
}

type WasmCount = { total: number; readInput: number; userFunction: number; writeOutput: number; shareOfBudget: number };

/** One call of the export in a fresh runtime of the instrumented QuickJS, split at readInput/writeOutput. */
async function countWasmInstructions(bundle: string, exportName: string, input: unknown, expected: unknown): Promise<WasmCount> {
  const { module, read } = await countingQuickJS();
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(10_000 * 1000);
  runtime.setMaxStackSize(512 * 1000);
  const context = runtime.newContext();
  const inputJson = JSON.stringify(input);
  const marks: bigint[] = [];
  let outputJson: string | undefined;
  try {
    const host: Array<[string, QuickJSHandle]> = [
      ["__in", context.newFunction("__in", () => context.newString(inputJson))],
      ["__mark", context.newFunction("__mark", () => void marks.push(read()))],
      ["__out", context.newFunction("__out", (json) => void (outputJson = context.getString(json)))],
    ];
    for (const [name, fn] of host) {
      context.setProp(context.global, name, fn);
      fn.dispose();
    }
    const prelude = context.unwrapResult(
      context.evalCode(
        "globalThis.ShopifyFunction = { readInput: () => { const v = JSON.parse(__in()); __mark(); return v; }, " +
          "writeOutput: (v) => { __mark(); __out(JSON.stringify(v)); } };",
        "prelude.js",
        { type: "global" },
      ),
    );
    prelude.dispose();
    const namespace = context.unwrapResult(context.evalCode(bundle, "function.js", { type: "module" }));
    runtime.executePendingJobs();
    const state = context.getPromiseState(namespace);
    const ns = state.type === "fulfilled" ? state.value : namespace;
    const fn = context.getProp(ns, exportToFunctionName(exportName));
    if (ns !== namespace) ns.dispose();
    namespace.dispose();
    const before = read();
    const called = context.unwrapResult(context.callFunction(fn, context.undefined));
    const after = read();
    called.dispose();
    fn.dispose();
    if (outputJson === undefined || marks.length !== 2) throw new Error("the export did not read its input and write its output once");
    if (JSON.stringify(JSON.parse(outputJson)) !== JSON.stringify(expected)) throw new Error("the instrumented QuickJS gave another output");
    const total = Number(after - before);
    return {
      total,
      readInput: Number(marks[0]! - before),
      userFunction: Number(marks[1]! - marks[0]!),
      writeOutput: Number(after - marks[1]!),
      shareOfBudget: +(total / SHOPIFY_BUDGET).toFixed(3),
    };
  } finally {
    context.dispose();
    runtime.dispose();
  }
}

/**
 * For dev scripts (e.g. extensions/uplift-discount/tests/measure-sha256.ts): the estimated Wasm
 * instructions of running `body` (a function body) once, after `setup` (a global script) ran
 * uncounted, in a fresh runtime of the instrumented QuickJS. Compiling either is not counted.
 * Returns the count and the body's return value (dumped).
 */
export async function countScript(setup: string, body: string): Promise<{ wasmInstructions: number; result: unknown }> {
  const { module, read } = await countingQuickJS();
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(10_000 * 1000);
  runtime.setMaxStackSize(512 * 1000);
  const context = runtime.newContext();
  try {
    context.unwrapResult(context.evalCode(`${setup}\n;globalThis.__body = function () {\n${body}\n};`, "setup.js", { type: "global" })).dispose();
    const fn = context.getProp(context.global, "__body");
    const before = read();
    const called = context.callFunction(fn, context.undefined);
    const after = read();
    fn.dispose();
    const result = context.unwrapResult(called);
    const value: unknown = context.dump(result);
    result.dispose();
    return { wasmInstructions: Number(after - before), result: value };
  } finally {
    context.dispose();
    runtime.dispose();
  }
}

type ProfileStep = { step: string; wasmInstructions: number };

/** The Function's `tests/profile.ts` bundled with an entry calling `profiles[exportName]`, or null. */
async function profileBundle(dir: string): Promise<string | null> {
  const path = join(dir, "tests", "profile.ts");
  if (!existsSync(path)) return null;
  const result = await build({
    stdin: {
      contents: `import { profiles } from ${JSON.stringify(path)};\n` +
        "export function __profile(name) { const input = JSON.parse(__in()); __mark(\"(start)\"); const run = profiles[name]; if (run) run(input, __mark); }",
      resolveDir: dir,
      sourcefile: "profile-entry.js",
      loader: "js",
    },
    bundle: true,
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? null;
}

/** Wasm instructions between consecutive `mark(step)` calls of one profile run (fresh runtime). */
async function profileSteps(bundle: string, exportName: string, input: unknown): Promise<ProfileStep[]> {
  const { module, read } = await countingQuickJS();
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(10_000 * 1000);
  runtime.setMaxStackSize(512 * 1000);
  const context = runtime.newContext();
  const inputJson = JSON.stringify(input);
  const marks: Array<{ step: string; at: bigint }> = [];
  try {
    const host: Array<[string, QuickJSHandle]> = [
      ["__in", context.newFunction("__in", () => context.newString(inputJson))],
      ["__mark", context.newFunction("__mark", (step) => void marks.push({ step: context.getString(step), at: read() }))],
    ];
    for (const [name, fn] of host) {
      context.setProp(context.global, name, fn);
      fn.dispose();
    }
    const namespace = context.unwrapResult(context.evalCode(bundle, "profile.js", { type: "module" }));
    runtime.executePendingJobs();
    const state = context.getPromiseState(namespace);
    const ns = state.type === "fulfilled" ? state.value : namespace;
    const fn = context.getProp(ns, "__profile");
    if (ns !== namespace) ns.dispose();
    namespace.dispose();
    const name = context.newString(exportName);
    context.unwrapResult(context.callFunction(fn, context.undefined, name)).dispose();
    name.dispose();
    fn.dispose();
  } finally {
    context.dispose();
    runtime.dispose();
  }
  return marks.slice(1).map((m, i) => ({ step: m.step, wasmInstructions: Number(m.at - marks[i]!.at) }));
}

// ---------------------------------------------------------------------------------------------

async function benchExport(bundle: string, exportName: string, input: unknown) {
  for (let i = 0; i < WARMUP; i++) await runInQuickJS(bundle, exportName, input);
  const ms: number[] = [];
  const evalMs: number[] = [];
  const interrupts: number[] = [];
  let output: unknown;
  for (let i = 0; i < RUNS; i++) {
    const run = await runInQuickJS(bundle, exportName, input);
    ms.push(run.ms);
    evalMs.push(run.evalMs);
    interrupts.push(run.interrupts);
    output = run.output;
  }
  let wasmInstructions: WasmCount | { unavailable: string };
  try {
    wasmInstructions = await countWasmInstructions(bundle, exportName, input, output);
  } catch (error) {
    wasmInstructions = { unavailable: String(error) };
  }
  const operations = (output as { operations?: unknown[] } | null)?.operations;
  return {
    msPerRun: stats(ms),
    evalMs: stats(evalMs),
    interruptsPerRun: stats(interrupts),
    wasmInstructions,
    outputBytes: Buffer.byteLength(JSON.stringify(output)),
    operations: Array.isArray(operations) ? operations.length : null,
  };
}

function isFunctionToml(dir: string): boolean {
  try {
    return readFunctionToml(dir).type === "function";
  } catch {
    return false;
  }
}

async function main() {
  const functions = [];
  const dirs = readdirSync(EXTENSIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(EXTENSIONS, d.name, "shopify.extension.toml")))
    .map((d) => join(EXTENSIONS, d.name))
    .sort();
  for (const dir of dirs) {
    // Other extensions (a web pixel's TOML has no [[extensions]] table) are not Functions.
    const toml = isFunctionToml(dir) ? readFunctionToml(dir) : null;
    if (toml?.type !== "function") continue;
    const bundle = await bundleFunction(dir);
    const profiler = await profileBundle(dir);
    const entry = {
      handle: toml.handle,
      bundle: { rawBytes: Buffer.byteLength(bundle), deflatedBytes: deflateRawSync(bundle, { level: 9 }).length },
      exports: [] as unknown[],
      skipped: [] as Array<{ export: string; reason: string }>,
    };
    for (const target of toml.targeting) {
      if (!target.export) continue;
      const cases = benchCases(dir, target.export);
      if (cases.length === 0) {
        entry.skipped.push({ export: target.export, reason: "no tests/fixtures/bench-input.json" });
        console.log(`${toml.handle} ${target.export}: skipped (no bench input)`);
        continue;
      }
      for (const c of cases) {
        const lines = cartLines(c.input);
        const steps = profiler ? await profileSteps(profiler, target.export, c.input) : [];
        if (steps.length > 0) {
          console.log(`${toml.handle} ${target.export} [${c.name}, ${lines} lines] profile (est. Wasm instructions per step):`);
          for (const s of steps) console.log(`  ${(s.wasmInstructions / 1e6).toFixed(3).padStart(8)}M  ${s.step}`);
        }
        if (PROFILE_ONLY) continue;
        const inputBytes = Buffer.byteLength(JSON.stringify(c.input));
        const result = await benchExport(bundle, target.export, c.input);
        const profile = steps.length > 0 ? { profile: steps } : {};
        entry.exports.push({ export: target.export, target: target.target, case: c.name, input: c.path, cartLines: lines, inputBytes, runs: RUNS, ...result, ...profile });
        const wasm = "total" in result.wasmInstructions
          ? `~${(result.wasmInstructions.total / 1e6).toFixed(2)}M Wasm instructions (est.; user code ${(result.wasmInstructions.userFunction / 1e6).toFixed(2)}M)`
          : `Wasm instructions unavailable: ${result.wasmInstructions.unavailable}`;
        console.log(
          `${toml.handle} ${target.export} [${c.name}, ${lines} lines]: ${result.msPerRun.mean} ms mean, ${result.msPerRun.p50} p50, ` +
            `${result.msPerRun.p99} p99; ${result.interruptsPerRun.mean} interrupts/run; ${wasm}; ${result.operations} operations`,
        );
      }
    }
    functions.push(entry);
  }
  if (PROFILE_ONLY) return;
  const report = {
    benchmark: "Shopify Functions: each export of each Function bundled like Shopify CLI and run in QuickJS on its bench carts (200 lines, and 20 lines where given)",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version },
    engine: `quickjs-emscripten ${QUICKJS_VERSION} (QuickJS compiled to Wasm, run by V8), fresh runtime per run, memory 10,000 kB, stack 512 kB`,
    runs: RUNS,
    warmup: WARMUP,
    functions,
    notes: {
      interrupts: INTERRUPT_NOTE,
      wasmInstructions: WASM_NOTE,
      time: TIME_NOTE,
      bundle: "rawBytes is the esbuild output (ESM, es2022, not minified); deflatedBytes is raw DEFLATE at level 9. Javy stores QuickJS bytecode, not this text, in a Wasm module capped at 256 kB.",
    },
  };
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(ROOT, "bench/results/functions.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log("wrote bench/results/functions.json");
}

// Run as a script; imported (countScript), do nothing.
if (resolve(process.argv[1] ?? "") === import.meta.filename) await main();
