import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import cases from "../app/engine/stats/cases.json";

// The command line as analysts run it: a real process, its stdout, stderr and exit code.
const ROOT = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "uplift-stats-"));

function uplift(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/uplift.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("uplift stats", () => {
  it("analyze prints the result JSON for the textbook Welch case", () => {
    const c = cases.analyze[0]!;
    const r = uplift("stats", "analyze", "--input", file("welch.json", JSON.stringify(c.input)));
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["chanceToWin", "ci", "expected", "pValue", "risk"]);
    expect(out.pValue).toBeCloseTo(c.expected.pValue!, 9);
    expect(out.ci[0]).toBeCloseTo(c.expected.ci[0]!, 9);
    expect(out.chanceToWin).toBeNull();
  });

  it("srm prints the p-value", () => {
    const r = uplift("stats", "srm", "--observed", "1000,1200", "--weights", "0.5,0.5");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).pValue).toBeCloseTo(2.007865612426481e-5, 12);
  });

  it.each([
    ["a missing file", () => ["stats", "analyze", "--input", join(dir, "absent.json")], 1, /cannot read .*absent\.json: no such file/],
    ["bad JSON", () => ["stats", "analyze", "--input", file("bad.json", "{\"method\": ")], 1, /is not valid JSON/],
    ["n = 0", () => ["stats", "analyze", "--input", file("n0.json", JSON.stringify({ method: "frequentist", differenceType: "absolute", alpha: 0.05, control: { type: "mean", n: 0, sum: 0, sumSquares: 0 }, treatment: { type: "mean", n: 10, sum: 10, sumSquares: 20 } }))], 1, /control\.n: n must be at least 2/],
    ["negative variance", () => ["stats", "analyze", "--input", file("negvar.json", JSON.stringify({ method: "bayesian", differenceType: "relative", control: { type: "mean", n: 10, sum: 100, sumSquares: 50 }, treatment: { type: "mean", n: 10, sum: 10, sumSquares: 20 } }))], 1, /control: negative variance/],
    ["no --input", () => ["stats", "analyze"], 2, /usage: npm run -s uplift -- stats analyze --input FILE\.json/],
    ["srm weights not summing to 1", () => ["stats", "srm", "--observed", "10,20", "--weights", "0.5,0.6"], 1, /weights must sum to 1/],
    ["srm mismatched lengths", () => ["stats", "srm", "--observed", "10,20,30", "--weights", "0.5,0.5"], 1, /same length/],
    ["srm non-numeric counts", () => ["stats", "srm", "--observed", "10,abc", "--weights", "0.5,0.5"], 2, /not a number: "abc"/],
  ])("%s → clear message on stderr and a non-zero exit", (_name, args, code, message) => {
    const r = uplift(...args());
    expect(r.code).toBe(code);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });
});
