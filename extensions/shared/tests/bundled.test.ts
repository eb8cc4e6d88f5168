// The Functions import this code by relative path, as no package: esbuild (Shopify CLI's bundler,
// reproduced by the harness) must inline all of it into each Function's bundle. Each Function's
// bundle.test.ts runs that bundle in QuickJS.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleFunction } from "../../testing/harness";

const MODULES = ["guards", "hash", "experiment", "assign-arm", "output-budget"];

describe.each(["uplift-delivery-customization", "uplift-payment-customization"])("the %s bundle", (extension) => {
  it("inlines every shared experiment module and leaves no import to resolve", async () => {
    const bundle = await bundleFunction(fileURLToPath(new URL(`../../${extension}`, import.meta.url)));
    for (const name of MODULES) expect(bundle).toContain(`shared/src/experiment/${name}.ts`);
    for (const fn of ["assignArm", "parseExperiment", "hashBucket", "spend"]) expect(bundle).toMatch(new RegExp(`^function ${fn}\\(`, "m"));
    expect(bundle).not.toMatch(/^import /m);
  });
});
