// @vitest-environment node
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const root = join(__dirname, "..");
const PLURAL = new Set(["zero", "one", "two", "few", "many", "other"]);

/** Dotted keys; an object made only of plural categories counts as one key. */
function flatten(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 0 && entries.every(([k, v]) => PLURAL.has(k) && typeof v === "string")) return [prefix];
  return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function keysUsedInSource(): Set<string> {
  const dir = join(root, "src");
  const keys = new Set<string>();
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), "utf8");
    for (const match of text.matchAll(/translate\(\s*["'`]([^"'`]+)["'`]/g)) keys.add(match[1]!);
  }
  return keys;
}

const locales = Object.fromEntries(
  ["en.default", "fr", "de"].map((name) => {
    const json: unknown = JSON.parse(readFileSync(join(root, "locales", `${name}.json`), "utf8"));
    return [name, { json, keys: flatten(json).sort() }];
  }),
);

const used = keysUsedInSource();

test("the source uses translation keys (the grep works)", () => {
  expect(used.size).toBeGreaterThanOrEqual(10);
  expect(used).toContain("offer.percentage");
  expect(used).toContain("thankYou.freeShipping");
});

describe.each(Object.keys(locales))("%s", (name) => {
  test("has every key the source uses", () => {
    expect([...used].filter((k) => !locales[name]!.keys.includes(k))).toEqual([]);
  });

  test("has the same keys as en.default.json", () => {
    expect(locales[name]!.keys).toEqual(locales["en.default"]!.keys);
  });

  test("keeps the placeholders of en.default.json", () => {
    const get = (json: unknown, key: string) =>
      key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], json);
    const placeholders = (text: unknown) => [...JSON.stringify(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of locales["en.default"]!.keys) {
      expect(placeholders(get(locales[name]!.json, key)), key).toEqual(placeholders(get(locales["en.default"]!.json, key)));
    }
  });
});

test("no unused strings: every key is used by the source, except the extension name", () => {
  expect(locales["en.default"]!.keys.filter((k) => !used.has(k))).toEqual(["name"]);
});
