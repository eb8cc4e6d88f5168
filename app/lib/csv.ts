// RFC 4180 fields, plus a guard against spreadsheet formula injection: a cell that starts with
// = + - @ (or a tab/CR) would run as a formula in Excel or Sheets, so it is prefixed with '.
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "string" ? value : value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
