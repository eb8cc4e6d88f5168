import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseToml } from "smol-toml";
import * as entry from "../src";
import { EXTENSION_DIR } from "./fixtures";

const read = (path: string) => readFileSync(EXTENSION_DIR + path, "utf8");

describe("extension package", () => {
  const toml = parseToml(read("shopify.extension.toml")) as Record<string, unknown> & { extensions: Array<Record<string, unknown>> };
  const extension = toml.extensions[0]!;

  it("declares the 2026-07 delivery customization Function the way Shopify's template does", () => {
    expect(toml.api_version).toBe("2026-07");
    expect(toml.extensions).toHaveLength(1);
    expect(extension).toMatchObject({
      handle: "uplift-delivery-customization",
      type: "function",
      targeting: [
        {
          target: "cart.delivery-options.transform.run",
          input_query: "src/cart_delivery_options_transform_run.graphql",
          export: "cart-delivery-options-transform-run",
        },
      ],
      build: { command: "", path: "dist/function.wasm" },
      ui: { paths: { create: "/", details: "/" } },
    });
    expect(existsSync(EXTENSION_DIR + "src/cart_delivery_options_transform_run.graphql")).toBe(true);
  });

  it("exports the run function under the camelCase name of the TOML export", () => {
    expect(Object.keys(entry)).toEqual(["cartDeliveryOptionsTransformRun"]);
  });

  it("depends on @shopify/shopify_function 2.0.1 and nothing else at run time", () => {
    const pkg = JSON.parse(read("package.json")) as Record<string, unknown>;
    expect(pkg).toMatchObject({ private: true, type: "module", dependencies: { "@shopify/shopify_function": "2.0.1" } });
    expect(Object.keys(pkg.dependencies as object)).toEqual(["@shopify/shopify_function"]);
  });

  it("ships the unmodified 2026-07 schema (sha256 from its PROVENANCE.txt)", () => {
    expect(createHash("sha256").update(readFileSync(EXTENSION_DIR + "schema.graphql")).digest("hex")).toBe(
      "d56521008e1dfc1d1d16803b4e5e8ff35273d8dc19c3f24e155e501d9b337ad0",
    );
  });
});
