import { z } from "zod";
import { ACTION_TYPES, guardrailSettingsSchema, type ActionType, type GuardrailSettings } from "../engine/decide";
import { readSetting } from "../models/settings.server";
import type { Approver } from "./approvals.server";
import { requestCheckoutSetup } from "./checkout-setup.server";
import { fieldErrorsOf, saveAuditedSetting, type SaveResult } from "./flags.server";
import { DEFAULT_GUARDRAILS } from "./workflow-defaults.server";

// The shop's guardrails as the admin form edits them. Money is entered in dollars and stored in
// minor units; blank optional limits mean "no limit" (null). Settings the form does not show
// (eligible products, allowed action types and templates, shipping estimate) are kept as stored.
// Per offer type, an approval threshold can follow the shop-wide one (blank), be switched off
// ("never") or have its own amount.

export type GuardrailsInput = {
  maxDiscountPercent: number;
  marginFloorPercent: number;
  /** Dollars. */
  marginFloorMin: number;
  excludedProductIds: string[];
  excludedCollectionIds: string[];
  excludedVariantIds: string[];
  maxOffersPerWindow: number | null;
  minMinutesBetweenOffers: number | null;
  /** Dollars; null = no budget. */
  dailyBudget: number | null;
  /** Dollars; null = never sent to review for this reason. */
  approvalCartValueAbove: number | null;
  approvalDiscountAbove: number | null;
  /** Dollars; undefined = as shop-wide, null = never for this offer type. */
  byAction?: Partial<Record<ActionType, { cart: number | null | undefined; discount: number | null | undefined }>>;
};

export const THRESHOLD_ACTIONS = ACTION_TYPES.filter((t) => t !== "none");
export const thresholdField = (type: ActionType, reason: "cart" | "discount") => `t_${type}_${reason}`;

const perAction = z
  .string()
  .trim()
  .optional()
  .transform((s, ctx) => {
    if (!s) return undefined;
    if (/^(never|off)$/i.test(s)) return null;
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0) {
      ctx.addIssue({ code: "custom", message: "Enter an amount, \"never\", or leave blank for the shop-wide value" });
      return z.NEVER;
    }
    return n;
  });
/** The per-offer-type threshold fields of the form, for the route to validate with the rest. */
export const actionThresholdForm = z.object(Object.fromEntries(THRESHOLD_ACTIONS.flatMap((t) => [[thresholdField(t, "cart"), perAction], [thresholdField(t, "discount"), perAction]])) as Record<string, typeof perAction>);

export function byActionFromForm(values: Record<string, number | null | undefined>): NonNullable<GuardrailsInput["byAction"]> {
  return Object.fromEntries(THRESHOLD_ACTIONS.map((t) => [t, { cart: values[thresholdField(t, "cart")], discount: values[thresholdField(t, "discount")] }]));
}

/** The form's fields as strings, for the page to fill its inputs with. */
export type GuardrailsForm = Record<Exclude<keyof GuardrailsInput, "byAction">, string> & Record<string, string>;

const toMinor = (dollars: number) => Math.round(dollars * 100);
const orNull = <T, U>(v: T | null, f: (v: T) => U) => (v === null ? null : f(v));
const dollars = (minor: number | null | undefined) => (minor === null || minor === undefined ? "" : String(minor / 100));
const num = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

const FIELDS: Record<string, keyof GuardrailsInput> = {
  maxDiscountPercent: "maxDiscountPercent",
  "marginFloor.percentOfPrice": "marginFloorPercent",
  "marginFloor.minMinor": "marginFloorMin",
  "excluded.productIds": "excludedProductIds",
  "excluded.collectionIds": "excludedCollectionIds",
  "excluded.variantIds": "excludedVariantIds",
  "frequency.maxOffersPerWindow": "maxOffersPerWindow",
  "frequency.minMinutesBetweenOffers": "minMinutesBetweenOffers",
  dailyBudgetMinor: "dailyBudget",
  "approval.cartValueAboveMinor": "approvalCartValueAbove",
  "approval.discountAboveMinor": "approvalDiscountAbove",
};
const field = (path: (string | number)[]) => {
  if (path[0] === "approval" && path[1] === "byAction") return thresholdField(path[2] as ActionType, path[3] === "cartValueAboveMinor" ? "cart" : "discount");
  return FIELDS[path.slice(0, 2).join(".")] ?? FIELDS[String(path[0])] ?? "form";
};
const thresholdText = (minor: number | null | undefined) => (minor === undefined ? "" : minor === null ? "never" : String(minor / 100));

/** Stored guardrails, or the defaults when none are stored or they no longer parse. */
function effective(stored: unknown): GuardrailSettings {
  const parsed = guardrailSettingsSchema.safeParse(stored);
  return parsed.success && stored !== undefined && stored !== null ? parsed.data : guardrailSettingsSchema.parse(DEFAULT_GUARDRAILS);
}

export async function guardrailsPage(shop: string) {
  const row = await readSetting(shop, "guardrails");
  const g = effective(row?.value);
  const form: GuardrailsForm = {
    maxDiscountPercent: num(g.maxDiscountPercent),
    marginFloorPercent: num(g.marginFloor.percentOfPrice),
    marginFloorMin: dollars(g.marginFloor.minMinor),
    excludedProductIds: g.excluded.productIds.join(", "),
    excludedCollectionIds: g.excluded.collectionIds.join(", "),
    excludedVariantIds: g.excluded.variantIds.join(", "),
    maxOffersPerWindow: num(g.frequency.maxOffersPerWindow),
    minMinutesBetweenOffers: num(g.frequency.minMinutesBetweenOffers),
    dailyBudget: dollars(g.dailyBudgetMinor),
    approvalCartValueAbove: dollars(g.approval.cartValueAboveMinor),
    approvalDiscountAbove: dollars(g.approval.discountAboveMinor),
    ...Object.fromEntries(
      THRESHOLD_ACTIONS.flatMap((t) => [
        [thresholdField(t, "cart"), thresholdText(g.approval.byAction[t]?.cartValueAboveMinor)],
        [thresholdField(t, "discount"), thresholdText(g.approval.byAction[t]?.discountAboveMinor)],
      ]),
    ),
  };
  return { version: row?.version ?? 0, updatedAt: row?.updatedAt.toISOString() ?? null, updatedBy: row?.updatedBy ?? null, isDefault: !row, form };
}

/** Validates with the engine's own schema (the one decisions parse), then writes a new version. */
export async function saveGuardrails(shop: string, input: GuardrailsInput, expectedVersion: number, actor: Approver): Promise<SaveResult> {
  const result = await saveGuardrailSetting(shop, input, expectedVersion, actor);
  // The discount Function re-applies the caps at checkout: it must learn the new ones.
  if (result.ok) await requestCheckoutSetup(shop);
  return result;
}

function saveGuardrailSetting(shop: string, input: GuardrailsInput, expectedVersion: number, actor: Approver): Promise<SaveResult> {
  return saveAuditedSetting({
    shop,
    key: "guardrails",
    event: "guardrails.changed",
    actor,
    expectedVersion,
    build: (current) => {
      const before = effective(current?.value);
      const next = guardrailSettingsSchema.safeParse({
        ...before,
        maxDiscountPercent: input.maxDiscountPercent,
        marginFloor: { percentOfPrice: input.marginFloorPercent, minMinor: toMinor(input.marginFloorMin) },
        excluded: { productIds: input.excludedProductIds, collectionIds: input.excludedCollectionIds, variantIds: input.excludedVariantIds },
        frequency: { maxOffersPerWindow: input.maxOffersPerWindow, minMinutesBetweenOffers: input.minMinutesBetweenOffers },
        dailyBudgetMinor: orNull(input.dailyBudget, toMinor),
        approval: {
          ...before.approval,
          cartValueAboveMinor: orNull(input.approvalCartValueAbove, toMinor),
          discountAboveMinor: orNull(input.approvalDiscountAbove, toMinor),
          byAction: input.byAction ? byActionSettings(input.byAction) : before.approval.byAction,
        },
      });
      if (!next.success) return { fieldErrors: fieldErrorsOf(next.error.issues, field) };
      return { value: next.data, before, summary: "guardrails saved" };
    },
  });
}

function byActionSettings(input: NonNullable<GuardrailsInput["byAction"]>) {
  const minorOf = (v: number | null | undefined) => (v === undefined || v === null ? v : toMinor(v));
  const out: Record<string, { cartValueAboveMinor?: number | null; discountAboveMinor?: number | null }> = {};
  for (const [type, t] of Object.entries(input)) {
    if (!t || (t.cart === undefined && t.discount === undefined)) continue;
    out[type] = { ...(t.cart !== undefined ? { cartValueAboveMinor: minorOf(t.cart) } : {}), ...(t.discount !== undefined ? { discountAboveMinor: minorOf(t.discount) } : {}) };
  }
  return out;
}
