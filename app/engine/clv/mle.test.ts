import { describe, expect, it } from "vitest";
import { fitByMaximumLikelihood } from "./mle";
import { exponential, seededRng } from "./random";

describe("fitByMaximumLikelihood", () => {
  it("finds the exponential rate n / Σx with the textbook standard error λ / √n", () => {
    const rng = seededRng(12);
    const xs = Array.from({ length: 4000 }, () => exponential(rng, 2.5));
    const sum = xs.reduce((s, x) => s + x, 0);
    const fit = fitByMaximumLikelihood(["rate"], ({ rate }) => xs.length * Math.log(rate) - rate * sum, { rate: 1 });
    const mle = xs.length / sum;
    expect(fit.params.rate).toBeCloseTo(mle, 6);
    expect(fit.logLikelihood).toBeCloseTo(xs.length * Math.log(mle) - xs.length, 6);
    expect(fit.uncertainty!.rate.standardError).toBeCloseTo(mle / Math.sqrt(xs.length), 4);
    const { lower, upper } = fit.uncertainty!.rate.interval95;
    expect(lower).toBeLessThan(2.5);
    expect(upper).toBeGreaterThan(2.5);
    expect(fit.converged).toBe(true);
    expect(fit.atBounds).toEqual([]);
  });
  it("reports a parameter the data push to the search bound and gives no intervals", () => {
    // Increasing in θ without limit: the optimum is at the bound.
    const fit = fitByMaximumLikelihood(["theta"], ({ theta }) => Math.log(theta), { theta: 1 });
    expect(fit.atBounds).toEqual(["theta"]);
    expect(fit.converged).toBe(false);
    expect(fit.uncertainty).toBeNull();
  });
});
