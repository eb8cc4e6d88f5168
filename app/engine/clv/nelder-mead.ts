// Nelder–Mead simplex minimiser, our own: the npm candidates did not fit (fmin 0.0.4 is unmaintained
// since 2017, untyped and drags a plotting package along; optimization-js ships browserify, jsdoc and
// travis as runtime dependencies; ml-levenberg-marquardt does least squares, not likelihoods), and the
// models need only a robust derivative-free minimiser on 3–4 log-parameters.

export type MinimizeOptions = {
  /** Stop when the simplex's function values span less than this (absolute). */
  fTolerance?: number;
  /** …and its vertices lie within this distance of the best one (max-norm). */
  xTolerance?: number;
  maxIterations?: number;
  /** Size of the initial simplex's steps along each axis. */
  initialStep?: number;
};

export type MinimizeResult = { x: number[]; fx: number; iterations: number; evaluations: number; converged: boolean };

// Standard coefficients (reflection, expansion, contraction, shrink).
const ALPHA = 1;
const GAMMA = 2;
const RHO = 0.5;
const SIGMA = 0.5;

export function nelderMead(f: (x: number[]) => number, x0: number[], options: MinimizeOptions = {}): MinimizeResult {
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 5000;
  const step = options.initialStep ?? 0.5;
  const n = x0.length;
  let evaluations = 0;
  // A NaN (parameters where the likelihood is undefined) must lose against any finite value.
  const value = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };

  let simplex = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const v = x0.slice();
    v[i] = v[i]! + step;
    simplex.push(v);
  }
  let values = simplex.map(value);
  let iterations = 0;
  let converged = false;

  while (iterations < maxIterations) {
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    const best = simplex[0]!;
    const spread = Math.abs(values[n]! - values[0]!);
    const size = Math.max(...simplex.slice(1).map((v) => Math.max(...v.map((xi, k) => Math.abs(xi - best[k]!)))));
    if (spread <= fTol && size <= xTol) {
      converged = true;
      break;
    }
    iterations++;

    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k]! += simplex[i]![k]! / n;
    const worst = simplex[n]!;
    const along = (t: number) => centroid.map((c, k) => c + t * (c - worst[k]!));

    const reflected = along(ALPHA);
    const fr = value(reflected);
    if (fr < values[0]!) {
      const expanded = along(GAMMA);
      const fe = value(expanded);
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    // Outside contraction when the reflection helped a little, inside otherwise.
    const outside = fr < values[n]!;
    const contracted = along(outside ? RHO : -RHO);
    const fc = value(contracted);
    if (fc < (outside ? fr : values[n]!)) {
      [simplex[n], values[n]] = [contracted, fc];
      continue;
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = simplex[i]!.map((xi, k) => best[k]! + SIGMA * (xi - best[k]!));
      values[i] = value(simplex[i]!);
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  return { x: simplex[bestIndex]!, fx: values[bestIndex]!, iterations, evaluations, converged };
}

/**
 * Nelder–Mead restarted from its own answer until a restart no longer improves it: a simplex can
 * collapse onto a ridge before reaching the minimum, and a fresh simplex undoes that.
 */
export function minimize(f: (x: number[]) => number, x0: number[], options: MinimizeOptions = {}): MinimizeResult {
  let result = nelderMead(f, x0, options);
  let { iterations, evaluations } = result;
  for (let restart = 0; restart < 5; restart++) {
    const again = nelderMead(f, result.x, { ...options, initialStep: Math.min(options.initialStep ?? 0.5, 0.1) });
    iterations += again.iterations;
    evaluations += again.evaluations;
    const improved = result.fx - again.fx > (options.fTolerance ?? 1e-10);
    if (again.fx <= result.fx) result = again;
    if (!improved) break;
  }
  return { ...result, iterations, evaluations };
}
