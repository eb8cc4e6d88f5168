import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { functionSchemaPath, MAX_QUERY_BYTES, MAX_QUERY_COST, readFunctionToml, validateFunctionResult, validateInputQuery } from "../../testing/harness";
import { DELIVERY } from "./make-fixtures";
import { loadFixtures } from "./load-fixtures";

const EXTENSION = join(import.meta.dirname, "..");
const schema = functionSchemaPath("discount");
const MUTATION = { [DELIVERY]: "cartDeliveryOptionsDiscountsGenerateRun" } as Record<string, string>;
const STATED_COST: Record<string, number> = { "cart.lines.discounts.generate.run": 19, "cart.delivery-options.discounts.generate.run": 15 };
const mutationFor = (exportName: string) => MUTATION[exportName] ?? "cartLinesDiscountsGenerateRun";

describe("input queries", () => {
  const { targeting } = readFunctionToml(EXTENSION);

  it("the TOML declares both targets with their queries", () => {
    expect(targeting.map((t) => t.target)).toEqual(["cart.lines.discounts.generate.run", "cart.delivery-options.discounts.generate.run"]);
  });

  for (const t of targeting) {
    it(`${t.input_query} validates and fits Shopify's limits`, () => {
      const result = validateInputQuery(schema, join(EXTENSION, t.input_query!));
      expect(result.errors).toEqual([]);
      expect(result.cost).toBeLessThanOrEqual(MAX_QUERY_COST);
      expect(result.bytes).toBeLessThanOrEqual(MAX_QUERY_BYTES);
      // The header comment of each query states its cost; keep it true.
      expect(result.cost).toBe(STATED_COST[t.target!]);
    });
  }
});

describe("fixture outputs are valid results for the schema", () => {
  for (const fixture of loadFixtures()) {
    it(fixture.name, () => {
      expect(validateFunctionResult(schema, mutationFor(fixture.export), fixture.expected)).toEqual([]);
    });
  }

  it("the check rejects what Shopify would reject", () => {
    const bad = {
      operations: [
        {
          productDiscountsAdd: {
            selectionStrategy: "EVERY",
            candidates: [{ targets: [{ cartLine: { id: "gid://shopify/CartLine/1" } }], value: { percentage: { value: "10" }, fixedAmount: { amount: "1" } } }],
          },
        },
      ],
    };
    const errors = validateFunctionResult(schema, "cartLinesDiscountsGenerateRun", bad);
    expect(errors.join("\n")).toMatch(/EVERY/);
    expect(errors.join("\n")).toMatch(/Exactly one key/);
    expect(validateFunctionResult(schema, "cartDeliveryOptionsDiscountsGenerateRun", { operations: [{ productDiscountsAdd: {} }] })).not.toEqual([]);
  });
});
