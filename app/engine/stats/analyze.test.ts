import { describe, expect, it } from "vitest";
import cases from "./cases.json";
import { analyze, type AnalyzeInput } from "./analyze";
import { StatsError } from "./errors";

// Golden cases: inputs are sufficient statistics of raw data; expected values were computed from
// the raw data with SciPy/NumPy (reference/generate_cases.py), not from our formulas.
const close = (actual: number, expected: number, rel = 1e-8) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-12));

describe("golden cases", () => {
  it.each(cases.analyze)("$name", ({ input, expected }) => {
    const result = analyze(input as AnalyzeInput);
    close(result.expected, expected.expected);
    close(result.ci[0], expected.ci[0]!);
    close(result.ci[1], expected.ci[1]!);
    for (const key of ["pValue", "chanceToWin"] as const) {
      const want = expected[key] as number | null;
      if (want === null) expect(result[key]).toBeNull();
      else close(result[key]!, want, 1e-7);
    }
    const risk = expected.risk as number[] | null;
    if (risk === null) expect(result.risk).toBeNull();
    else risk.forEach((r, i) => close(result.risk![i]!, r, 1e-7));
  });

  it("reproduces the textbook Welch example (t = 2.46, df = 24.9, p = 0.021)", () => {
    const c = cases.analyze[0]!;
    const r = analyze(c.input as AnalyzeInput);
    expect(r.pValue!.toFixed(3)).toBe("0.021");
  });
});

describe("GrowthBook's published test values (5 decimals)", () => {
  it.each(cases.growthbook)("$name", ({ input, expected }) => {
    const r = analyze(input as AnalyzeInput);
    const round = (x: number) => Math.round(x * 1e5) / 1e5;
    expect(round(r.expected)).toBe(expected.expected);
    expect(r.ci.map(round)).toEqual(expected.ci);
    expect(round(r.pValue!)).toBe(expected.pValue);
  });
});

const mean = (n: number, m: number, sd: number) => ({ type: "mean" as const, n, sum: n * m, sumSquares: (n - 1) * sd * sd + n * m * m });
const base = { method: "frequentist", differenceType: "absolute", alpha: 0.05 } as const;

describe("properties", () => {
  const a = mean(1000, 10, 4);
  const b = mean(1200, 10.6, 5);

  it("swapping control and treatment negates the absolute lift and keeps the p-value", () => {
    const ab = analyze({ ...base, control: a, treatment: b });
    const ba = analyze({ ...base, control: b, treatment: a });
    close(ba.expected, -ab.expected, 1e-12);
    close(ba.ci[0], -ab.ci[1], 1e-12);
    close(ba.pValue!, ab.pValue!, 1e-12);
  });

  it("every method's interval contains its estimate", () => {
    for (const method of ["frequentist", "bayesian", "sequential"] as const) {
      for (const differenceType of ["absolute", "relative"] as const) {
        const r = analyze({ method, differenceType, control: a, treatment: b });
        expect(r.ci[0]).toBeLessThan(r.expected);
        expect(r.ci[1]).toBeGreaterThan(r.expected);
      }
    }
  });

  it("p-value and interval agree at alpha (frequentist and sequential)", () => {
    for (const method of ["frequentist", "sequential"] as const) {
      for (let shift = 0; shift <= 1.2; shift += 0.05) {
        for (const alpha of [0.01, 0.05, 0.2]) {
          const r = analyze({ method, differenceType: "relative", alpha, control: a, treatment: mean(1200, 10 + shift, 5) });
          const excludesZero = r.ci[0] > 0 || r.ci[1] < 0;
          expect(r.pValue! < alpha, `${method} shift ${shift} alpha ${alpha}`).toBe(excludesZero);
        }
      }
    }
  });

  it("sequential intervals are wider than fixed-horizon ones and narrow with more tuning mismatch", () => {
    const fixed = analyze({ ...base, control: a, treatment: b });
    const seq = analyze({ ...base, method: "sequential", control: a, treatment: b });
    expect(seq.ci[1] - seq.ci[0]).toBeGreaterThan(fixed.ci[1] - fixed.ci[0]);
    expect(seq.pValue!).toBeGreaterThan(fixed.pValue!);
  });

  it("a smaller alpha widens the interval", () => {
    const wide = analyze({ ...base, alpha: 0.01, control: a, treatment: b });
    const narrow = analyze({ ...base, alpha: 0.1, control: a, treatment: b });
    expect(wide.ci[1] - wide.ci[0]).toBeGreaterThan(narrow.ci[1] - narrow.ci[0]);
  });

  it("bayesian: flat prior matches the likelihood; chance to win and risks are consistent", () => {
    const r = analyze({ method: "bayesian", differenceType: "absolute", control: a, treatment: b });
    const f = analyze({ ...base, control: a, treatment: b });
    close(r.expected, f.expected, 1e-12);
    expect(r.chanceToWin!).toBeGreaterThan(0.5);
    const [riskControl, riskTreatment] = r.risk!;
    expect(riskControl).toBeGreaterThan(riskTreatment);
    // E[max(d,0)] - E[max(-d,0)] = E[d]
    close(riskControl - riskTreatment, r.expected, 1e-9);
    const flipped = analyze({ method: "bayesian", differenceType: "absolute", control: b, treatment: a });
    close(flipped.chanceToWin!, 1 - r.chanceToWin!, 1e-9);
    close(flipped.risk![0], riskTreatment, 1e-9);
  });

  it("bayesian: a proper prior shrinks the lift toward the prior mean", () => {
    const flat = analyze({ method: "bayesian", differenceType: "relative", control: a, treatment: b });
    const tight = analyze({ method: "bayesian", differenceType: "relative", control: a, treatment: b, prior: { mean: 0, variance: 1e-4, proper: true } });
    expect(Math.abs(tight.expected)).toBeLessThan(Math.abs(flat.expected));
    expect(tight.ci[1] - tight.ci[0]).toBeLessThan(flat.ci[1] - flat.ci[0]);
    const improper = analyze({ method: "bayesian", differenceType: "relative", control: a, treatment: b, prior: { mean: 5, variance: 1e-4, proper: false } });
    close(improper.expected, flat.expected, 1e-12);
  });

  it("CUPED narrows the interval when the pre-period predicts the post-period", () => {
    const sums = (n: number, shift: number) => {
      // post = pre + noise; pre ~ mean 50 sd 10, noise sd 3
      const pre = mean(n, 50, 10);
      const postSd2 = 100 + 9;
      return {
        type: "cuped" as const, n,
        pre: { type: "mean" as const, sum: pre.sum, sumSquares: pre.sumSquares },
        post: { type: "mean" as const, sum: n * (50 + shift), sumSquares: (n - 1) * postSd2 + n * (50 + shift) ** 2 },
        sumProducts: (n - 1) * 100 + n * 50 * (50 + shift),
      };
    };
    const control = sums(500, 0);
    const treatment = sums(500, 1);
    const cuped = analyze({ ...base, control, treatment });
    const plain = analyze({ ...base, control: { ...control.post, n: 500 }, treatment: { ...treatment.post, n: 500 } });
    close(cuped.expected, plain.expected, 1e-9); // pre means equal, so the adjustment moves nothing
    expect(cuped.ci[1] - cuped.ci[0]).toBeLessThan(0.35 * (plain.ci[1] - plain.ci[0]));
  });
});

describe("errors", () => {
  const ok = mean(100, 5, 2);
  const cases: [string, unknown, RegExp][] = [
    ["n = 0", { ...base, control: { ...ok, n: 0 }, treatment: ok }, /control\.n: n must be at least 2/],
    ["negative variance", { ...base, control: { type: "mean", n: 10, sum: 100, sumSquares: 50 }, treatment: ok }, /control: negative variance/],
    ["zero variance", { ...base, control: { type: "mean", n: 10, sum: 100, sumSquares: 1000 }, treatment: ok }, /control: the metric has zero variance/],
    ["proportion sum > n", { ...base, control: { type: "proportion", n: 10, sum: 11 }, treatment: { type: "proportion", n: 10, sum: 5 } }, /0 <= sum <= n/],
    ["mixed types", { ...base, control: ok, treatment: { type: "proportion", n: 10, sum: 5 } }, /same type/],
    ["relative with a zero control mean", { ...base, differenceType: "relative", control: { type: "mean", n: 10, sum: 0, sumSquares: 10 }, treatment: ok }, /mean is 0/],
    ["alpha out of range", { ...base, alpha: 1.5, control: ok, treatment: ok }, /alpha must be in \(0, 1\)/],
    ["unknown method", { ...base, method: "magic", control: ok, treatment: ok }, /method/],
    ["prior on a frequentist test", { ...base, prior: { mean: 0, variance: 1, proper: true }, control: ok, treatment: ok }, /prior applies only/],
    ["ratio with a zero denominator", { ...base, control: { type: "ratio", n: 10, numerator: { sum: 10, sumSquares: 20 }, denominator: { sum: 0, sumSquares: 5 }, sumProducts: 1 }, treatment: { type: "ratio", n: 10, numerator: { sum: 10, sumSquares: 20 }, denominator: { sum: 5, sumSquares: 5 }, sumProducts: 6 } }, /denominator sums to 0/],
    ["impossible covariance", { ...base, control: { type: "cuped", n: 10, post: { type: "mean", sum: 10, sumSquares: 20 }, pre: { type: "mean", sum: 10, sumSquares: 20 }, sumProducts: 1000 }, treatment: { type: "cuped", n: 10, post: { type: "mean", sum: 10, sumSquares: 20 }, pre: { type: "mean", sum: 10, sumSquares: 20 }, sumProducts: 15 } }, /negative variance/],
  ];
  it.each(cases)("%s", (_name, input, message) => {
    expect(() => analyze(input as AnalyzeInput)).toThrow(StatsError);
    expect(() => analyze(input as AnalyzeInput)).toThrow(message);
  });
});
