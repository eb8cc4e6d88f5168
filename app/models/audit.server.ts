import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import prisma, { type Tx } from "../db.server";
import type { AuditEvent } from "../lib/audit-events";
import type { SqlParams } from "../lib/sql-params";

// The one way to write the audit log (append-only; a database trigger refuses updates).
export type AuditActor = "user" | "system" | "ai";

export { AUDIT_EVENT_NAMES, type AuditEvent } from "../lib/audit-events";

export type AuditEntry = {
  shop: string;
  event: AuditEvent;
  actor: AuditActor;
  actorId?: string;
  entity?: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  workflow?: string;
  customerGid?: string | null;
  orderGid?: string | null;
  reasons?: string[];
};

/** The row an entry becomes, whichever way it is written (recordAudit or auditInsertSql). */
function auditColumns(entry: AuditEntry) {
  const { reasons, ...rest } = entry;
  return { ...rest, reasonsText: reasons?.length ? reasons.join("\n") : null };
}

export async function recordAudit(tx: Tx | typeof prisma, entry: AuditEntry): Promise<string> {
  const row = await tx.auditLog.create({ data: auditColumns(entry), select: { id: true } });
  return row.id;
}

/**
 * recordAudit's row as an INSERT for a statement that stores several rows in one round trip (the
 * checkout decision path). `from` names a CTE of that statement: the entry is written if it yields
 * a row, and commits or fails with everything else the statement writes.
 */
export function auditInsertSql(entry: AuditEntry, p: SqlParams, from: string): string {
  const c = auditColumns(entry);
  const columns: Array<[string, string]> = [
    ["id", p.add(randomUUID(), "uuid")],
    ["shop", p.add(c.shop, "text")],
    ["event", p.add(c.event, "text")],
    ["actor", p.add(c.actor, "text")],
    ["actorId", p.add(c.actorId, "text")],
    ["entity", p.add(c.entity, "text")],
    ["before", p.json(c.before, "jsonb")],
    ["after", p.json(c.after, "jsonb")],
    ["workflow", p.add(c.workflow, "text")],
    ["customerGid", p.add(c.customerGid, "text")],
    ["orderGid", p.add(c.orderGid, "text")],
    ["reasonsText", p.add(c.reasonsText, "text")],
  ];
  return `INSERT INTO "AuditLog" (${columns.map(([name]) => `"${name}"`).join(", ")}) SELECT ${columns.map(([, value]) => value).join(", ")} FROM ${from}`;
}

export type AuditFilter = {
  event?: AuditEvent;
  workflow?: string;
  customer?: string;
  order?: string;
  from?: Date;
  to?: Date;
  text?: string;
};

function where(shop: string, f: AuditFilter): Prisma.AuditLogWhereInput {
  return {
    shop,
    ...(f.event ? { event: f.event } : {}),
    ...(f.workflow ? { workflow: f.workflow } : {}),
    ...(f.customer ? { customerGid: f.customer } : {}),
    ...(f.order ? { orderGid: f.order } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    // Prisma passes `contains` to ILIKE as is: % and _ would be wildcards, so they are escaped.
    ...(f.text ? { reasonsText: { contains: f.text.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" as const } } : {}),
  };
}

export type AuditCursor = { createdAt: Date; id: string };

/** Newest first, keyset-paginated on (createdAt, id) so deep pages and exports stay cheap. */
export async function listAudit(shop: string, filter: AuditFilter = {}, take = 50, after?: AuditCursor) {
  const base = where(shop, filter);
  return prisma.auditLog.findMany({
    where: after
      ? {
          AND: [
            base,
            // The redundant bound lets the (shop, createdAt) index start at the cursor; with the OR
            // alone PostgreSQL scans from the newest row every time and a deep export goes quadratic.
            { createdAt: { lte: after.createdAt } },
            { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] },
          ],
        }
      : base,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

export async function countAudit(shop: string, filter: AuditFilter = {}) {
  return prisma.auditLog.count({ where: where(shop, filter) });
}

export async function findAudit(shop: string, id: string) {
  return prisma.auditLog.findFirst({ where: { shop, id } });
}
