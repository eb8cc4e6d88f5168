import { describe, expect, it } from "vitest";
import { minimize, nelderMead } from "./nelder-mead";

describe("Nelder–Mead", () => {
  it("finds the minimum of a shifted quadratic", () => {
    const f = ([x, y, z]: number[]) => (x! - 1) ** 2 + 10 * (y! + 2) ** 2 + 0.1 * (z! - 3) ** 2;
    const r = minimize(f, [0, 0, 0]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(-2, 4);
    expect(r.x[2]).toBeCloseTo(3, 4);
  });
  it("follows Rosenbrock's curved valley to (1, 1)", () => {
    const f = ([x, y]: number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const r = minimize(f, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.fx).toBeLessThan(1e-9);
  });
  it("treats NaN as worse than anything, so undefined regions are avoided", () => {
    const f = ([x]: number[]) => (x! < 0 ? Number.NaN : (x! - 2) ** 2);
    expect(nelderMead(f, [0.5]).x[0]).toBeCloseTo(2, 4);
  });
  it("stops at maxIterations and says it did not converge", () => {
    const f = ([x, y]: number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const r = nelderMead(f, [-1.2, 1], { maxIterations: 5 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(5);
  });
});
