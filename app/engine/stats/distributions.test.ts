import { describe, expect, it } from "vitest";
import cases from "./cases.json";
import { chiSquareSf, normalCdf, normalPpf, normalSf, tCdf, tPpf, tSf } from "./distributions";

// Reference values from SciPy (see reference/generate_cases.py); tables agree to the digits printed.
const close = (actual: number, expected: number, rel = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));

describe("quantiles", () => {
  it.each(cases.quantiles)("$dist p=$p df=$df", (c) => {
    const value = c.dist === "normal" ? normalPpf(c.p) : tPpf(c.p, (c as { df: number }).df);
    close(value, c.value, 1e-9);
  });

  it("matches printed tables to 6 digits", () => {
    expect(normalPpf(0.975).toFixed(6)).toBe("1.959964");
    expect(tPpf(0.975, 10).toFixed(6)).toBe("2.228139");
    expect(tPpf(0.975, 1).toFixed(6)).toBe("12.706205");
    expect(tPpf(0.95, 5).toFixed(6)).toBe("2.015048");
  });

  it("inverts the cdf across the range, including far tails", () => {
    for (const df of [1, 2.5, 7, 30, 1000]) {
      for (const p of [1e-8, 0.001, 0.2, 0.5, 0.8, 0.999, 1 - 1e-8]) close(tCdf(tPpf(p, df), df), p, 1e-8);
    }
    for (const p of [1e-12, 0.01, 0.3, 0.7]) close(normalCdf(normalPpf(p)), p, 1e-10);
  });
});

describe("tails", () => {
  it.each(cases.tails)("$dist x=$x df=$df", (c) => {
    const df = (c as { df?: number }).df ?? 0;
    const value = c.dist === "normalSf" ? normalSf(c.x) : c.dist === "tSf" ? tSf(c.x, df) : chiSquareSf(c.x, df);
    close(value, c.value, 1e-9);
  });

  it("t approaches the normal as df grows and is symmetric", () => {
    close(tSf(1.7, 1e9), normalSf(1.7), 1e-7);
    close(tSf(-1.3, 6) + tSf(1.3, 6), 1, 1e-14);
  });
});
