import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

// Every Admin GraphQL operation the app sends, checked against Shopify's 2026-07 Admin schema, so a
// field that drifts (renamed, removed, wrong argument) fails here before it fails in a shop.
// Operations are the template literals tagged with `#graphql`, the convention the app follows.

const root = resolve(import.meta.dirname, "../..");
const schemaPath = resolve(root, "../shared/reference/shopify/schemas/admin/admin-2026-07.schema.graphql");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function operations(): { file: string; text: string }[] {
  return sourceFiles(join(root, "app")).flatMap((file) => {
    const source = readFileSync(file, "utf8");
    return [...source.matchAll(/`#graphql\n([\s\S]*?)`/g)].map((m) => ({ file: relative(root, file), text: m[1]! }));
  });
}

describe("Admin GraphQL operations in app/", () => {
  const schema = buildSchema(readFileSync(schemaPath, "utf8"));
  const ops = operations();

  it("finds the operations (the scan itself works)", () => {
    expect(ops.length).toBeGreaterThanOrEqual(7);
    expect(ops.some((o) => o.text.includes("discountAutomaticAppCreate"))).toBe(true);
  });

  it.each(ops.map((o) => [o.file, o.text.trim().split("\n")[0], o.text] as const))("%s: %s validates against 2026-07", (_file, _name, text) => {
    const errors = validate(schema, parse(text)).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  it("would catch drift: a renamed field fails validation", () => {
    const op = ops.find((o) => o.text.includes("discountAutomaticAppCreate"))!;
    const drifted = op.text.replace("discountAutomaticAppCreate", "discountAutomaticAppCreat");
    expect(validate(schema, parse(drifted)).length).toBeGreaterThan(0);
  });
});
