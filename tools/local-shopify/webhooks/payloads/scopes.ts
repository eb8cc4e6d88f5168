import type { ShopInfo } from "../../model";
import { derivedId } from "../json-int";
import type { Payload } from "./context";

export type ScopesUpdate = { shop: ShopInfo; previous: string[]; current: string[]; updatedAt?: string };

/**
 * app/scopes_update. No sample is stored in shared/; the shape follows Shopify's 2026-04 webhook
 * reference example ({id, shop_id, previous, current, updated_at}); shop_id, a Shop gid string, was
 * added in 2025-07 (changelog "Add shop_id to app/scopes_update webhook payload"). `id` identifies
 * the app installation.
 */
export function scopesUpdatePayload(u: ScopesUpdate): Payload {
  return {
    id: derivedId(`${u.shop.id}/AppInstallation`),
    shop_id: u.shop.id,
    previous: [...u.previous],
    current: [...u.current],
    updated_at: new Date(u.updatedAt ?? Date.now()).toISOString(),
  };
}
