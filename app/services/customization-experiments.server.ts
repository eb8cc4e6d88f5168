// The delivery and payment customization experiments: the merchant's arms (rename, reorder or hide
// options), checked here with the same rules the Functions apply (extensions/*-customization
// READMEs), stored as versioned, audited settings, and written to the customizations' `$app`
// configuration by checkout-setup.server.ts. A configuration the Function would refuse is refused
// here first, with a reason, instead of silently doing nothing at checkout.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { hashBucket } from "../engine/flags";
import { readSetting } from "../models/settings.server";
import type { Approver } from "./approvals.server";
import { requestCheckoutSetup } from "./checkout-setup.server";
import { idleCustomizationConfig, type CustomizationConfig } from "./checkout-config.server";
import { saveAuditedSetting, type SaveResult } from "./flags.server";

export type CustomizationKind = "delivery" | "payment";

const text = (max: number) => z.string().min(1).max(max).refine((s) => s.trim() !== "" && !/[\u0000-\u001f\u007f]/.test(s), "blank or control characters");

function opSchema(kind: CustomizationKind) {
  const match = kind === "delivery" ? z.object({ titleContains: text(255) }).strict() : z.object({ nameContains: text(255) }).strict();
  const rename = kind === "delivery" ? z.object({ op: z.literal("rename"), match, title: text(255) }).strict() : z.object({ op: z.literal("rename"), match, name: text(255) }).strict();
  // The top of the delivery list belongs to the cheapest option (App Store rule 1.1.10).
  const index = kind === "delivery" ? z.number().int().min(1).max(100) : z.number().int().min(0).max(100);
  return z.discriminatedUnion("op", [rename, z.object({ op: z.literal("move"), match, index }).strict(), z.object({ op: z.literal("hide"), match }).strict()]);
}

export function customizationConfigSchema(kind: CustomizationKind) {
  return z
    .object({
      v: z.literal(1),
      experiment: text(100),
      hashVersion: z.union([z.literal(1), z.literal(2)]),
      arms: z
        .array(z.object({ name: text(100), weight: z.number().int().min(0).max(10_000), ops: z.array(opSchema(kind)).max(20) }).strict())
        .min(1)
        .max(10)
        .refine((arms) => new Set(arms.map((a) => a.name)).size === arms.length, "arm names must be unique")
        .refine((arms) => arms.some((a) => a.weight > 0), "at least one arm needs a weight above 0"),
    })
    .strict();
}

/**
 * The stored experiment, or the idle one (a single arm that changes nothing). A webhook handler
 * passes its transaction as `db`: on the embedded database a second connection would wait on it.
 */
export async function customizationConfig(shop: string, kind: CustomizationKind, db?: Parameters<typeof readSetting>[2]): Promise<CustomizationConfig> {
  const row = await readSetting(shop, `customization:${kind}`, db);
  const parsed = customizationConfigSchema(kind).safeParse(row?.value);
  return parsed.success ? (parsed.data as CustomizationConfig) : idleCustomizationConfig(kind);
}

export async function customizationEditor(shop: string) {
  const [delivery, payment] = await Promise.all(["delivery", "payment"].map((k) => readSetting(shop, `customization:${k as CustomizationKind}`)));
  const view = (kind: CustomizationKind, row: typeof delivery) => ({ version: row?.version ?? 0, json: JSON.stringify(row?.value ?? idleCustomizationConfig(kind), null, 2) });
  return { delivery: view("delivery", delivery), payment: view("payment", payment) };
}

/** Saves an experiment (audited, versioned) and queues the resync that writes it to the Function. */
export async function saveCustomizationExperiment(shop: string, kind: CustomizationKind, json: string, expectedVersion: number, actor: Approver): Promise<SaveResult> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, status: 422, error: "Some values are not valid", fieldErrors: { json: "not valid JSON" } };
  }
  const parsed = customizationConfigSchema(kind).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, status: 422, error: "Some values are not valid", fieldErrors: { json: `${issue.path.join(".") || "config"}: ${issue.message}` } };
  }
  const result = await saveAuditedSetting({
    shop,
    key: `customization:${kind}`,
    event: "settings.changed",
    actor,
    expectedVersion,
    build: (current) => ({ value: parsed.data as Prisma.InputJsonValue, before: (current?.value ?? {}) as Prisma.InputJsonValue, summary: `${kind} experiment saved` }),
  });
  if (result.ok) await requestCheckoutSetup(shop);
  return result;
}

/**
 * The arm the Function gives a logged-in customer (the same integer ranges as
 * extensions/shared/src/experiment/assign-arm.ts), for attributing their orders.
 */
export function customizationArm(config: CustomizationConfig, customerGid: string): string | null {
  const bucket = hashBucket(config.experiment, customerGid, config.hashVersion);
  if (bucket === null) return null;
  const units = config.hashVersion === 2 ? 10_000 : 1_000;
  const n = Math.round(bucket * units);
  const total = config.arms.reduce((s, a) => s + a.weight, 0);
  let cumulative = 0;
  for (const arm of config.arms) {
    const next = cumulative + arm.weight;
    if (cumulative * units <= n * total && n * total < next * units) return arm.name;
    cumulative = next;
  }
  return null;
}

const liveArms = (config: CustomizationConfig) => config.arms.filter((a) => a.weight > 0);

/** Two or more arms that receive customers: anything less compares nothing, so nothing is recorded. */
export function isRunningCustomization(config: CustomizationConfig): boolean {
  return liveArms(config).length > 1;
}

/** Where exposures are kept: under the experiment's name, so a renamed experiment starts over. */
export function customizationExperimentKey(kind: CustomizationKind, config: CustomizationConfig): string {
  return `customization:${kind}:${config.experiment}`;
}

/**
 * The arm the others are measured against: the one named "control" in any case, else the first.
 * Arms with weight 0 receive nobody and are passed over, so a comparison always has a baseline.
 */
export function customizationControlArm(config: CustomizationConfig): string {
  const arms = liveArms(config).length > 0 ? liveArms(config) : config.arms;
  return (arms.find((a) => a.name.toLowerCase() === "control") ?? arms[0]!).name;
}

/** The share of customers each arm should get (the sample-ratio check's expectation). */
export function customizationSplit(config: CustomizationConfig): Record<string, number> {
  const arms = liveArms(config);
  const total = arms.reduce((s, a) => s + a.weight, 0);
  return Object.fromEntries(arms.map((a) => [a.name, a.weight / total]));
}
