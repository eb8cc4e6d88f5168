import type { LocalShopify } from "../../tools/local-shopify/server";
import { generateStore } from "../../tools/local-shopify/generate-store";
import type { Store } from "../../tools/local-shopify/store";

/** The local Shopify that test/setup/env.ts started for this test file. */
export function localShopify(): LocalShopify {
  const local = (globalThis as { __localShopify?: LocalShopify }).__localShopify;
  if (!local) throw new Error("test/setup/env.ts did not start a local Shopify");
  return local;
}

/** A small generated store for `domain`, served by the local Shopify from now on. */
export function addStore(domain: string, seed = 1): Store {
  const store = generateStore({ domain, seed, productCount: 20, customerCount: 50, years: 1, now: Date.UTC(2026, 10, 1) });
  localShopify().stores.set(domain, store);
  return store;
}
