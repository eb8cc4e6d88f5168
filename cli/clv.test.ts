// The clv command line, run as an analyst would: a child process, JSON on stdout, errors on stderr.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { seededRng, simulateBgNbd } from "../app/engine/clv";

const ROOT = resolve(import.meta.dirname, "..");
const CDNOW_DIR = resolve(ROOT, "../shared/reference/datasets/cdnow");
const run = promisify(execFile);

async function uplift(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "cli/uplift.ts", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "uplift-clv-"));
});

const CDNOW_PARAMS = JSON.stringify({ r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 });

describe("clv predict", () => {
  it("prints expected purchases and P(alive) for the issue's example", async () => {
    const { code, stdout } = await uplift("clv", "predict", "--model", "bgnbd", "--params", CDNOW_PARAMS, "--t", "39", "--frequency", "2", "--recency", "30.43", "--T", "38.86");
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.expectedPurchases).toBeCloseTo(1.226, 3);
    expect(out.pAlive).toBeCloseTo(0.7266, 4);
  });
  it("prints the Gamma-Gamma expected spend", async () => {
    const { code, stdout } = await uplift("clv", "predict", "--model", "gammagamma", "--params", '{"p":6.25,"q":3.74,"v":15.44}', "--frequency", "2", "--monetary-value", "22.35");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).expectedAverageSpend).toBeCloseTo((6.25 * (15.44 + 2 * 22.35)) / (6.25 * 2 + 3.74 - 1), 10);
  });
  it("refuses bad parameters with a message and exit 2", async () => {
    const bad = await uplift("clv", "predict", "--model", "bgnbd", "--params", '{"r":-1}', "--t", "39", "--frequency", "2", "--recency", "30", "--T", "38");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--params: r: .*greater than 0/);
    const notJson = await uplift("clv", "predict", "--model", "bgnbd", "--params", "{r:", "--t", "1", "--frequency", "0", "--recency", "0", "--T", "1");
    expect(notJson.stderr).toMatch(/--params must be JSON/);
    const missing = await uplift("clv", "predict", "--model", "bgnbd", "--params", CDNOW_PARAMS, "--frequency", "2", "--recency", "30", "--T", "38");
    expect(missing.stderr).toMatch(/--t must be a number/);
  });
});

describe("clv fit", () => {
  it("fits BG/NBD to a summary CSV and prints model, params, logLikelihood and n", async () => {
    const rows = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, 1500, 39, seededRng(4));
    const csv = file("summary.csv", `customer,frequency,recency,T\n${rows.map((r, i) => `c${i},${r.frequency},${r.recency},${r.T}`).join("\n")}\n`);
    const { code, stdout } = await uplift("clv", "fit", "--model", "bgnbd", "--input", csv);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.model).toBe("bgnbd");
    expect(Object.keys(out.params)).toEqual(["r", "alpha", "a", "b"]);
    expect(out.n).toBe(1500);
    expect(out.logLikelihood).toBeLessThan(0);
    expect(out.intervals.r.lower95).toBeLessThan(out.params.r);
  });

  it.skipIf(!existsSync(CDNOW_DIR))("fits Gamma-Gamma on CDNOW with renamed columns", async () => {
    const { code, stdout } = await uplift("clv", "fit", "--model", "gammagamma", "--input", join(CDNOW_DIR, "cdnow_customers_summary_with_transactions.csv"), "--frequency-col", "x", "--recency-col", "t_x", "--monetary-col", "zbar");
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ model: "gammagamma", n: 946 });
    expect([out.params.p.toFixed(2), out.params.q.toFixed(2)]).toEqual(["6.25", "3.74"]);
    expect(Math.abs(out.params.v - 15.44)).toBeLessThanOrEqual(0.01); // 15.4478: see clv-cdnow.test.ts
  });

  it.skipIf(!existsSync(CDNOW_DIR))("builds the summary from raw transactions (CDNOW sample) and fits it", async () => {
    const lines = readFileSync(join(CDNOW_DIR, "CDNOW_sample.txt"), "utf8").trim().split("\n").map((l) => {
      const [, id, day, , amount] = l.trim().split(/\s+/);
      return `${id},${day},${amount}`;
    });
    const csv = file("transactions.csv", `id,date,amount\n${lines.join("\n")}\n`);
    const common = ["--transactions", csv, "--customer-col", "id", "--date-col", "date", "--unit", "weeks", "--observation-end", "1997-09-30"];
    const bg = await uplift("clv", "fit", "--model", "bgnbd", ...common);
    expect(bg.code).toBe(0);
    const out = JSON.parse(bg.stdout);
    expect([out.params.r.toFixed(3), out.params.alpha.toFixed(3), out.params.a.toFixed(3), out.params.b.toFixed(3)]).toEqual(["0.243", "4.414", "0.793", "2.426"]);
    expect(out.logLikelihood.toFixed(1)).toBe("-9582.4");
    const gg = await uplift("clv", "fit", "--model", "gammagamma", ...common, "--amount-col", "amount");
    expect(JSON.parse(gg.stdout).params.p.toFixed(2)).toBe("6.25");
  });

  it("says when there are too few repeat customers (exit 3)", async () => {
    const csv = file("small.csv", "frequency,recency,T\n1,2,10\n0,0,10\n3,8,10\n");
    const { code, stdout, stderr } = await uplift("clv", "fit", "--model", "bgnbd", "--input", csv);
    expect(code).toBe(3);
    expect(stderr).toMatch(/insufficient data: BG\/NBD needs at least 100 repeat customers; the data have 2/);
    expect(JSON.parse(stdout)).toMatchObject({ status: "insufficient-data", repeatCustomers: 2, required: 100 });
  });

  it.each([
    ["a missing column", "frequency,T\n1,10\n", /missing column "recency" \(columns: frequency, T\)/],
    ["a non-numeric value", "frequency,recency,T\n1,2,10\n2,abc,10\n", /line 3, column "recency": "abc" is not a number/],
    ["an empty file", "", /is empty/],
    ["a header only", "frequency,recency,T\n", /no data rows/],
    ["a ragged row", "frequency,recency,T\n1,2\n", /line 2: 2 fields, the header has 3/],
    ["an impossible row", "frequency,recency,T\n1,12,10\n", /row 1: recency \(12\) is after the end/],
  ])("rejects %s with a clear message and exit 1", async (_name, text, message) => {
    const csv = file(`bad-${Math.random().toString(36).slice(2)}.csv`, text);
    const { code, stderr, stdout } = await uplift("clv", "fit", "--model", "bgnbd", "--input", csv);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });

  it("rejects a missing file, a missing monetary column and bad transactions", async () => {
    expect((await uplift("clv", "fit", "--model", "bgnbd", "--input", join(dir, "nope.csv"))).stderr).toMatch(/cannot read .*nope\.csv: ENOENT/);
    const noMoney = file("nomoney.csv", "frequency,recency,T\n1,2,10\n");
    expect((await uplift("clv", "fit", "--model", "gammagamma", "--input", noMoney)).stderr).toMatch(/missing column "monetary_value"/);
    const badDate = file("baddate.csv", "id,date\na,2020-01-01\na,yesterday\n");
    const r = await uplift("clv", "fit", "--model", "bgnbd", "--transactions", badDate, "--customer-col", "id", "--date-col", "date");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3, column "date": "yesterday" is not a date/);
  });

  it("explains usage errors with exit 2", async () => {
    const r = await uplift("clv", "fit", "--model", "pareto", "--input", "x.csv");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--model must be bgnbd or gammagamma/);
    expect((await uplift("clv", "fit", "--model", "bgnbd")).stderr).toMatch(/exactly one of --input and --transactions/);
  });
});
