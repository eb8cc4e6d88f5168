import type { AppMetafieldEntry } from "@shopify/ui-extensions/checkout";

export const API_URL = "https://uplift.example.com";

/** The shop metafield the app writes at install. */
export function configEntry(value: unknown = { v: 1, apiUrl: API_URL }, targetType: AppMetafieldEntry["target"]["type"] = "shop"): AppMetafieldEntry {
  return {
    target: { type: targetType, id: "gid://shopify/Shop/1" },
    metafield: {
      namespace: "$app",
      key: "checkout-config",
      value: typeof value === "string" ? value : JSON.stringify(value),
      valueType: "json_string",
      type: "json",
    },
  };
}

/** A signed token as docs/decisions/0005-offer-token.md describes it; opaque to the extension. */
export const TOKEN = {
  v: 1,
  kid: "k1",
  shop: "uplift-demo.myshopify.com",
  oid: "5f0c2b1e-decision",
  kind: "percentage",
  value: "10",
  cur: "USD",
  targets: ["gid://shopify/ProductVariant/11"],
  exp: "2026-11-23T16:30:00.000Z",
  cart: "3b1f".padEnd(64, "0"),
  cust: "",
  sig: "9a0e".padEnd(64, "f"),
};

export const PERCENT_OFFER = {
  id: "5f0c2b1e-decision",
  action: { type: "percentage_discount", percent: 10 },
  expiresAt: "2026-11-23T16:30:00.000Z",
  token: TOKEN,
};

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

/** translate() in the tester returns the key; this keeps the replacements visible too. */
export function showReplacements(key: string, options?: Record<string, unknown>): string {
  return options ? `${key} ${JSON.stringify(options)}` : key;
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Formatting = {
  translate: unknown;
  formatNumber: (n: number | bigint, options?: Intl.NumberFormatOptions) => string;
  formatCurrency: (n: number | bigint, options?: Intl.NumberFormatOptions) => string;
};

/**
 * Makes formatted values visible in the rendered output: translate() shows its replacements,
 * formatNumber() and formatCurrency() mark what they were given.
 */
export function traceFormatting(i18n: Formatting): void {
  i18n.translate = showReplacements;
  i18n.formatNumber = (n) => `num(${n})`;
  i18n.formatCurrency = (n, options) => `cur(${n} ${options?.currency ?? "?"})`;
}
