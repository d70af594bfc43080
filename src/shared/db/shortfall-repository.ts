import { and, asc, eq } from "drizzle-orm";
import { auditStatement } from "./audit-repository";
import { database } from "./client";
import * as schema from "./schema";

/** One order's share of a shortfall the ERP reported. */
export interface Shortfall {
  movement_id: string;
  customer_id: string;
  po_number: string;
  sku: string;
  warehouse: string;
  qty: number;
  supplier_eta: string | null;
  occurred_at: string;
}

/** Shortfalls not yet told to their orders (a failed delivery), for the cron to retry. */
export async function pendingShortfalls(db: D1Database, limit = 100): Promise<Shortfall[]> {
  const t = schema.stockMovements;
  const rows = await database(db)
    .select()
    .from(t)
    .where(and(eq(t.kind, "shortfall"), eq(t.notified, false)))
    .orderBy(asc(t.occurredAt), asc(t.movementId))
    .limit(limit)
    .all();
  return rows.map((r) => ({
    movement_id: r.movementId,
    customer_id: r.customerId,
    po_number: r.poNumber,
    sku: r.sku,
    warehouse: r.warehouse,
    qty: r.qty,
    supplier_eta: r.supplierEta,
    occurred_at: r.occurredAt,
  }));
}

export async function markShortfallNotified(db: D1Database, movementId: string): Promise<void> {
  await database(db)
    .update(schema.stockMovements)
    .set({ notified: true })
    .where(eq(schema.stockMovements.movementId, movementId));
}

/**
 * Sets aside a shortfall that names no recorded order (migration 0011 gave movements it could not
 * match to an order an empty customer): marked told, so it is not retried forever, and audited
 * as `shortfall.orphaned` for operations, in one batch.
 */
export async function markShortfallOrphaned(db: D1Database, s: Shortfall): Promise<void> {
  const mark = database(db)
    .update(schema.stockMovements)
    .set({ notified: true })
    .where(eq(schema.stockMovements.movementId, s.movement_id))
    .toSQL();
  await db.batch([
    db.prepare(mark.sql).bind(...mark.params),
    auditStatement(db, { kind: "shortfall.orphaned", poNumber: s.po_number, detail: { ...s } }),
  ]);
}
