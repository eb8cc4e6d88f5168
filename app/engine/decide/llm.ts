// LLM proposals are untrusted input (CONVENTIONS rule 11): the action must parse with actionSchema or
// it is ignored, and the model's own reasons are logged only as short, quoted, single-line text.
import { actionSchema, type Action } from "./action";
import { quote, type Json } from "./json";

export type ParsedProposal = { ok: true; action: Action; reasons: string[] } | { ok: false; reason: string };

const MAX_REASONS = 3;
const MAX_REASON_LENGTH = 160;

export function parseProposal(raw: Json): ParsedProposal {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, reason: "LLM proposal ignored: not an object" };
  const parsed = actionSchema.safeParse(raw.action);
  if (!parsed.success) {
    // Only paths and codes: the rejected values themselves are untrusted text.
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "action"} (${i.code})`);
    return { ok: false, reason: `LLM proposal ignored: invalid action at ${where.join(", ")}` };
  }
  const reasons = Array.isArray(raw.reasons) ? raw.reasons.filter((r): r is string => typeof r === "string").slice(0, MAX_REASONS) : [];
  return { ok: true, action: parsed.data, reasons: reasons.map((r) => `LLM said: ${quote(r, MAX_REASON_LENGTH)}`) };
}
