import { describe, expect, it } from "vitest";
import { cholesky, invertSpd, numericalHessian } from "./linear-algebra";

describe("linear algebra", () => {
  it("differentiates a quadratic form twice exactly (up to rounding)", () => {
    const A = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
    const f = (x: number[]) => 0.5 * x.reduce((s, xi, i) => s + xi * x.reduce((t, xj, j) => t + A[i]![j]! * xj, 0), 0);
    const H = numericalHessian(f, [0.3, -1, 2]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(H[i]![j]).toBeCloseTo(A[i]![j]!, 5);
  });
  it("inverts a positive-definite matrix", () => {
    const A = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
    const inv = invertSpd(A)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const v = A[i]!.reduce((s, a, k) => s + a * inv[k]![j]!, 0);
        expect(v).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });
  it("returns null for a matrix that is not positive definite", () => {
    expect(cholesky([[1, 2], [2, 1]])).toBeNull();
    expect(invertSpd([[0, 0], [0, 1]])).toBeNull();
  });
});
