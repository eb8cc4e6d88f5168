// Dev script, not a test: the estimated Wasm instructions per 64-byte SHA-256 block of the generated
// compression function and of the alternatives sha256-codegen.ts can write, measured with
// bench/functions.ts's instrumented QuickJS. Run:
//   node --import tsx extensions/uplift-discount/tests/measure-sha256.ts
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { build } from "esbuild";
import { countScript } from "../../../bench/functions";
import { compressionSource, regenerated, SHA256_PATH } from "./sha256-codegen";

const BLOCKS = 20;

async function perBlock(source: string): Promise<{ perBlock: number; perChar: number; bytes: number }> {
  const bundled = await build({
    stdin: { contents: source, resolveDir: dirname(SHA256_PATH), sourcefile: "sha256.ts", loader: "ts" },
    bundle: true,
    format: "iife",
    globalName: "SHA",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = bundled.outputFiles[0]!.text;
  const setup = `${code}
const M = new Int32Array(${16 * BLOCKS}); for (let i = 0; i < M.length; i++) M[i] = Math.imul(i + 1, 2654435761);
const TEXT = "45012345670000*1,".repeat(${4 * BLOCKS});`;
  const many = await countScript(setup, "SHA.digestWords(M); return 0;");
  const one = await countScript(setup, "SHA.digestWords(M.subarray(0, 16)); return 0;");
  const read = await countScript(setup, "SHA.messageWords(TEXT); return 0;");
  const block = (many.wasmInstructions - one.wasmInstructions) / (BLOCKS - 1);
  return { perBlock: block, perChar: read.wasmInstructions / (17 * 4 * BLOCKS), bytes: code.length };
}

const current = readFileSync(SHA256_PATH, "utf8");
for (const [name, options] of [
  ["generated (src/sha256.ts)", {}],
  ["schedule sums wrapped too", { wrapSchedule: true }],
  ["round sums wrapped once", { wrapRounds: false }],
] as const) {
  const m = await perBlock(regenerated(current, compressionSource(options)));
  console.log(`${name.padEnd(28)} ~${(m.perBlock / 1000).toFixed(1)}k per block, ~${(m.perChar / 1000).toFixed(2)}k per character read, ${m.bytes} bytes bundled`);
}
