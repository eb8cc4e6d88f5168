// The little linear algebra the fits need: a numerical Hessian, and the inverse and Cholesky factor
// of a small symmetric positive-definite matrix (the observed information).

export type Matrix = number[][];

/** Central-difference Hessian of f at x with per-coordinate step h. */
export function numericalHessian(f: (x: number[]) => number, x: number[], h = 1e-4): Matrix {
  const n = x.length;
  const at = (di: number, si: number, dj: number, sj: number) => {
    const y = x.slice();
    y[di] = y[di]! + si * h;
    y[dj] = y[dj]! + sj * h;
    return f(y);
  };
  const f0 = f(x);
  const H: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] = plus[i]! + h;
    minus[i] = minus[i]! - h;
    H[i]![i] = (f(plus) - 2 * f0 + f(minus)) / (h * h);
    for (let j = 0; j < i; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
      H[i]![j] = v;
      H[j]![i] = v;
    }
  }
  return H;
}

/** Lower-triangular L with L Lᵀ = A, or null when A is not positive definite. */
export function cholesky(A: Matrix): Matrix | null {
  const n = A.length;
  const L: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i]![i] = Math.sqrt(s);
      } else {
        L[i]![j] = s / L[j]![j]!;
      }
    }
  }
  return L;
}

/** Inverse of a symmetric positive-definite matrix through its Cholesky factor, or null. */
export function invertSpd(A: Matrix): Matrix | null {
  const L = cholesky(A);
  if (!L) return null;
  const n = A.length;
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let col = 0; col < n; col++) {
    // Solve L y = e_col, then Lᵀ x = y.
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i]![k]! * y[k]!;
      y[i] = s / L[i]![i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < n; k++) s -= L[k]![i]! * inv[k]![col]!;
      inv[i]![col] = s / L[i]![i]!;
    }
  }
  return inv;
}
