import { parseArgs } from "node:util";
import { z } from "zod";
import type { Command, CommandResult } from "../uplift";
import {
  InvalidSummaryError,
  expectedAverageSpend,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  probabilityAlive,
  summaryFromTransactions,
  type CustomerSummary,
  type MleFit,
} from "../../app/engine/clv";
import { InputError, parseDate, readSummaries, readTransactions } from "./clv-csv";

// Customer lifetime value models: "clv fit", "clv predict".

const FIT_USAGE = `usage: npm run -s uplift -- clv fit --model bgnbd|gammagamma (--input SUMMARY.csv | --transactions FILE.csv --customer-col C --date-col D [--amount-col A])
  summary columns (defaults): --frequency-col frequency --recency-col recency --T-col T --monetary-col monetary_value
  transactions: --unit days|weeks (default days) --observation-end YYYY-MM-DD (default: last transaction)
  --min-repeat-customers N (default 100: below it the fit reports insufficient data, exit 3)`;

const PREDICT_USAGE = `usage: npm run -s uplift -- clv predict --model bgnbd --params '{"r":…,"alpha":…,"a":…,"b":…}' --t T --frequency X --recency TX --T AGE
       npm run -s uplift -- clv predict --model gammagamma --params '{"p":…,"q":…,"v":…}' --frequency X --monetary-value M`;

const usageError = (message: string, usage: string): CommandResult => ({ exitCode: 2, stderr: `${message}\n${usage}` });

function parse(args: string[], options: Record<string, { type: "string" }>) {
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
}

function intervals<K extends string>(fit: MleFit<K>) {
  if (!fit.uncertainty) return null;
  const u = fit.uncertainty;
  return Object.fromEntries(fit.names.map((k) => [k, { standardError: u[k].standardError, lower95: u[k].interval95.lower, upper95: u[k].interval95.upper }]));
}

const fitOptions = Object.fromEntries(
  ["model", "input", "transactions", "customer-col", "date-col", "amount-col", "unit", "observation-end", "frequency-col", "recency-col", "T-col", "monetary-col", "min-repeat-customers"].map((k) => [k, { type: "string" as const }]),
);

function loadSummaries(v: Record<string, string | undefined>, model: string): CustomerSummary[] {
  if (v.transactions) {
    if (!v["customer-col"] || !v["date-col"]) throw new InputError("--transactions needs --customer-col and --date-col");
    if (model === "gammagamma" && !v["amount-col"]) throw new InputError("--model gammagamma from transactions needs --amount-col");
    const unit = v.unit ?? "days";
    if (unit !== "days" && unit !== "weeks") throw new InputError(`--unit must be days or weeks (got ${unit})`);
    const transactions = readTransactions(v.transactions, { customer: v["customer-col"], date: v["date-col"], amount: v["amount-col"] });
    return summaryFromTransactions(transactions, { unit, observationEnd: v["observation-end"] ? parseDate(v["observation-end"]) : undefined });
  }
  return readSummaries(v.input!, {
    frequency: v["frequency-col"] ?? "frequency",
    recency: v["recency-col"] ?? "recency",
    T: v["T-col"] ?? "T",
    monetary: model === "gammagamma" ? v["monetary-col"] ?? "monetary_value" : undefined,
  });
}

async function fit(args: string[]): Promise<CommandResult> {
  let v: Record<string, string | undefined>;
  try {
    v = parse(args, fitOptions);
  } catch (error) {
    return usageError((error as Error).message, FIT_USAGE);
  }
  const model = v.model;
  if (model !== "bgnbd" && model !== "gammagamma") return usageError(`--model must be bgnbd or gammagamma (got ${model ?? "nothing"})`, FIT_USAGE);
  if (!v.input === !v.transactions) return usageError("give exactly one of --input and --transactions", FIT_USAGE);
  const minRepeat = v["min-repeat-customers"] === undefined ? undefined : Number(v["min-repeat-customers"]);
  if (minRepeat !== undefined && !(Number.isInteger(minRepeat) && minRepeat >= 0)) return usageError("--min-repeat-customers must be a whole number", FIT_USAGE);
  try {
    const rows = loadSummaries(v, model);
    const result = model === "bgnbd" ? fitBgNbd(rows, { minRepeatCustomers: minRepeat }) : fitGammaGamma(rows, { minRepeatCustomers: minRepeat });
    if (result.status === "insufficient-data") {
      return { exitCode: 3, stdout: JSON.stringify({ model, ...result }, null, 2), stderr: `insufficient data: ${result.reason}` };
    }
    const out = { model, params: result.params, logLikelihood: result.logLikelihood, n: result.n, intervals: intervals<string>(result), converged: result.converged };
    return { exitCode: 0, stdout: JSON.stringify(out, null, 2) };
  } catch (error) {
    if (error instanceof InputError || error instanceof InvalidSummaryError) return { exitCode: 1, stderr: `uplift clv fit: ${error.message}` };
    throw error;
  }
}

const positive = z.number().positive().finite();
const bgNbdParams = z.object({ r: positive, alpha: positive, a: positive, b: positive });
const gammaGammaParams = z.object({ p: positive, q: positive, v: positive });

function numberOption(v: Record<string, string | undefined>, name: string): number {
  const raw = v[name];
  const value = raw === undefined ? Number.NaN : Number(raw);
  if (raw === undefined || raw === "" || !Number.isFinite(value)) throw new InputError(`--${name} must be a number (got ${raw ?? "nothing"})`);
  return value;
}

function parseParams<T>(raw: string | undefined, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? "");
  } catch {
    throw new InputError(`--params must be JSON (got ${raw ?? "nothing"})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InputError(`--params: ${parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

async function predict(args: string[]): Promise<CommandResult> {
  let v: Record<string, string | undefined>;
  try {
    v = parse(args, Object.fromEntries(["model", "params", "t", "frequency", "recency", "T", "monetary-value"].map((k) => [k, { type: "string" as const }])));
  } catch (error) {
    return usageError((error as Error).message, PREDICT_USAGE);
  }
  try {
    if (v.model === "bgnbd") {
      const params = parseParams(v.params, bgNbdParams);
      const history = { frequency: numberOption(v, "frequency"), recency: numberOption(v, "recency"), T: numberOption(v, "T") };
      const t = numberOption(v, "t");
      if (!Number.isInteger(history.frequency) || history.frequency < 0) throw new InputError("--frequency must be a whole number ≥ 0");
      if (history.recency < 0 || history.recency > history.T || t < 0) throw new InputError("need 0 ≤ recency ≤ T and t ≥ 0");
      return { exitCode: 0, stdout: JSON.stringify({ expectedPurchases: expectedPurchases(params, t, history), pAlive: probabilityAlive(params, history) }, null, 2) };
    }
    if (v.model === "gammagamma") {
      const params = parseParams(v.params, gammaGammaParams);
      const frequency = numberOption(v, "frequency");
      const monetary = frequency > 0 ? numberOption(v, "monetary-value") : 0;
      return { exitCode: 0, stdout: JSON.stringify({ expectedAverageSpend: expectedAverageSpend(params, frequency, monetary) }, null, 2) };
    }
    return usageError(`--model must be bgnbd or gammagamma (got ${v.model ?? "nothing"})`, PREDICT_USAGE);
  } catch (error) {
    if (error instanceof InputError) return usageError(`uplift clv predict: ${error.message}`, PREDICT_USAGE);
    throw error;
  }
}

export const clvCommands: Record<string, Command> = {
  "clv fit": { summary: "fit BG/NBD or Gamma-Gamma to a summary or transactions CSV; prints JSON", run: fit },
  "clv predict": { summary: "expected purchases and P(alive) (BG/NBD) or expected spend (Gamma-Gamma)", run: predict },
};
