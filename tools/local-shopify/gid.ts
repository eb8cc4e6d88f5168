import type { Rng } from "./prng";

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function parseGid(value: string): { type: string; id: string } | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?]+)/.exec(value);
  return m ? { type: m[1] ?? "", id: m[2] ?? "" } : null;
}

export function legacyId(value: string): string {
  return parseGid(value)?.id ?? value;
}

// Shopify ids are platform-wide sequences, so one shop sees large numbers with gaps between its
// own records. The bases are in the range real shops see today and stay below 2^53.
const BASES: Record<string, number> = {
  Product: 8_214_630_000_000,
  ProductVariant: 44_917_200_000_000,
  InventoryItem: 46_981_500_000_000,
  Customer: 7_352_140_000_000,
  Order: 5_640_310_000_000,
  LineItem: 14_120_870_000_000,
  Metafield: 31_204_560_000_000,
  MetafieldDefinition: 1_020_330_000,
  DiscountAutomaticNode: 1_480_710_000_000,
  DeliveryCustomization: 58_120_000,
  PaymentCustomization: 61_340_000,
  BulkOperation: 4_250_980_000_000,
  Refund: 9_310_420_000_000,
  RefundLineItem: 11_870_150_000_000,
  OrderTransaction: 7_024_660_000_000,
};

export class IdAllocator {
  private readonly last = new Map<string, number>();
  constructor(private readonly rng: Rng) {}

  next(type: string): string {
    const previous = this.last.get(type) ?? BASES[type] ?? 1_000_000;
    const value = previous + 1 + Math.floor(this.rng() * 4000);
    this.last.set(type, value);
    return gid(type, value);
  }
}
