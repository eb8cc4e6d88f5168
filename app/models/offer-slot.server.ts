import type { SqlParams } from "../lib/sql-params";

// The OfferSlot table (schema.prisma says why it exists): the version of a unit's offer history,
// shared by the units that hash to the same slot.

/** Enough slots that two units offered at the same instant rarely share one (a false conflict costs a retry). */
const SLOTS = 4096;

/** The unit's slot: FNV-1a over the id's UTF-16 code units, the same in every process and release. */
export function offerSlot(unitId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < unitId.length; i++) hash = Math.imul(hash ^ unitId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SLOTS;
}

/**
 * Claims the slot for one more offer, as a CTE body for a larger statement: yields one row when the
 * slot is still at `seenVersion` (no other offer to its units was stored since the history was read,
 * 0 when it had no row) and bumps it; yields none when another offer got there first. A concurrent
 * claim waits for the other statement's commit and then checks the version it left.
 */
export function claimSlotSql(o: { shop: string; slot: number; seenVersion: number }, p: SqlParams): string {
  return `INSERT INTO "OfferSlot" (shop, slot, version) VALUES (${p.add(o.shop, "text")}, ${p.add(o.slot, "int")}, 1)
    ON CONFLICT (shop, slot) DO UPDATE SET version = "OfferSlot".version + 1 WHERE "OfferSlot".version = ${p.add(o.seenVersion, "bigint")}
    RETURNING version`;
}
