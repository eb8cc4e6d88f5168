// What a payload builder needs beyond the resource itself.
export type BuildContext = {
  shop: string; // "uplift-demo.myshopify.com"
  timeZone?: string; // IANA zone used for shop-local timestamps; default UTC
  currency?: string; // shop currency, for payloads whose resource carries none (customers)
};

export type Payload = Record<string, unknown>;

export const DEFAULT_CURRENCY = "USD";
