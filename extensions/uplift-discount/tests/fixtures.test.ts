import { describe, expect, it } from "vitest";
import { loadFixtures, runFixture } from "./load-fixtures";
import { buildFixtures } from "./make-fixtures";

describe("JSON fixtures", () => {
  const onDisk = loadFixtures();

  it("are what make-fixtures.ts builds (regenerate after changing it)", () => {
    const built = buildFixtures().sort((a, b) => a.name.localeCompare(b.name));
    expect(onDisk.map((f) => f.name).sort()).toEqual(built.map((f) => f.name).sort());
    for (const fixture of built) expect(onDisk.find((f) => f.name === fixture.name)).toEqual(JSON.parse(JSON.stringify(fixture)));
  });

  it("include discounts and refusals on both targets", () => {
    const granted = onDisk.filter((f) => (f.expected as { operations: unknown[] }).operations.length > 0);
    expect(granted.length).toBeGreaterThan(10);
    expect(onDisk.length - granted.length).toBeGreaterThan(20);
    expect(new Set(granted.map((f) => f.export)).size).toBe(2);
  });

  for (const fixture of onDisk) {
    it(`${fixture.name}: ${fixture.about}`, () => {
      expect(runFixture(fixture)).toEqual(fixture.expected);
    });
  }
});
