// Money in Shopify's webhook payloads: decimal strings ("19.99"), and *_set objects giving the amount
// in shop and presentment currency. The local Shopify has one currency, so both halves agree.
// Arithmetic runs on integer cents so "0.1" + "0.2" stays "0.30".

export type MoneySet = {
  shop_money: { amount: string; currency_code: string };
  presentment_money: { amount: string; currency_code: string };
};

export function toCents(amount: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/.exec(amount.trim());
  if (!match) throw new Error(`not a money amount: ${amount}`);
  const cents = BigInt(match[2] ?? "0") * 100n + BigInt((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** Normalises "20" or "19.9" to Shopify's two-decimal form. */
export function money(amount: string): string {
  return fromCents(toCents(amount));
}

export function sum(amounts: string[]): string {
  return fromCents(amounts.reduce((acc, a) => acc + toCents(a), 0n));
}

export function times(amount: string, quantity: number): string {
  return fromCents(toCents(amount) * BigInt(quantity));
}

export function minus(a: string, b: string, floorAtZero = true): string {
  const diff = toCents(a) - toCents(b);
  return fromCents(floorAtZero && diff < 0n ? 0n : diff);
}

export function moneySet(amount: string, currency: string): MoneySet {
  const value = money(amount);
  return {
    shop_money: { amount: value, currency_code: currency },
    presentment_money: { amount: value, currency_code: currency },
  };
}
