import type { Prisma } from "@prisma/client";
import prisma, { type Tx } from "../db.server";

// The one way to write the audit log (append-only). Event names grow with later features.
export type AuditActor = "user" | "system" | "ai";
export type AuditEvent = "privacy.customer_redacted" | "privacy.customer_data_exported" | "queue.job_retried";

export type AuditEntry = {
  shop: string;
  event: AuditEvent;
  actor: AuditActor;
  actorId?: string;
  entity?: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

export async function recordAudit(tx: Tx | typeof prisma, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: entry });
}

export async function listAudit(shop: string, take = 50) {
  return prisma.auditLog.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take });
}
