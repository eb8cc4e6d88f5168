// @vitest-environment node
// (esbuild refuses to run under jsdom: its TextEncoder check fails there.)
import { brotliCompressSync, constants, deflateSync } from "node:zlib";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, test } from "vitest";

const root = join(__dirname, "..");
/** Shopify's limit for UI extensions on API ≥ 2025-10: 64 KB compressed, measured with deflate. */
const LIMIT = 64 * 1024;

const TARGETS = [
  ["purchase.checkout.block.render", "./src/Checkout.tsx"],
  ["purchase.thank-you.block.render", "./src/ThankYou.tsx"],
] as const;

// As the Shopify CLI bundles a ui_extension: esbuild, everything bundled (preact, @preact/signals
// and @shopify/ui-extensions included), minified, JSX automatic (preact from tsconfig), production.
async function bundle(entry: { module: string } | { stdin: string }) {
  const result = await build({
    ...("module" in entry
      ? { entryPoints: [join(root, entry.module)] }
      : { stdin: { contents: entry.stdin, resolveDir: root, loader: "tsx" as const } }),
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: "esm",
    minify: true,
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const sizes = {
    raw: code.byteLength,
    deflate: deflateSync(code).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
  return { code: new TextDecoder().decode(code), sizes };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const report = (label: string, s: { raw: number; deflate: number; brotli: number }) =>
  console.log(`${label}: raw ${s.raw} B (${kb(s.raw)}), deflate ${s.deflate} B (${kb(s.deflate)}), brotli-11 ${s.brotli} B (${kb(s.brotli)})`);

describe("bundle size", () => {
  test.each(TARGETS)("%s (%s) alone is under 64 KB deflated", async (target, module) => {
    const { code, sizes } = await bundle({ module });
    report(`${target} ${module}`, sizes);
    expect(code).toContain("uplift-accepted-offer"); // the module's own code made it in
    expect(sizes.deflate).toBeLessThan(LIMIT);
  });

  // What is actually deployed: the CLI puts every target of the extension into one script,
  // `import Target_0 from '<module>';shopify.extend('<target>', (...args) => Target_0(...args));`.
  test("the whole extension, as the CLI's single entry, is under 64 KB deflated", async () => {
    const stdin = TARGETS.map(
      ([target, module], i) => `import Target_${i} from '${module}';shopify.extend('${target}', (...args) => Target_${i}(...args));`,
    ).join("\n");
    const { code, sizes } = await bundle({ stdin });
    report("extension (all targets)", sizes);
    expect(code).toContain("/api/checkout/offer");
    expect(code).toContain("setSignals"); // @shopify/ui-extensions/preact is bundled, not external
    expect(sizes.deflate).toBeLessThan(LIMIT);
  });
});
