// CSV reading for the clv commands: the engine takes numbers, this turns an analyst's file into them
// or into a message that says which file, row and column is wrong.
import { readFileSync } from "node:fs";
import type { CustomerSummary, Transaction } from "../../app/engine/clv";

export class InputError extends Error {}

type Table = { file: string; header: string[]; rows: string[][] };

// Quoted fields ("a, b" and doubled quotes) are handled because spreadsheet exports produce them.
function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

export function readCsv(file: string): Table {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new InputError(`${file} is empty`);
  const header = splitLine(lines[0]!);
  const rows = lines.slice(1).map(splitLine);
  if (rows.length === 0) throw new InputError(`${file} has a header but no data rows`);
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new InputError(`${file} line ${i + 2}: ${r.length} fields, the header has ${header.length}`);
  });
  return { file, header, rows };
}

function columnIndex(table: Table, name: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) throw new InputError(`${table.file}: missing column "${name}" (columns: ${table.header.join(", ")})`);
  return i;
}

function numberAt(table: Table, row: number, col: number): number {
  const raw = table.rows[row]![col]!;
  const value = raw === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw new InputError(`${table.file} line ${row + 2}, column "${table.header[col]}": "${raw}" is not a number`);
  return value;
}

export type SummaryColumns = { frequency: string; recency: string; T: string; monetary?: string };

/** Rows of a lifetimes-format summary file. */
export function readSummaries(file: string, columns: SummaryColumns): CustomerSummary[] {
  const table = readCsv(file);
  const f = columnIndex(table, columns.frequency);
  const r = columnIndex(table, columns.recency);
  const t = columnIndex(table, columns.T);
  const m = columns.monetary === undefined ? -1 : columnIndex(table, columns.monetary);
  return table.rows.map((_, i) => ({
    frequency: numberAt(table, i, f),
    recency: numberAt(table, i, r),
    T: numberAt(table, i, t),
    ...(m >= 0 ? { monetaryValue: numberAt(table, i, m) } : {}),
  }));
}

/** YYYY-MM-DD (optionally with a time) or YYYYMMDD, read as UTC. */
export function parseDate(raw: string): Date {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  const iso = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : raw;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso) || Number.isNaN(date.getTime())) throw new InputError(`"${raw}" is not a date (YYYY-MM-DD or YYYYMMDD)`);
  return date;
}

export type TransactionColumns = { customer: string; date: string; amount?: string };

/** Raw transactions; without an amount column every amount is 0 (enough for BG/NBD). */
export function readTransactions(file: string, columns: TransactionColumns): Transaction[] {
  const table = readCsv(file);
  const c = columnIndex(table, columns.customer);
  const d = columnIndex(table, columns.date);
  const a = columns.amount === undefined ? -1 : columnIndex(table, columns.amount);
  return table.rows.map((row, i) => {
    let date: Date;
    try {
      date = parseDate(row[d]!);
    } catch (error) {
      throw new InputError(`${file} line ${i + 2}, column "${columns.date}": ${(error as Error).message}`);
    }
    if (row[c] === "") throw new InputError(`${file} line ${i + 2}: empty customer id`);
    return { customerId: row[c]!, date, amount: a >= 0 ? numberAt(table, i, a) : 0 };
  });
}
