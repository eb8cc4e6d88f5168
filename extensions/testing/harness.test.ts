import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFunction, functionSchemaPath, runInQuickJS, runInVm, validateFunctionResult, validateInputQuery } from "./harness";

const scratch = mkdtempSync(join(tmpdir(), "uplift-harness-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function queryFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

// A throwaway Function extension: a TOML with two targets and a src/index.ts.
function fakeExtension(name: string, source: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "shopify.extension.toml"),
    [
      'api_version = "2026-07"',
      "[[extensions]]",
      `handle = "${name}"`,
      'type = "function"',
      "  [[extensions.targeting]]",
      '  target = "cart.lines.discounts.generate.run"',
      '  export = "cart-lines-discounts-generate-run"',
      "  [[extensions.targeting]]",
      '  target = "cart.delivery-options.discounts.generate.run"',
      '  export = "cart-delivery-options-discounts-generate-run"',
    ].join("\n"),
  );
  writeFileSync(join(dir, "src/index.ts"), source);
  return dir;
}

const schema = functionSchemaPath("discount");

describe("validateInputQuery", () => {
  it("finds the extension-local schema", () => {
    expect(existsSync(schema)).toBe(true);
    expect(functionSchemaPath("payment-customization")).toMatch(/uplift-payment-customization\/schema\.graphql$/);
  });

  it("accepts a valid query and prices it by Shopify's table", () => {
    const path = queryFile(
      "valid.graphql",
      `query Input {
        cart {
          lines { id quantity merchandise { __typename ... on ProductVariant { id product { hasAnyTag(tags: ["vip"]) } } } }
          metafield(namespace: "$app", key: "offer") { jsonValue value type }
        }
        shop { localTime { date } }
      }`,
    );
    const result = validateInputQuery(schema, path);
    expect(result.errors).toEqual([]);
    // id 1 + quantity 1 + __typename 0 + variant id 1 + hasAnyTag 3 + metafield 3 (its fields 0) + date 1
    expect(result.cost).toBe(10);
  });

  it("reports unknown fields and wrong argument types", () => {
    const path = queryFile("invalid.graphql", `query { cart { lines { price } metafield(key: 42) { value } } }`);
    const result = validateInputQuery(schema, path);
    expect(result.errors.length).toBeGreaterThanOrEqual(2);
    expect(result.errors.join("\n")).toMatch(/Cannot query field "price"/);
  });

  it("reports a syntax error instead of throwing", () => {
    const result = validateInputQuery(schema, queryFile("broken.graphql", "query { cart { "));
    expect(result.errors[0]).toMatch(/Syntax Error/);
  });

  it("measures a query with eleven metafields as over the 30 limit", () => {
    const fields = Array.from({ length: 11 }, (_, i) => `m${i}: metafield(namespace: "$app", key: "k${i}") { jsonValue }`);
    const result = validateInputQuery(schema, queryFile("costly.graphql", `query { cart { ${fields.join(" ")} } }`));
    expect(result.errors).toEqual([]);
    expect(result.cost).toBe(33);
  });

  it("counts fields reached through named fragments", () => {
    const path = queryFile("fragments.graphql", `query { cart { lines { ...L } } } fragment L on CartLine { id quantity }`);
    expect(validateInputQuery(schema, path).cost).toBe(2);
  });

  it("leaves comments out of the byte count but not a # inside a string", () => {
    const bare = `query { cart { metafield(namespace: "$app", key: "a#b") { jsonValue } } }\n`;
    const commented = `# a long comment that Shopify does not count ${"x".repeat(500)}\n${bare}# é trailing\n`;
    const a = validateInputQuery(schema, queryFile("bare.graphql", bare));
    const b = validateInputQuery(schema, queryFile("commented.graphql", commented));
    expect(a.bytes).toBe(Buffer.byteLength(bare));
    expect(b.bytes).toBe(a.bytes + 2); // the two newlines that ended the comment lines stay
  });
});

describe("validateFunctionResult", () => {
  it("accepts a well-formed result and names what is wrong with a bad one", () => {
    const ok = { operations: [{ orderDiscountsAdd: { selectionStrategy: "FIRST", candidates: [{ targets: [{ orderSubtotal: { excludedCartLineIds: [] } }], value: { fixedAmount: { amount: "5" } } }] } }] };
    expect(validateFunctionResult(schema, "cartLinesDiscountsGenerateRun", ok)).toEqual([]);
    expect(validateFunctionResult(schema, "cartLinesDiscountsGenerateRun", { operations: [{}] })[0]).toMatch(/Exactly one key/);
    expect(validateFunctionResult(schema, "cartLinesDiscountsGenerateRun", {})[0]).toMatch(/operations/);
    expect(validateFunctionResult(schema, "noSuchTarget", ok)[0]).toMatch(/not on the schema/);
  });
});

describe("bundleFunction", () => {
  it("exports one zero-argument function per target, wired to ShopifyFunction", async () => {
    const dir = fakeExtension(
      "echo",
      `export function cartLinesDiscountsGenerateRun(input: { n: number }) { return { lines: input.n * 2 }; }
       export function cartDeliveryOptionsDiscountsGenerateRun(input: { n: number }) { return { delivery: input.n + 1 }; }`,
    );
    const bundle = await bundleFunction(dir);
    expect(bundle).toMatch(/export \{[^}]*cartLinesDiscountsGenerateRun/);
    expect((await runInQuickJS(bundle, "cart-lines-discounts-generate-run", { n: 21 })).output).toEqual({ lines: 42 });
    expect((await runInVm(bundle, "cart-delivery-options-discounts-generate-run", { n: 1 })).output).toEqual({ delivery: 2 });
  });

  it("fails when src/index.ts lacks an export the TOML names", async () => {
    const dir = fakeExtension("missing", `export function cartLinesDiscountsGenerateRun() { return {}; }`);
    await expect(bundleFunction(dir)).rejects.toThrow(/cartDeliveryOptionsDiscountsGenerateRun/);
  });
});

describe("the sandboxes have no Node globals and no clock", () => {
  const both = [
    ["QuickJS", runInQuickJS],
    ["node:vm", runInVm],
  ] as const;
  const run = (body: string) =>
    bundleFunction(
      fakeExtension(
        `body-${Math.abs(hash(body))}`,
        `declare const Buffer: any, setTimeout: any, process: any;
         export function cartLinesDiscountsGenerateRun(input: unknown): unknown { ${body} }
         export function cartDeliveryOptionsDiscountsGenerateRun() { return {}; }`,
      ),
    );

  for (const [name, runner] of both) {
    it(`${name}: Buffer is not defined`, async () => {
      const bundle = await run(`return { hex: Buffer.from("x").toString("hex") };`);
      await expect(runner(bundle, "cart-lines-discounts-generate-run", {})).rejects.toThrow(/Buffer/);
    });

    it(`${name}: setTimeout and process are not defined`, async () => {
      await expect(runner(await run(`setTimeout(() => 0, 1); return {};`), "cart-lines-discounts-generate-run", {})).rejects.toThrow(/setTimeout/);
      await expect(runner(await run(`return { env: process.env };`), "cart-lines-discounts-generate-run", {})).rejects.toThrow(/process/);
    });

    it(`${name}: an async run function is an error`, async () => {
      const bundle = await run(`return Promise.resolve({ operations: [] });`);
      await expect(runner(bundle, "cart-lines-discounts-generate-run", {})).rejects.toThrow(/Promise/);
    });

    it(`${name}: Date.now and Math.random throw, parsing a date works`, async () => {
      await expect(runner(await run(`return { t: Date.now() };`), "cart-lines-discounts-generate-run", {})).rejects.toThrow(/clock/);
      await expect(runner(await run(`return { r: Math.random() };`), "cart-lines-discounts-generate-run", {})).rejects.toThrow(/randomness/);
      const parsed = await runner(await run(`return { d: new Date("2026-11-23T16:30:00.000Z").getUTCDate() };`), "cart-lines-discounts-generate-run", {});
      expect(parsed.output).toEqual({ d: 23 });
    });
  }

  it("QuickJS: counts interrupts in proportion to the work done", async () => {
    const bundle = await run(`let s = 0; for (let i = 0; i < (input as { n: number }).n; i++) s += i; return { s };`);
    const small = await runInQuickJS(bundle, "cart-lines-discounts-generate-run", { n: 10_000 });
    const large = await runInQuickJS(bundle, "cart-lines-discounts-generate-run", { n: 1_000_000 });
    expect(large.output).toEqual({ s: 499999500000 });
    expect(small.interrupts).toBeLessThan(5);
    expect(large.interrupts).toBeGreaterThan(50);
  });

  it("QuickJS: the 10,000 kB memory limit stops a runaway allocation", async () => {
    const bundle = await run(`const a: object[] = []; for (;;) a.push({ k: a.length });`);
    await expect(runInQuickJS(bundle, "cart-lines-discounts-generate-run", {})).rejects.toThrow(/out of memory/);
  });
});

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}
