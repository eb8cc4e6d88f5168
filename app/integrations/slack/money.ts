// Money arrives as integer minor units (see app/engine/decide/action.ts). How many digits a currency
// has varies (JPY 0, USD 2, KWD 3), so the divisor comes from Intl rather than a fixed 100.
export function formatMinor(amountMinor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amountMinor / 10 ** digits);
  } catch {
    // An unknown currency code must not stop an approval request from being sent.
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}
