import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { parse as parseToml } from "smol-toml";

type Targeting = { target?: string; export?: string; input_query?: string };
type ExtensionToml = { extensions?: Array<{ type?: string; handle?: string; targeting?: Targeting[] }> };

/** `cart-lines-discounts-generate-run` → `cartLinesDiscountsGenerateRun`, as Shopify CLI maps exports. */
export function exportToFunctionName(exportName: string): string {
  return exportName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function readFunctionToml(extensionDir: string): { handle: string; type: string; targeting: Targeting[] } {
  const toml = parseToml(readFileSync(join(extensionDir, "shopify.extension.toml"), "utf8")) as ExtensionToml;
  const extension = toml.extensions?.[0];
  if (!extension) throw new Error(`${extensionDir}: shopify.extension.toml has no [[extensions]]`);
  return { handle: extension.handle ?? "", type: extension.type ?? "", targeting: extension.targeting ?? [] };
}

// Shopify CLI's ExportJavyBuilder writes an entry like this one, importing the default export of
// `@shopify/shopify_function/run`. That package is not installed here, so the entry carries the same
// few lines inline: read the input from the Javy plugin's global, call the user function, write its
// result. One zero-argument export per target, named after the target's `export` in camelCase.
function entrySource(exportNames: string[]): string {
  const lines = [
    "function __runFunction(userFunction) {",
    "  const input = ShopifyFunction.readInput();",
    "  const output = userFunction(input);",
    "  ShopifyFunction.writeOutput(output);",
    "}",
  ];
  for (const name of exportNames) {
    const fn = exportToFunctionName(name);
    lines.push(`import { ${fn} as __user_${fn} } from "user-function";`);
    lines.push(`export function ${fn}() { return __runFunction(__user_${fn}); }`);
  }
  return lines.join("\n");
}

/** Bundles a Function extension the way `shopify app function build` does before Javy compiles it. */
export async function bundleFunction(extensionDir: string): Promise<string> {
  const dir = resolve(extensionDir);
  const { targeting } = readFunctionToml(dir);
  const exportNames = targeting.map((t) => t.export).filter((e): e is string => typeof e === "string");
  if (exportNames.length === 0) throw new Error(`${dir}: no [[extensions.targeting]] declares an export`);
  const userFunction = ["src/index.ts", "src/index.js"].map((p) => join(dir, p)).find((p) => existsSync(p));
  if (!userFunction) throw new Error(`${dir}: no src/index.ts`);
  const result = await build({
    stdin: { contents: entrySource(exportNames), resolveDir: dir, sourcefile: "function-entry.js", loader: "js" },
    alias: { "user-function": userFunction },
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: false,
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`${dir}: esbuild produced no output`);
  return output.text;
}
