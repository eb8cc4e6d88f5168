// The pixel's logic, free of the sandbox so it can be tested in plain Node (index.ts wires it to
// Shopify's register()). What leaves the browser is deliberately small: the logged-in customer's id,
// the event name, and the collection, product or variant id. Never an email, a name, a price or
// the page URL. Anonymous visitors send nothing: an audience is a list of known contacts.

export const SUBSCRIBED_EVENTS = ["collection_viewed", "product_viewed", "product_added_to_cart"] as const;
export type SubscribedEvent = (typeof SUBSCRIBED_EVENTS)[number];

/** Set by the app per shop through webPixelCreate (see shopify.extension.toml). */
export type PixelSettings = { apiUrl: string; shop: string; keyId: string; signature: string };

type Id = string | number | null | undefined;

/** The parts of the Web Pixels API standard events this pixel reads. */
export type StandardEvent = {
  name?: string;
  data?: {
    collection?: { id?: Id } | null;
    productVariant?: { id?: Id; product?: { id?: Id } | null } | null;
    cartLine?: { merchandise?: { id?: Id; product?: { id?: Id } | null } | null } | null;
  };
};

export type PixelPayload = {
  v: 1;
  shop: string;
  keyId: string;
  signature: string;
  customerId: string;
  event: SubscribedEvent;
  collectionId?: string;
  productId?: string;
  variantId?: string;
};

/** The subset of the extension API (register's argument) the pixel uses. */
export type PixelApi = {
  analytics: { subscribe(name: string, callback: (event: StandardEvent) => void): unknown };
  init: { data?: { customer?: { id?: Id } | null } | null };
  settings: unknown;
};

export type Send = (url: string, init: RequestInit) => unknown;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The settings, or null when any is missing or the URL is neither HTTPS nor local. */
export function readSettings(raw: unknown): PixelSettings | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const text = (k: string) => (typeof r[k] === "string" && (r[k] as string).length > 0 ? (r[k] as string) : null);
  const [apiUrl, shop, keyId, signature] = [text("apiUrl"), text("shop"), text("keyId"), text("signature")];
  if (!apiUrl || !shop || !keyId || !signature) return null;
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname))) return null;
  return { apiUrl: apiUrl.replace(/\/+$/, ""), shop, keyId, signature };
}

/** An id as the API gives it (a number, a numeric string or a GID), or null for anything else. */
function idText(id: Id): string | null {
  if (id === null || id === undefined) return null;
  const text = String(id);
  return /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?\d{1,20}$/.test(text) ? text : null;
}

/** What to send for one event, or null when there is nothing to send. */
export function payloadFor(name: string, event: StandardEvent, customerId: Id, settings: PixelSettings): PixelPayload | null {
  const customer = idText(customerId);
  if (!customer) return null;
  const base = { v: 1 as const, shop: settings.shop, keyId: settings.keyId, signature: settings.signature, customerId: customer };
  const data = event.data ?? {};
  switch (name) {
    case "collection_viewed": {
      const collectionId = idText(data.collection?.id);
      return collectionId ? { ...base, event: name, collectionId } : null;
    }
    case "product_viewed": {
      const productId = idText(data.productVariant?.product?.id);
      return productId ? { ...base, event: name, productId } : null;
    }
    case "product_added_to_cart": {
      const variantId = idText(data.cartLine?.merchandise?.id);
      const productId = idText(data.cartLine?.merchandise?.product?.id);
      return variantId ? { ...base, event: name, variantId, ...(productId ? { productId } : {}) } : null;
    }
    default:
      return null;
  }
}

/**
 * The request for one event. `fetch` with keepalive, the Web Pixels API's replacement for
 * sendBeacon: it survives the page unloading (add to cart often navigates). text/plain keeps it a
 * simple CORS request, without a preflight; no cookies go with it.
 */
export function beaconRequest(settings: PixelSettings, payload: PixelPayload): { url: string; init: RequestInit } {
  return {
    url: `${settings.apiUrl}/api/pixel`,
    init: { method: "POST", mode: "cors", credentials: "omit", keepalive: true, headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: JSON.stringify(payload) },
  };
}

/** Subscribes to the events; returns false (and sends nothing, ever) without settings or a customer. */
export function startPixel(api: PixelApi, send: Send): boolean {
  const settings = readSettings(api.settings);
  const customerId = api.init.data?.customer?.id;
  if (!settings || !idText(customerId)) return false;
  for (const name of SUBSCRIBED_EVENTS) {
    api.analytics.subscribe(name, (event) => {
      const payload = payloadFor(name, event, customerId, settings);
      if (!payload) return;
      const { url, init } = beaconRequest(settings, payload);
      // A failed send is dropped: the storefront must never notice the pixel.
      try {
        void Promise.resolve(send(url, init)).catch(() => undefined);
      } catch {
        // ignored, as above
      }
    });
  }
  return true;
}
