import { z } from "zod";
import { AUDIT_EVENT_NAMES, countAudit, findAudit, listAudit, type AuditCursor, type AuditFilter } from "../models/audit.server";
import { csvRow } from "../lib/csv";
import { decisionDetail } from "./replay.server";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

/** The audit page's filters as they appear in its URL. */
export const auditQuerySchema = z.object({
  event: z.enum(AUDIT_EVENT_NAMES as [string, ...string[]]).optional(),
  workflow: z.string().trim().min(1).max(64).optional(),
  customer: z.string().trim().min(1).max(200).optional(),
  order: z.string().trim().min(1).max(200).optional(),
  from: day.optional(),
  to: day.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  before: z.string().optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Reads the query string, dropping empty fields (a cleared filter box submits ""). */
export function parseAuditQuery(params: URLSearchParams) {
  const raw = Object.fromEntries([...params].filter(([, v]) => v.trim() !== ""));
  return auditQuerySchema.safeParse(raw);
}

function toFilter(q: AuditQuery): AuditFilter {
  // A customer or order may be typed as a bare number; stored ids are GIDs.
  const gid = (v: string | undefined, type: string) => (v && /^\d+$/.test(v) ? `gid://shopify/${type}/${v}` : v);
  return {
    event: q.event as AuditFilter["event"],
    workflow: q.workflow,
    customer: gid(q.customer, "Customer"),
    order: gid(q.order, "Order"),
    from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
    // "to" is inclusive for people: the whole day.
    to: q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : undefined,
    text: q.q,
  };
}

function encodeCursor(c: AuditCursor) {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");
}

function decodeCursor(s: string | undefined): AuditCursor | undefined {
  if (!s) return undefined;
  const [at, id] = Buffer.from(s, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (Number.isNaN(createdAt.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return { createdAt, id };
}

const PAGE = 50;

export async function auditLogPage(shop: string, q: AuditQuery) {
  const filter = toFilter(q);
  const rows = await listAudit(shop, filter, PAGE + 1, decodeCursor(q.before));
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    total: await countAudit(shop, filter),
    entries: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      event: r.event,
      actor: r.actor,
      actorId: r.actorId,
      workflow: r.workflow,
      customerGid: r.customerGid,
      orderGid: r.orderGid,
      summary: r.reasonsText?.split("\n")[0] ?? r.entity ?? "",
    })),
    next: rows.length > PAGE && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

/** One entry, and the decision it is about when it is a decision entry (for inputs and replay). */
export async function auditEntry(shop: string, id: string) {
  const row = await findAudit(shop, id);
  if (!row) return null;
  const decision = row.event === "decision.made" && row.entity ? await decisionDetail(shop, row.entity) : null;
  return {
    entry: { ...row, createdAt: row.createdAt.toISOString(), reasons: row.reasonsText ? row.reasonsText.split("\n") : [] },
    decision,
  };
}

const CSV_COLUMNS = ["created_at", "event", "actor", "actor_id", "workflow", "customer", "order", "entity", "reasons", "before", "after"];
const CSV_BATCH = 2000;

/**
 * The filtered log as CSV, streamed in keyset-paginated batches: memory stays flat however many
 * rows there are, and the response starts before the query finishes.
 */
export function auditCsvStream(shop: string, q: AuditQuery): ReadableStream<Uint8Array> {
  const filter = toFilter(q);
  const encoder = new TextEncoder();
  let cursor: AuditCursor | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS)));
      }
      const rows = await listAudit(shop, filter, CSV_BATCH, cursor);
      let chunk = "";
      for (const r of rows) {
        chunk += csvRow([r.createdAt, r.event, r.actor, r.actorId, r.workflow, r.customerGid, r.orderGid, r.entity, r.reasonsText, r.before, r.after]);
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      const last = rows.at(-1);
      if (rows.length < CSV_BATCH || !last) controller.close();
      else cursor = { createdAt: last.createdAt, id: last.id };
    },
  });
}
