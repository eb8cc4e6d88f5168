import { describe, expect, it } from "vitest";
import golden from "./cases.json";
import { decide } from "./decide";
import { context } from "./fixtures";

// Expected values were worked out by hand (see each case's `why`), not copied from the output.
type Expected = Record<string, unknown> & { reasonsInclude?: string[] };
const cases = golden.cases as Array<{ name: string; why: string; patch: unknown; expected: Expected }>;

describe("golden cases", () => {
  it("has at least 25 cases with unique names", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)("$name", ({ patch, expected, why }) => {
    const decision = decide(context(patch)) as unknown as Record<string, unknown>;
    const { reasonsInclude = [], ...fields } = expected;
    for (const [key, want] of Object.entries(fields)) expect(decision[key], `${key} (${why})`).toEqual(want);
    const reasons = decision.reasons as string[];
    for (const text of reasonsInclude) expect(reasons.some((r) => r.includes(text)), `"${text}" in ${JSON.stringify(reasons)}`).toBe(true);
  });
});
