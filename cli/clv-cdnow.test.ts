// The CDNOW checks from issue 5: our fits reproduce the published BG/NBD and Gamma-Gamma estimates,
// and the summary built from CDNOW's raw transactions equals the published summary.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fitBgNbd, fitGammaGamma, summaryFromTransactions } from "../app/engine/clv";
import { readSummaries } from "./commands/clv-csv";

const CDNOW_DIR = resolve(import.meta.dirname, "../../shared/reference/datasets/cdnow");
const present = existsSync(resolve(CDNOW_DIR, "cdnow_customers_summary.csv"));
if (!present) console.warn(`CDNOW reference data not found at ${CDNOW_DIR}: skipping the CDNOW checks`);

const round = (x: number, digits: number) => Number(x.toFixed(digits));

describe.skipIf(!present)("CDNOW (Fader, Hardie & Lee 2005)", () => {
  it("BG/NBD: r 0.243, α 4.414, a 0.793, b 2.426, log-likelihood −9582.4", () => {
    const rows = readSummaries(resolve(CDNOW_DIR, "cdnow_customers_summary.csv"), { frequency: "frequency", recency: "recency", T: "T" });
    expect(rows).toHaveLength(2357);
    const fit = fitBgNbd(rows);
    if (fit.status !== "ok") throw new Error(fit.reason);
    expect(fit.converged).toBe(true);
    expect(round(fit.params.r, 3)).toBe(0.243);
    expect(round(fit.params.alpha, 3)).toBe(4.414);
    expect(round(fit.params.a, 3)).toBe(0.793);
    expect(round(fit.params.b, 3)).toBe(2.426);
    expect(round(fit.logLikelihood, 1)).toBe(-9582.4);
    // Standard errors from the observed information, as lifetimes prints them.
    expect(round(fit.uncertainty!.r.standardError, 4)).toBe(0.0126);
    expect(round(fit.uncertainty!.alpha.standardError, 3)).toBe(0.378);
  });

  it("Gamma-Gamma on the 946 repeat customers (zbar): p 6.25, q 3.74, v 15.44", () => {
    const rows = readSummaries(resolve(CDNOW_DIR, "cdnow_customers_summary_with_transactions.csv"), { frequency: "x", recency: "t_x", T: "T", monetary: "zbar" });
    const fit = fitGammaGamma(rows);
    if (fit.status !== "ok") throw new Error(fit.reason);
    expect(fit.n).toBe(946);
    expect(round(fit.params.p, 2)).toBe(6.25);
    expect(round(fit.params.q, 2)).toBe(3.74);
    // The MLE on this file is v = 15.4478 (PROVENANCE's independent scipy fit: 15.4477); the paper
    // printed 15.44, fitted on unrounded spends. It agrees to the printed digits within one unit in the
    // last place, and truncates to it.
    expect(Math.abs(fit.params.v - 15.44)).toBeLessThanOrEqual(0.01);
    expect(Math.trunc(fit.params.v * 100) / 100).toBe(15.44);
    expect(round(fit.logLikelihood, 2)).toBe(-4055.92);
  });

  it("builds the published summary (frequency, recency, T in weeks, zbar) from the raw sample transactions", () => {
    const transactions = readFileSync(resolve(CDNOW_DIR, "CDNOW_sample.txt"), "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const [, id, day, , amount] = line.trim().split(/\s+/);
        return { customerId: String(Number(id)), date: new Date(`${day!.slice(0, 4)}-${day!.slice(4, 6)}-${day!.slice(6)}T00:00:00Z`), amount: Number(amount) };
      });
    const built = new Map(summaryFromTransactions(transactions, { unit: "weeks", observationEnd: new Date("1997-09-30T00:00:00Z") }).map((r) => [r.customerId, r]));
    const published = readFileSync(resolve(CDNOW_DIR, "cdnow_customers_summary_with_transactions.csv"), "utf8").trim().split("\n").slice(1);
    expect(built.size).toBe(published.length);
    for (const line of published) {
      const [id, x, tx, T, zbar] = line.split(",");
      const row = built.get(String(Number(id)))!;
      expect(row.frequency).toBe(Number(x));
      expect(Math.abs(row.recency - Number(tx))).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(row.T - Number(T))).toBeLessThanOrEqual(0.005 + 1e-9);
      // zbar is published rounded to cents (22.345 prints as 22.35).
      expect(Math.abs(row.monetaryValue - Number(zbar))).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });
});
