import { readFile } from "node:fs/promises";
import type { Command, CommandResult } from "../uplift";
import { analyze, srm, StatsError, type AnalyzeInput } from "../../app/engine/stats";

// Experiment statistics: "stats analyze", "stats srm". Input problems (unreadable file, bad JSON,
// impossible statistics) exit 1 with the reason; wrong usage exits 2.

const usageError = (message: string, usage: string): CommandResult => ({ exitCode: 2, stderr: `${message}\nusage: ${usage}` });
const inputError = (message: string): CommandResult => ({ exitCode: 1, stderr: message });
const json = (value: unknown): CommandResult => ({ exitCode: 0, stdout: JSON.stringify(value, null, 2) });

/** `--name value` and `--name=value` options; anything else is returned as unexpected. */
function options(args: string[]): { values: Map<string, string>; unexpected: string[] } {
  const values = new Map<string, string>();
  const unexpected: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) unexpected.push(arg);
    else if (match[2] !== undefined) values.set(match[1]!, match[2]);
    else if (i + 1 < args.length && !args[i + 1]!.startsWith("--")) values.set(match[1]!, args[++i]!);
    else unexpected.push(arg);
  }
  return { values, unexpected };
}

const ANALYZE_USAGE = "npm run -s uplift -- stats analyze --input FILE.json";
const SRM_USAGE = "npm run -s uplift -- stats srm --observed 1000,1200 --weights 0.5,0.5";

async function runAnalyze(args: string[]): Promise<CommandResult> {
  const { values, unexpected } = options(args);
  const file = values.get("input");
  if (unexpected.length || !file || values.size !== 1) return usageError(`stats analyze: expected exactly --input FILE${unexpected.length ? ` (unexpected: ${unexpected.join(" ")})` : ""}`, ANALYZE_USAGE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return inputError(`stats analyze: cannot read ${file}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return inputError(`stats analyze: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return json(analyze(input as AnalyzeInput));
  } catch (error) {
    if (error instanceof StatsError) return inputError(`stats analyze: ${error.message}`);
    throw error;
  }
}

function numberList(raw: string | undefined, name: string): number[] | string {
  if (raw === undefined) return `missing --${name}`;
  const parts = raw.split(",").map((s) => s.trim());
  const numbers = parts.map(Number);
  const bad = parts.filter((p, i) => p === "" || !Number.isFinite(numbers[i]));
  return bad.length ? `--${name}: not a number: ${bad.map((b) => JSON.stringify(b)).join(", ")}` : numbers;
}

async function runSrm(args: string[]): Promise<CommandResult> {
  const { values, unexpected } = options(args);
  if (unexpected.length) return usageError(`stats srm: unexpected arguments: ${unexpected.join(" ")}`, SRM_USAGE);
  const observed = numberList(values.get("observed"), "observed");
  const weights = numberList(values.get("weights"), "weights");
  for (const v of [observed, weights]) if (typeof v === "string") return usageError(`stats srm: ${v}`, SRM_USAGE);
  try {
    return json(srm(observed as number[], weights as number[]));
  } catch (error) {
    if (error instanceof StatsError) return inputError(`stats srm: ${error.message}`);
    throw error;
  }
}

export const statsCommands: Record<string, Command> = {
  "stats analyze": { summary: "analyze an experiment from sufficient statistics (--input FILE.json)", run: runAnalyze },
  "stats srm": { summary: "sample-ratio mismatch check (--observed 1000,1200 --weights 0.5,0.5)", run: runSrm },
};
