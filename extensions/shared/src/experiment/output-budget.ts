// Shopify refuses a Function result over 20 kB (carts up to 200 lines), and a refused result
// changes nothing anyway; staying well under it keeps the outcome ours to choose: the caller
// drops whole units of work that do not fit instead of being cut off mid-way.

export const MAX_OPERATIONS = 50;
export const MAX_OUTPUT_BYTES = 16000;

export type Budget = { operations: number; bytes: number };

export const EMPTY_BUDGET: Budget = { operations: 0, bytes: 0 };

/** UTF-8 length without TextEncoder, counting a surrogate pair as the 4 bytes it encodes to. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** The budget after adding `operations`, or null if they do not all fit. */
export function spend(used: Budget, operations: readonly unknown[]): Budget | null {
  let bytes = used.bytes;
  // +1 per operation for the comma that joins it to the array.
  for (const operation of operations) bytes += utf8Length(JSON.stringify(operation)) + 1;
  const count = used.operations + operations.length;
  return count <= MAX_OPERATIONS && bytes <= MAX_OUTPUT_BYTES ? { operations: count, bytes } : null;
}
