import type { Prisma } from "@prisma/client";
import prisma, { type Tx } from "../db.server";
import type { AuditEvent } from "../lib/audit-events";

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

export async function recordAudit(tx: Tx | typeof prisma, entry: AuditEntry): Promise<string> {
  const { reasons, ...rest } = entry;
  const row = await tx.auditLog.create({
    data: { ...rest, reasonsText: reasons?.length ? reasons.join("\n") : null },
    select: { id: true },
  });
  return row.id;
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
