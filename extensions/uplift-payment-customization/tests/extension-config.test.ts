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

  it("declares the 2026-07 payment customization Function the way Shopify's template does", () => {
    expect(toml.api_version).toBe("2026-07");
    expect(toml.extensions).toHaveLength(1);
    expect(extension).toMatchObject({
      handle: "uplift-payment-customization",
      type: "function",
      targeting: [
        {
          target: "cart.payment-methods.transform.run",
          input_query: "src/cart_payment_methods_transform_run.graphql",
          export: "cart-payment-methods-transform-run",
        },
      ],
      build: { command: "", path: "dist/function.wasm" },
      ui: { paths: { create: "/", details: "/" } },
    });
    expect(existsSync(EXTENSION_DIR + "src/cart_payment_methods_transform_run.graphql")).toBe(true);
  });

  it("exports the run function under the camelCase name of the TOML export", () => {
    expect(Object.keys(entry)).toEqual(["cartPaymentMethodsTransformRun"]);
  });

  it("depends on @shopify/shopify_function 2.0.1 and nothing else at run time", () => {
    const pkg = JSON.parse(read("package.json")) as Record<string, unknown>;
    expect(pkg).toMatchObject({ private: true, type: "module", dependencies: { "@shopify/shopify_function": "2.0.1" } });
    expect(Object.keys(pkg.dependencies as object)).toEqual(["@shopify/shopify_function"]);
  });

  it("ships the unmodified 2026-07 schema (sha256 from its PROVENANCE.txt)", () => {
    expect(createHash("sha256").update(readFileSync(EXTENSION_DIR + "schema.graphql")).digest("hex")).toBe(
      "12516b3a84e92e59060d1813a4e5e700e0daa0f6607253632f9b31aee2579975",
    );
  });
});
