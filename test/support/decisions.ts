import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import prisma from "../../app/db.server";
import type { GuardrailSettingsInput, PolicyInput, Workflow } from "../../app/engine/decide";
import { assign } from "../../app/engine/experiments";
import type { Flag } from "../../app/engine/flags";
import { writeSetting, type SettingKey } from "../../app/models/settings.server";
import type { DecisionRequest } from "../../app/services/decide.server";
import { invalidateWorkflowConfig } from "../../app/services/workflow-config.server";
import { DEFAULT_EXPERIMENTS, DEFAULT_GUARDRAILS, defaultFlag } from "../../app/services/workflow-defaults.server";

// Fixtures for tests of the decision service: settings written the way the admin writes them, unit
// ids picked by the real assignment function, and carts in minor units.

export const newShop = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}.myshopify.com`;

/** Writes a setting as the admin does (a new version) and drops this process's cached copy. */
export async function putSetting(shop: string, key: SettingKey, value: unknown, { invalidate = true } = {}) {
  await prisma.$transaction((tx) => writeSetting(tx, shop, key, value as Prisma.InputJsonValue, "test"));
  if (invalidate) invalidateWorkflowConfig(shop);
}

export async function setFlag(shop: string, workflow: Workflow, over: Partial<Flag> = {}, options?: { invalidate?: boolean }) {
  await putSetting(shop, `flag:${workflow}`, { ...defaultFlag(workflow), mode: "live", version: 1, ...over }, options);
}

/** Every guardrail at its default except those given. */
export async function setGuardrails(shop: string, over: Partial<GuardrailSettingsInput>) {
  await putSetting(shop, "guardrails", { ...DEFAULT_GUARDRAILS, ...over });
}

/** A rules policy whose single rule matches any cart with an item. */
export function onePolicy(workflow: Workflow, action: unknown, extra: Partial<PolicyInput> = {}): PolicyInput {
  return {
    id: `${workflow}-test`,
    version: 1,
    workflow,
    mode: "rules",
    rules: [{ id: "any-cart", when: [{ field: "cart.itemCount", op: "gte", value: 1 }], action: action as never }],
    ...extra,
  };
}

/** A new shop with `workflow` live under a one-rule policy (default: 10 % off any cart). */
export async function liveShop(prefix: string, workflow: Workflow = "checkout_incentive", action: unknown = { type: "percentage_discount", percent: 10 }) {
  const shop = newShop(prefix);
  await putSetting(shop, `policy:${workflow}`, onePolicy(workflow, action));
  await setFlag(shop, workflow);
  return shop;
}

/** Two units of 30000 (cost 10000): 60000, above the default review thresholds (cart 50000, discount 5000). */
export const BIG_CART: Line[] = [{ price: 30_000, cost: 10_000, quantity: 2 }];

type Arm = "treatment" | "control" | "universal_holdout";

/** The first unit id `${prefix}-n` the shop's default experiment puts in `arm`. */
export function unitIn(arm: Arm, workflow: Workflow, prefix: string = randomUUID().slice(0, 8)): string {
  for (let i = 0; i < 100_000; i++) {
    const unitId = `${prefix}-${i}`;
    const got = assign({ experimentKey: workflow, unitId, universalHoldout: DEFAULT_EXPERIMENTS.universalHoldout, holdoutPercent: DEFAULT_EXPERIMENTS.holdoutPercent, seed: workflow });
    if (got.arm === arm) return unitId;
  }
  throw new Error(`no unit in ${arm}`);
}

export type Line = { price: number; cost: number | null; quantity?: number; variant?: string };

/** A checkout_incentive request for `unitId` with these lines (minor units). */
export function checkoutRequest(unitId: string, lines: Line[] = [{ price: 10_000, cost: 4_000 }], extra: Partial<DecisionRequest> = {}): DecisionRequest {
  return {
    workflow: "checkout_incentive",
    unitId,
    customerGid: `gid://shopify/Customer/${unitId}`,
    cart: {
      currency: "USD",
      lines: lines.map((l, i) => ({
        variantId: l.variant ?? `gid://shopify/ProductVariant/${i + 1}`,
        productId: `gid://shopify/Product/${i + 1}`,
        collectionIds: [],
        unitPriceMinor: l.price,
        unitCostMinor: l.cost,
        quantity: l.quantity ?? 1,
      })),
    },
    customer: { id: unitId, tier: "gold", predictedValueMinor: 40_000, churnRisk: 0.7, ordersCount: 3, isReturning: true, country: "US" },
    session: { device: "desktop", country: "US", source: "direct", riskScore: 0.1 },
    ...extra,
  };
}
