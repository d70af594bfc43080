import { and, eq, inArray } from "drizzle-orm";
import { orderKeyOf } from "../order-key";
import type { StockLevel } from "../schemas/reference.schema";
import { database } from "./client";
import { chunked, rowsPerStatement } from "./d1-limits";
import * as schema from "./schema";

/** `inventory` rows as stock levels. */
export const stockLevelsOf = (rows: readonly (typeof schema.inventory.$inferSelect)[]): StockLevel[] =>
  rows.map((r) => ({
    sku: r.sku,
    warehouse: r.warehouse,
    on_hand: r.onHand,
    available: r.onHand - r.reserved,
    supplier_eta: r.supplierEta,
  }));

/** Stock of these SKUs in every warehouse, read in IN-lists D1 accepts. */
export async function loadStock(db: D1Database, skus: readonly string[]): Promise<StockLevel[]> {
  const d = database(db);
  const rows = await Promise.all(
    chunked([...new Set(skus)], rowsPerStatement(1)).map((part) =>
      d.select().from(schema.inventory).where(inArray(schema.inventory.sku, part)).all(),
    ),
  );
  return stockLevelsOf(rows.flat());
}

/**
 * Goods of a shipment left the warehouse: on hand goes down, and the order's reservation for
 * them is released. Once per shipment line: a line whose movement row exists is skipped, and
 * the movement rows are written in the same batch as the stock change. The batch is set-based
 * (VALUES lists within D1's 100 bound parameters, in SQL drizzle cannot batch), so a 500-line
 * shipment stays far under D1's 1,000 queries per invocation.
 */
export async function shipStock(
  db: D1Database,
  move: {
    shipment_id: string;
    customer_id: string;
    po_number: string;
    warehouse: string;
    lines: readonly { sku: string; qty: number }[];
    at: string;
  },
): Promise<void> {
  const d = database(db);
  const mv = schema.stockMovements;
  const res = schema.reservations;
  const movementId = (sku: string) => `ship:${orderKeyOf(move)}:${move.shipment_id}:${sku}`;
  const bySku = new Map<string, number>();
  for (const line of move.lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.qty);
  const [done, held] = await Promise.all([
    d
      .select({ id: mv.movementId })
      .from(mv)
      .where(and(eq(mv.customerId, move.customer_id), eq(mv.poNumber, move.po_number), eq(mv.kind, "shipped")))
      .all(),
    d
      .select()
      .from(res)
      .where(
        and(eq(res.customerId, move.customer_id), eq(res.poNumber, move.po_number), eq(res.warehouse, move.warehouse)),
      )
      .all(),
  ]);
  const doneIds = new Set(done.map((r) => r.id));
  const heldBySku = new Map(held.map((r) => [r.sku, r.qty]));
  const todo = [...bySku]
    .filter(([sku]) => !doneIds.has(movementId(sku)))
    .map(([sku, qty]) => ({ sku, qty, release: Math.min(qty, heldBySku.get(sku) ?? 0) }));
  if (todo.length === 0) return;
  const movements = chunked(todo, rowsPerStatement(10)).map((part) => {
    const insert = d
      .insert(mv)
      .values(
        part.map((l) => ({
          movementId: movementId(l.sku),
          kind: "shipped" as const,
          customerId: move.customer_id,
          poNumber: move.po_number,
          sku: l.sku,
          warehouse: move.warehouse,
          qty: l.qty,
          supplierEta: null,
          occurredAt: move.at,
          notified: true,
        })),
      )
      .toSQL();
    return db.prepare(insert.sql).bind(...insert.params);
  });
  const values = (rows: number, columns: number) =>
    Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => "?").join(", ")})`).join(", ");
  // Right-hand sides read the old row, so `reserved - release` is the new reservation: on hand never drops below it.
  const stock = chunked(todo, rowsPerStatement(3, 1)).map((part) =>
    db
      .prepare(
        `WITH moves(sku, qty, release) AS (VALUES ${values(part.length, 3)}) ` +
          "UPDATE inventory SET reserved = reserved - (SELECT m.release FROM moves m WHERE m.sku = inventory.sku), " +
          "on_hand = max(on_hand - (SELECT m.qty FROM moves m WHERE m.sku = inventory.sku), " +
          "reserved - (SELECT m.release FROM moves m WHERE m.sku = inventory.sku)) " +
          "WHERE warehouse = ? AND sku IN (SELECT sku FROM moves)",
      )
      .bind(...part.flatMap((l) => [l.sku, l.qty, l.release]), move.warehouse),
  );
  const releases = chunked(
    todo.filter((l) => l.release > 0),
    rowsPerStatement(2, 3),
  ).map((part) =>
    db
      .prepare(
        `WITH moves(sku, release) AS (VALUES ${values(part.length, 2)}) ` +
          "UPDATE reservations SET qty = qty - (SELECT m.release FROM moves m WHERE m.sku = reservations.sku) " +
          "WHERE customer_id = ? AND po_number = ? AND warehouse = ? AND sku IN (SELECT sku FROM moves)",
      )
      .bind(...part.flatMap((l) => [l.sku, l.release]), move.customer_id, move.po_number, move.warehouse),
  );
  await db.batch([...movements, ...stock, ...releases, db.prepare("DELETE FROM reservations WHERE qty <= 0")]);
}
