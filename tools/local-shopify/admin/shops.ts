// Shops come as "uplift-demo" or "uplift-demo.myshopify.com"; the admin speaks in store names
// (admin.shopify.com/store/uplift-demo) and the app in myshopify domains.
const STORE_NAME = /^[a-z0-9][a-z0-9-]*$/i;
const SUFFIX = ".myshopify.com";

export function storeName(shop: string): string {
  const name = shop.toLowerCase().endsWith(SUFFIX) ? shop.slice(0, -SUFFIX.length) : shop;
  if (!STORE_NAME.test(name)) throw new Error(`not a shop: ${shop}`);
  return name.toLowerCase();
}

export function shopDomain(shop: string): string {
  return `${storeName(shop)}${SUFFIX}`;
}

/** The shop among `shops` that `candidate` names, as a myshopify domain, or null. */
export function knownShop(candidate: string | null, shops: string[]): string | null {
  if (!candidate) return null;
  let name: string;
  try {
    name = storeName(candidate);
  } catch {
    return null;
  }
  return shops.some((s) => storeName(s) === name) ? shopDomain(name) : null;
}
