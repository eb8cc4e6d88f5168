// Maximum-likelihood fitting shared by the models: minimise the negative log-likelihood over the
// logarithms of the (positive) parameters, then read uncertainty off the observed information.
import { invertSpd, numericalHessian, type Matrix } from "./linear-algebra";
import { minimize } from "./nelder-mead";

export type Interval = { lower: number; upper: number };

export type ParameterUncertainty = {
  /** Delta-method standard error on the parameter's own scale. */
  standardError: number;
  /** 95 % interval built on the log scale (exp(ln θ ± 1.96 se)), so it stays positive. */
  interval95: Interval;
};

export type MleFit<K extends string> = {
  params: Record<K, number>;
  logLikelihood: number;
  /** Null when the observed information is not positive definite (a flat or boundary optimum). */
  uncertainty: Record<K, ParameterUncertainty> | null;
  /** Covariance of the log-parameters, in `names` order: what interval sampling draws from. */
  logCovariance: Matrix | null;
  names: K[];
  converged: boolean;
  /** Parameters that ran into the search bounds: the data do not identify them (e.g. no dropout seen). */
  atBounds: K[];
  evaluations: number;
};

const Z95 = 1.959963984540054;
// Searching ln θ within ±ln(1e6) keeps a degenerate fit (say BG/NBD on data with no visible
// dropout, where a and b run off to infinity) from wandering for ever; hitting the bound is reported.
const LOG_BOUND = Math.log(1e6);

export function fitByMaximumLikelihood<K extends string>(
  names: K[],
  logLikelihood: (params: Record<K, number>) => number,
  initial: Record<K, number>,
): MleFit<K> {
  const toParams = (logs: number[]) => Object.fromEntries(names.map((k, i) => [k, Math.exp(logs[i]!)])) as Record<K, number>;
  const negative = (logs: number[]) => -logLikelihood(toParams(logs));
  const bounded = (logs: number[]) => (logs.every((l) => Math.abs(l) <= LOG_BOUND) ? negative(logs) : Number.NaN);
  const start = names.map((k) => Math.log(initial[k]));
  const result = minimize(bounded, start, { fTolerance: 1e-10, xTolerance: 1e-9, maxIterations: 3000 });
  const params = toParams(result.x);
  const atBounds = names.filter((_, i) => Math.abs(result.x[i]!) > LOG_BOUND - 0.5);

  // The Hessian in log space is better conditioned than in natural units (α ≈ 4 beside r ≈ 0.2).
  const hessian = numericalHessian(negative, result.x, 1e-4);
  const logCovariance = atBounds.length ? null : invertSpd(hessian);
  let uncertainty: Record<K, ParameterUncertainty> | null = null;
  if (logCovariance) {
    uncertainty = Object.fromEntries(
      names.map((k, i) => {
        const seLog = Math.sqrt(logCovariance[i]![i]!);
        const lnValue = result.x[i]!;
        return [k, { standardError: params[k] * seLog, interval95: { lower: Math.exp(lnValue - Z95 * seLog), upper: Math.exp(lnValue + Z95 * seLog) } }];
      }),
    ) as Record<K, ParameterUncertainty>;
  }
  return { params, logLikelihood: -result.fx, uncertainty, logCovariance, names, converged: result.converged && atBounds.length === 0, atBounds, evaluations: result.evaluations };
}
