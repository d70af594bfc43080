import { and, desc, eq, sql } from "drizzle-orm";
import { orderKey, orderKeyOf } from "../order-key";
import { database } from "./reference-repository";
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

/**
 * Goods of a shipment left the warehouse: on hand goes down, and the order's reservation for
 * them is released. Once per shipment line: the movement row's key makes a repeat a no-op.
 */
export async function shipStock(db: D1Database, move: { shipment_id: string; customer_id: string; po_number: string; warehouse: string; lines: readonly { sku: string; qty: number }[]; at: string }): Promise<void> {
  const d = database(db);
  for (const line of move.lines) {
    const movementId = `ship:${orderKeyOf(move)}:${move.shipment_id}:${line.sku}`;
    const done = await d.select().from(schema.stockMovements).where(eq(schema.stockMovements.movementId, movementId)).get();
    if (done) continue;
    const held = await d
      .select()
      .from(schema.reservations)
      .where(and(eq(schema.reservations.customerId, move.customer_id), eq(schema.reservations.poNumber, move.po_number), eq(schema.reservations.sku, line.sku), eq(schema.reservations.warehouse, move.warehouse)))
      .get();
    const release = Math.min(line.qty, held?.qty ?? 0);
    const inv = schema.inventory;
    const res = schema.reservations;
    await d.batch([
      d.insert(schema.stockMovements).values({ movementId, kind: "shipped", customerId: move.customer_id, poNumber: move.po_number, sku: line.sku, warehouse: move.warehouse, qty: line.qty, supplierEta: null, occurredAt: move.at, notified: true }),
      // Right-hand sides read the old row, so `reserved - release` is the new reservation: on hand never drops below it.
      d.update(inv).set({ reserved: sql`${inv.reserved} - ${release}`, onHand: sql`max(${inv.onHand} - ${line.qty}, ${inv.reserved} - ${release})` }).where(and(eq(inv.sku, line.sku), eq(inv.warehouse, move.warehouse))),
      d.update(res).set({ qty: sql`${res.qty} - ${release}` }).where(and(eq(res.customerId, move.customer_id), eq(res.poNumber, move.po_number), eq(res.sku, line.sku), eq(res.warehouse, move.warehouse))),
      d.delete(res).where(sql`${res.qty} <= 0`),
    ]);
  }
}

/**
 * Sets a warehouse's stock from the ERP. When it falls below what orders hold, the shortfall is
 * taken from the most recent reservations first (the oldest orders keep their goods), and one
 * movement per affected order is written in the same batch, to be told to that order.
 */
export async function setStockLevel(
  db: D1Database,
  update: { sku: string; warehouse: string; on_hand: number; supplier_eta?: string | null | undefined; webhook_id: string; occurred_at: string },
): Promise<Shortfall[]> {
  const d = database(db);
  const inv = schema.inventory;
  const res = schema.reservations;
  const current = await d.select().from(inv).where(and(eq(inv.sku, update.sku), eq(inv.warehouse, update.warehouse))).get();
  const eta = update.supplier_eta === undefined ? (current?.supplierEta ?? null) : update.supplier_eta;
  let short = Math.max(0, (current?.reserved ?? 0) - update.on_hand);
  const shortfalls: Shortfall[] = [];
  if (short > 0) {
    const holders = await d.select().from(res).where(and(eq(res.sku, update.sku), eq(res.warehouse, update.warehouse))).orderBy(desc(res.createdAt), desc(res.customerId), desc(res.poNumber)).all();
    for (const h of holders) {
      if (short === 0) break;
      const take = Math.min(short, h.qty);
      short -= take;
      shortfalls.push({ movement_id: `short:${update.webhook_id}:${orderKey(h.customerId, h.poNumber)}`, customer_id: h.customerId, po_number: h.poNumber, sku: update.sku, warehouse: update.warehouse, qty: take, supplier_eta: eta, occurred_at: update.occurred_at });
    }
  }
  const released = shortfalls.reduce((n, s) => n + s.qty, 0);
  const statements = [
    d
      .insert(inv)
      .values({ sku: update.sku, warehouse: update.warehouse, onHand: update.on_hand, reserved: 0, supplierEta: eta })
      .onConflictDoUpdate({ target: [inv.sku, inv.warehouse], set: { onHand: update.on_hand, reserved: sql`min(${inv.reserved} - ${released}, ${update.on_hand})`, supplierEta: eta } }),
    ...shortfalls.flatMap((s) => [
      d.update(res).set({ qty: sql`${res.qty} - ${s.qty}` }).where(and(eq(res.customerId, s.customer_id), eq(res.poNumber, s.po_number), eq(res.sku, s.sku), eq(res.warehouse, s.warehouse))),
      d.insert(schema.stockMovements).values({ movementId: s.movement_id, kind: "shortfall", customerId: s.customer_id, poNumber: s.po_number, sku: s.sku, warehouse: s.warehouse, qty: s.qty, supplierEta: s.supplier_eta, occurredAt: s.occurred_at, notified: false }),
    ]),
    d.delete(res).where(sql`${res.qty} <= 0`),
  ];
  await d.batch([statements[0]!, ...statements.slice(1)]);
  return shortfalls;
}

/** Shortfalls not yet told to their orders (a failed delivery), for the cron to retry. */
export async function pendingShortfalls(db: D1Database, limit = 100): Promise<Shortfall[]> {
  const t = schema.stockMovements;
  const rows = await database(db).select().from(t).where(and(eq(t.kind, "shortfall"), eq(t.notified, false))).limit(limit).all();
  return rows.map((r) => ({ movement_id: r.movementId, customer_id: r.customerId, po_number: r.poNumber, sku: r.sku, warehouse: r.warehouse, qty: r.qty, supplier_eta: r.supplierEta, occurred_at: r.occurredAt }));
}

export async function markShortfallNotified(db: D1Database, movementId: string): Promise<void> {
  await database(db).update(schema.stockMovements).set({ notified: true }).where(eq(schema.stockMovements.movementId, movementId));
}
