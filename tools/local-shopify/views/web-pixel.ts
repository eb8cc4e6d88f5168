import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { parseGid } from "../gid";
import { iso } from "../money";
import type { Args, ResolverContext, View } from "./context";

// The app's web pixel (webPixelCreate / webPixelUpdate / webPixelDelete, webPixel(id), node). One
// per app and shop, as Shopify has it: a second create is TAKEN. Settings are checked, as Shopify
// does, against the [settings] of the app's web_pixel_extension in extensions/*/shopify.extension.toml:
// a JSON object of strings, no field the definition lacks, each value within its min/max validations.
// Unconfirmed details: the TAKEN and INVALID_SETTINGS messages are ours, `settings` is returned as
// a JSON string (as in Shopify's examples), and `webPixel` without an id answers null when the app
// has no pixel.

type Field = { type: string; min: number | null; max: number | null };
type Definition = { handle: string; fields: Map<string, Field> } | null;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let definition: Definition | undefined;

function pixelDefinition(): Definition {
  if (definition !== undefined) return definition;
  definition = null;
  const root = path.join(REPO_ROOT, "extensions");
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    let toml: Record<string, unknown>;
    try {
      toml = parseToml(readFileSync(path.join(root, dir.name, "shopify.extension.toml"), "utf8")) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (toml.type !== "web_pixel_extension") continue;
    const settings = (toml.settings ?? {}) as { fields?: Record<string, { type?: string; validations?: { name: string; value: string }[] }> };
    const fields = new Map<string, Field>();
    for (const [name, f] of Object.entries(settings.fields ?? {})) {
      const v = (n: string) => f.validations?.find((x) => x.name === n)?.value;
      fields.set(name, { type: f.type ?? "single_line_text_field", min: v("min") ? Number(v("min")) : null, max: v("max") ? Number(v("max")) : null });
    }
    definition = { handle: String(toml.handle ?? dir.name), fields };
    break;
  }
  return definition;
}

type UserError = { field: string[]; message: string; code: string };
const error = (code: string, message: string, field = ["webPixel", "settings"]): UserError => ({ field, message, code });

function checkSettings(raw: unknown): { settings: Record<string, string> } | { error: UserError } {
  const def = pixelDefinition();
  if (!def) return { error: error("NO_EXTENSION", "No web pixel extension found for this app.", ["webPixel"]) };
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return { error: error("INVALID_CONFIGURATION_JSON", "Settings is not valid JSON.") };
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { error: error("INVALID_CONFIGURATION_JSON", "Settings must be a JSON object.") };
  const settings: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    const field = def.fields.get(name);
    if (!field) return { error: error("INVALID_SETTINGS", `Setting ${name} is not defined by the ${def.handle} extension.`) };
    if (typeof v !== "string") return { error: error("INVALID_SETTINGS", `Setting ${name} must be a string.`) };
    if ((field.min !== null && v.length < field.min) || (field.max !== null && v.length > field.max)) return { error: error("INVALID_SETTINGS", `Setting ${name} does not meet its validations.`) };
    settings[name] = v;
  }
  for (const [name, field] of def.fields) {
    if (field.min !== null && field.min > 0 && !(name in settings)) return { error: error("INVALID_SETTINGS", `Setting ${name} is required.`) };
  }
  return { settings };
}

export function webPixelView(ctx: ResolverContext): View | null {
  const p = ctx.store.webPixel;
  return p ? { __typename: "WebPixel", id: p.id, settings: JSON.stringify(p.settings) } : null;
}

const payload = (typename: string, ctx: ResolverContext, userErrors: UserError[]) => ({
  __typename: typename,
  webPixel: userErrors.length === 0 ? webPixelView(ctx) : null,
  userErrors: userErrors.map((e) => ({ __typename: "ErrorsWebPixelUserError", ...e })),
});

export function webPixelCreate(ctx: ResolverContext, input: Args) {
  if (ctx.store.webPixel) return payload("WebPixelCreatePayload", ctx, [error("TAKEN", "This app already has a web pixel on the shop.", ["webPixel"])]);
  const checked = checkSettings(input.settings);
  if ("error" in checked) return payload("WebPixelCreatePayload", ctx, [checked.error]);
  const at = iso(ctx.now());
  ctx.store.webPixel = { id: ctx.store.newId("WebPixel"), settings: checked.settings, createdAt: at, updatedAt: at };
  return payload("WebPixelCreatePayload", ctx, []);
}

export function webPixelUpdate(ctx: ResolverContext, id: unknown, input: Args) {
  const current = ctx.store.webPixel;
  if (!current || current.id !== id) return payload("WebPixelUpdatePayload", ctx, [error("NOT_FOUND", `Web pixel ${String(id)} not found.`, ["id"])]);
  const checked = checkSettings(input.settings);
  if ("error" in checked) return payload("WebPixelUpdatePayload", ctx, [checked.error]);
  ctx.store.webPixel = { ...current, settings: checked.settings, updatedAt: iso(ctx.now()) };
  return payload("WebPixelUpdatePayload", ctx, []);
}

export function webPixelDelete(ctx: ResolverContext, id: unknown) {
  const current = ctx.store.webPixel;
  const found = Boolean(current && current.id === id);
  if (found) ctx.store.webPixel = null;
  return {
    __typename: "WebPixelDeletePayload",
    deletedWebPixelId: found ? id : null,
    userErrors: found ? [] : [{ __typename: "ErrorsWebPixelUserError", ...error("NOT_FOUND", `Web pixel ${String(id)} not found.`, ["id"]) }],
  };
}

/** webPixel(id:): the app's pixel; with an id, only if it names it. */
export function webPixelQuery(ctx: ResolverContext, id: unknown): View | null {
  if (id !== undefined && id !== null && (typeof id !== "string" || parseGid(id)?.type !== "WebPixel" || id !== ctx.store.webPixel?.id)) return null;
  return webPixelView(ctx);
}
