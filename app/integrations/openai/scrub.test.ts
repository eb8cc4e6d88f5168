import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scrubPersonalData } from "./scrub";
import { generatePayload, type Generated } from "./scrub-payloads";

const PAYLOADS = 10_000;
const SEPARATORS = /[\s\-.()/+\u00a0]/g;

function leaves(value: unknown, out: (string | number)[] = []): (string | number)[] {
  if (typeof value === "string" || typeof value === "number") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      leaves(v, out);
    }
  }
  return out;
}

// indexOf instead of a RegExp per word: unicode-aware patterns are slow to compile, 10,000 times over.
const LETTER = /[\p{L}\p{N}]/u;
function containsWord(haystack: string, word: string): boolean {
  for (let i = haystack.indexOf(word); i !== -1; i = haystack.indexOf(word, i + 1)) {
    const before = haystack[i - 1] ?? " ";
    const after = haystack[i + word.length] ?? " ";
    if (!LETTER.test(before) && !LETTER.test(after)) return true;
  }
  return false;
}

/** Everything planted that is still in the output, and every kept value that is not. */
function problems(g: Generated): string[] {
  const { value } = scrubPersonalData(g.payload);
  const json = JSON.stringify(value);
  const strings = leaves(value).map(String);
  const compact = strings.map((s) => s.replace(SEPARATORS, ""));
  const found: string[] = [];
  for (const s of g.planted.exact) if (json.includes(JSON.stringify(s).slice(1, -1)) || strings.some((t) => t.includes(s))) found.push(`exact ${s}`);
  const lower = json.toLowerCase();
  for (const w of g.planted.words) if (containsWord(lower, w.toLowerCase())) found.push(`name ${w}`);
  for (const d of g.planted.digits) if (compact.some((t) => t.includes(d))) found.push(`digits ${d}`);
  for (const n of g.planted.numbers) if (containsWord(json, n)) found.push(`postcode ${n}`);
  const out = new Set(leaves(value));
  for (const k of g.kept) if (!out.has(k)) found.push(`lost ${k}`);
  return found;
}

describe("scrubPersonalData on generated payloads", () => {
  it(`removes every planted personal value and keeps catalogue data in ${PAYLOADS} payloads`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= PAYLOADS; seed++) {
      const g = generatePayload(seed);
      const found = problems(g);
      if (found.length) failures.push(`seed ${seed}: ${found.join("; ")}\n${JSON.stringify(g.payload)}`);
      if (failures.length >= 5) break;
    }
    expect(failures).toEqual([]);
  });

  it("counts at least one redaction per planted fragment", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const g = generatePayload(seed);
      expect(scrubPersonalData(g.payload).redactions).toBeGreaterThanOrEqual(g.personalCount);
    }
  });
});

describe("scrubPersonalData on any JSON", () => {
  it("never throws, returns JSON, and is idempotent", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const once = scrubPersonalData(v);
        const twice = scrubPersonalData(once.value);
        expect(JSON.stringify(twice.value)).toBe(JSON.stringify(once.value));
        expect(twice.redactions).toBe(0);
      }),
      { numRuns: 2_000, seed: 20261122 },
    );
  });

  it("does not touch its input", () => {
    const input = { customer: { email: "a@b.co" }, note: "call 555-123-4567" };
    const copy = structuredClone(input);
    scrubPersonalData(input);
    expect(input).toEqual(copy);
  });
});

describe("scrubPersonalData on Shopify's sample webhooks", () => {
  const sample = (topic: string) => JSON.parse(readFileSync(new URL(`../../../../shared/reference/shopify/webhooks/${topic}.json`, import.meta.url), "utf8"));

  it("strips the customer and addresses from orders/create but keeps line items", () => {
    const order = sample("orders/create");
    const { value } = scrubPersonalData(order) as { value: typeof order };
    const json = JSON.stringify(value);
    for (const s of ["jon@example.com", "john@example.com", "Steve", "Shipper", "123 Shipping Street", "555-555-SHIP", "Ottawa", "123 Elm St."]) {
      expect(json).not.toContain(s);
    }
    expect(value.customer).toBe("[customer]");
    expect(value.billing_address).toBe("[address]");
    expect(value.token).toBe("[secret]");
    expect(value.line_items.map((l: { name: string; sku: string; price: string }) => [l.name, l.sku, l.price])).toEqual(
      order.line_items.map((l: { name: string; sku: string; price: string }) => [l.name, l.sku, l.price]),
    );
    expect(value.line_items[0].admin_graphql_api_id).toBe(order.line_items[0].admin_graphql_api_id);
  });

  it("strips a customers/create payload down to non-personal fields", () => {
    const customer = sample("customers/create");
    const { value } = scrubPersonalData(customer) as { value: Record<string, unknown> };
    for (const key of ["email", "first_name", "last_name", "phone", "addresses", "default_address"]) {
      const raw = customer[key];
      if (raw && !(Array.isArray(raw) && raw.length === 0)) expect(value[key]).toMatch(/^\[\w+\]$/);
    }
  });
});

describe("scrubPersonalData by example", () => {
  const free = (text: string) => (scrubPersonalData({ message: text }).value as { message: string }).message;

  it.each([
    ["Call +1 (555) 123-4567 or +44 20 7946 0958 or 0049-30-123456", "Call [phone] or [phone] or [phone]"],
    ["card 4111-1111-1111-1111 exp 12/27", "card [card] exp 12/27"],
    ["from 203.0.113.9 and 2001:db8::8a2e:370:7334 at 19:00:00", "from [ip] and [ip] at 19:00:00"],
    ["write to \"ana lopez\"@example.com or ana at example dot com", "write to [email] or [email]"],
    ["221B Baker Street, London NW1 6XE", "[address], London [address]"],
    ["Dear Zorbath Quillan, regards, Mr. Okafor", "Dear [name], regards, Mr. [name]"],
    ["SKU-12345-678 costs 19.99, fits 2019-2024, gid://shopify/ProductVariant/44012345678901", "SKU-12345-678 costs 19.99, fits 2019-2024, gid://shopify/ProductVariant/44012345678901"],
    ["meet at home. Great", "meet at home. Great"],
  ])("%s", (input, expected) => {
    expect(free(input)).toBe(expected);
  });

  it("removes a customer's name from free text but not from product titles", () => {
    const { value } = scrubPersonalData({
      billing_address: { first_name: "Rosalind", last_name: "Okafor" },
      line_items: [{ title: "Rosalind Print", sku: "PRINT-01", price: "12.00" }],
      properties: [{ name: "Engraving", value: "for rosalind okafor" }],
    });
    expect(value).toEqual({
      billing_address: "[address]",
      line_items: [{ title: "Rosalind Print", sku: "PRINT-01", price: "12.00" }],
      properties: [{ name: "Engraving", value: "for [name] [name]" }],
    });
  });

  it("keeps digit-only SKUs and ids but not long bare numbers", () => {
    const { value } = scrubPersonalData({ sku: "12345678", id: 820982911946154500, total: 4111111111111111, quantity: 3 });
    expect(value).toEqual({ sku: "12345678", id: 820982911946154500, total: "[number]", quantity: 3 });
  });
});
