// A logged-in customer who reaches checkout is in the delivery and payment experiments: the
// Functions assign their arm from the customer id, so the app records the same arm (computed the
// same way) when the checkout webhook arrives, and attributes the customer's later orders to it.
import type { Tx } from "../db.server";
import { insertExposure } from "../models/exposure.server";
import { customizationArm, customizationConfig, customizationExperimentKey, isRunningCustomization, type CustomizationKind } from "./customization-experiments.server";

const KINDS: CustomizationKind[] = ["delivery", "payment"];
const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;

/**
 * Runs inside the webhook's transaction (on the embedded database another connection would wait
 * on it). `at` is the checkout's own time, not when the queue got to it: an order placed right
 * after a late-processed checkout must still count. Anonymous checkouts get no arm, so no exposure.
 */
export async function recordCustomizationExposures(tx: Tx, shop: string, customerGid: string | null, at: Date, now = new Date()): Promise<void> {
  if (!customerGid || !CUSTOMER_GID.test(customerGid)) return;
  const exposedAt = at > now ? now : at;
  for (const kind of KINDS) {
    const config = await customizationConfig(shop, kind, tx);
    if (!isRunningCustomization(config)) continue;
    const arm = customizationArm(config, customerGid);
    if (arm === null) continue;
    await insertExposure(tx, { shop, experimentKey: customizationExperimentKey(kind, config), unitId: customerGid, arm, exposedAt });
  }
}
