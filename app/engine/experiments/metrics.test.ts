import { describe, expect, it } from "vitest";
import { StatsError } from "../stats/errors";
import { handRows } from "./fixtures";
import { summarizeArms } from "./metrics";

describe("summarizeArms", () => {
  it("reduces rows to the sufficient statistics computed by hand", () => {
    const [control, treatment] = summarizeArms(handRows);
    // control: revenue 1000, 0, 2000; profit = revenue − refunds − cost − discount
    //   = 1000−0−300−100 = 600, 0, 2000−500−600−0 = 900; pre 500, 0, 1000.
    expect(control).toEqual({
      arm: "control",
      n: 3,
      conversion: { type: "proportion", n: 3, sum: 2 },
      revenue: { type: "mean", n: 3, sum: 3000, sumSquares: 1_000_000 + 4_000_000 },
      profit: { type: "mean", n: 3, sum: 1500, sumSquares: 600 ** 2 + 900 ** 2 },
      revenueCuped: {
        type: "cuped",
        n: 3,
        post: { type: "mean", sum: 3000, sumSquares: 5_000_000 },
        pre: { type: "mean", sum: 1500, sumSquares: 500 ** 2 + 1000 ** 2 },
        sumProducts: 1000 * 500 + 2000 * 1000,
      },
    });
    // treatment: revenue 1500, 500, 0, 0; profit 1500−0−450−150 = 900, 500−500−150−0 = −150, 0, 0;
    // pre 200, (missing → 0), 300, 0.
    expect(treatment).toEqual({
      arm: "treatment",
      n: 4,
      conversion: { type: "proportion", n: 4, sum: 2 },
      revenue: { type: "mean", n: 4, sum: 2000, sumSquares: 1500 ** 2 + 500 ** 2 },
      profit: { type: "mean", n: 4, sum: 750, sumSquares: 900 ** 2 + 150 ** 2 },
      revenueCuped: {
        type: "cuped",
        n: 4,
        post: { type: "mean", sum: 2000, sumSquares: 2_500_000 },
        pre: { type: "mean", sum: 500, sumSquares: 200 ** 2 + 300 ** 2 },
        sumProducts: 1500 * 200,
      },
    });
  });

  it("leaves CUPED out when no row has a pre-period", () => {
    const rows = handRows.map(({ preRevenueMinor: _pre, ...r }) => r);
    expect(summarizeArms(rows).map((s) => s.revenueCuped)).toEqual([null, null]);
  });

  it("refuses a unit seen twice and malformed rows", () => {
    expect(() => summarizeArms([...handRows, { ...handRows[0]!, arm: "treatment" }])).toThrow(/c1 appears more than once \(arms control and treatment\)/);
    expect(() => summarizeArms([{ ...handRows[0]!, revenueMinor: Number.NaN }])).toThrow(StatsError);
    expect(() => summarizeArms([{ ...handRows[0]!, refundedMinor: -1 }])).toThrow(/0\.refundedMinor: amounts must be >= 0/);
  });
});
