import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Kind, parse, type SelectionSetNode } from "graphql";
import { describe, expect, it } from "vitest";
import { functionSchemaPath, MAX_QUERY_BYTES, MAX_QUERY_COST, readFunctionToml, validateFunctionResult, validateInputQuery } from "../../testing/harness";
import { DELIVERY, FIXTURES_DIR } from "./make-fixtures";
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

// The inputs the tests and the bench feed the Function must have the shape its queries give it
// (response keys are the aliases): a field the query does not select, or under another name, would
// make a fixture pass that Shopify's input would fail.
type Shape = Map<string, { optional: boolean; selection: SelectionSetNode | undefined }>;

function shapeOf(set: SelectionSetNode, optional = false, into: Shape = new Map()): Shape {
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) shapeOf(selection.selectionSet, true, into);
    else if (selection.kind === Kind.FIELD) into.set(selection.alias?.value ?? selection.name.value, { optional, selection: selection.selectionSet });
  }
  return into;
}

/** Where `value` leaves the query's shape, as paths. Leaf values (a metafield's jsonValue among them) are not looked into. */
function offShape(value: unknown, set: SelectionSetNode, path: string): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => offShape(v, set, `${path}[${i}]`));
  if (typeof value !== "object") return [`${path}: not an object`];
  const shape = shapeOf(set);
  const record = value as Record<string, unknown>;
  const errors = Object.keys(record).filter((k) => !shape.has(k)).map((k) => `${path}.${k}: not selected`);
  for (const [key, { optional, selection }] of shape) {
    if (!(key in record)) {
      if (!optional) errors.push(`${path}.${key}: missing`);
    } else if (selection) {
      errors.push(...offShape(record[key], selection, `${path}.${key}`));
    }
  }
  return errors;
}

describe("fixture inputs have the shape the input queries give", () => {
  const { targeting } = readFunctionToml(EXTENSION);
  const queryOf = (exportName: string) => {
    const file = targeting.find((t) => t.export === exportName)!.input_query!;
    const operation = parse(readFileSync(join(EXTENSION, file), "utf8")).definitions[0]!;
    if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error(`${file}: not an operation`);
    return operation.selectionSet;
  };

  for (const fixture of loadFixtures()) {
    it(fixture.name, () => {
      expect(offShape(fixture.input, queryOf(fixture.export), "input")).toEqual([]);
    });
  }

  it("the bench inputs, each for the targets it is run on", () => {
    const read = (file: string) => JSON.parse(readFileSync(join(FIXTURES_DIR, file), "utf8")) as { cart: Record<string, unknown> };
    for (const file of ["bench-input.json", "bench-input-20-lines.json"]) {
      // One file serves both targets: the lines query's fields, and the delivery groups.
      const { deliveryGroups, ...cart } = read(file).cart;
      expect(Array.isArray(deliveryGroups)).toBe(true);
      expect(offShape({ ...read(file), cart }, queryOf("cart-lines-discounts-generate-run"), file)).toEqual([]);
    }
    const delivery = `bench-input.${DELIVERY}.json`;
    expect(offShape(read(delivery), queryOf(DELIVERY), delivery)).toEqual([]);
  });

  it("finds a field the query does not select, or selects under another name", () => {
    const lines = queryOf("cart-lines-discounts-generate-run");
    const fixture = loadFixtures().find((f) => f.name === "percentage-valid")!.input as { cart: { lines: Array<Record<string, unknown>> } };
    const renamed = { ...fixture, cart: { ...fixture.cart, lines: fixture.cart.lines.map(({ q, ...l }) => ({ ...l, quantity: q })) } };
    expect(offShape(renamed, lines, "input")).toEqual(expect.arrayContaining(["input.cart.lines[0].quantity: not selected", "input.cart.lines[0].q: missing"]));
  });
});
