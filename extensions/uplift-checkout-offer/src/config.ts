import type { AppMetafieldEntry } from "@shopify/ui-extensions/checkout";

export const CONFIG_NAMESPACE = "$app";
export const CONFIG_KEY = "checkout-config";

export interface CheckoutConfig {
  /** The app's public origin (and optional base path), without a trailing slash. */
  apiUrl: string;
}

/**
 * Reads the shop metafield `$app.checkout-config` that the app writes at install:
 * `{"v":1,"apiUrl":"https://…"}`. Anything else yields `null` and the extension stays silent
 * (fail closed: no request, no UI). Only https is accepted because every request carries the
 * buyer's session token.
 */
export function readCheckoutConfig(entries: readonly AppMetafieldEntry[]): CheckoutConfig | null {
  const entry = entries.find(
    (e) =>
      e.target.type === "shop" &&
      e.metafield.namespace === CONFIG_NAMESPACE &&
      e.metafield.key === CONFIG_KEY,
  );
  if (!entry) return null;
  try {
    const parsed: unknown = JSON.parse(entry.metafield.value);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { v, apiUrl } = parsed as { v?: unknown; apiUrl?: unknown };
    if (v !== 1 || typeof apiUrl !== "string") return null;
    const url = new URL(apiUrl);
    if (url.protocol !== "https:" || url.search || url.hash || url.username) return null;
    return { apiUrl: (url.origin + url.pathname).replace(/\/+$/, "") };
  } catch {
    return null;
  }
}
