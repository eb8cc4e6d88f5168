// Decimal values from Function output ("12.5" or 12.5) as exact fractions, money in integer cents,
// and Shopify's way of writing decimals in Function input ("12.0", "12.5", "12.99").

export type Decimal = { units: bigint; scale: bigint }; // value = units / scale

export function parseDecimal(raw: unknown, at: string): Decimal {
  const text = typeof raw === "number" && Number.isFinite(raw) ? String(raw) : raw;
  const m = typeof text === "string" ? /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim()) : null;
  if (!m) throw new Error(`Function output: ${at} is not a Decimal: ${JSON.stringify(raw)}`);
  const fraction = m[3] ?? "";
  const units = BigInt(`${m[2]}${fraction}`) * (m[1] ? -1n : 1n);
  return { units, scale: 10n ** BigInt(fraction.length) };
}

export function isNegative(d: Decimal): boolean {
  return d.units < 0n;
}

export function compare(d: Decimal, whole: number): number {
  const diff = d.units - BigInt(whole) * d.scale;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

// An amount in the currency's minor unit, rounded down ("5.559" → 555).
export function centsDown(d: Decimal): number {
  return Number((d.units * 100n) / d.scale);
}

// p % of a cents amount, rounded down to the cent.
export function percentOf(baseCents: number, p: Decimal): number {
  return Number((BigInt(baseCents) * p.units) / (p.scale * 100n));
}

// "10" → "10.0", "12.50" → "12.5": how Shopify writes a discount application's value.
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const abs = negative ? -d.units : d.units;
  const digits = d.scale.toString().length - 1;
  const whole = abs / d.scale;
  let fraction = digits > 0 ? (abs % d.scale).toString().padStart(digits, "0").replace(/0+$/, "") : "";
  if (fraction === "") fraction = "0";
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

export function centsDecimal(cents: number): string {
  return formatDecimal({ units: BigInt(cents), scale: 100n });
}

// Splits `total` cents over lines in proportion to `weights` (each line's own cap): every share is
// rounded down, then the cents left over go one by one to the largest remainders, so the shares add
// up to `total` exactly and none exceeds its weight. Requires total ≤ Σ weights.
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const shares = exact.map((e) => Number(e / BigInt(sum)));
  let left = total - shares.reduce((s, x) => s + x, 0);
  const order = weights.map((_, i) => i).sort((a, b) => Number((exact[b]! % BigInt(sum)) - (exact[a]! % BigInt(sum))) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    if (shares[i]! < weights[i]!) {
      shares[i] = shares[i]! + 1;
      left -= 1;
    }
  }
  return shares;
}
