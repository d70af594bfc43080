import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { isBefore } from "../business-dates";
import { orderKey, orderKeyOf } from "../order-key";
import type { StockLevel } from "../schemas/reference.schema";
import { database } from "./client";
import { chunked, rowsPerStatement } from "./d1-limits";
import * as schema from "./schema";
import type { Shortfall } from "./shortfall-repository";

/** Stock of these SKUs in every warehouse, read in IN-lists D1 accepts. */
export async function loadStock(db: D1Database, skus: readonly string[]): Promise<StockLevel[]> {
  const d = database(db);
  const rows = (
    await Promise.all(
      chunked([...new Set(skus)], rowsPerStatement(1)).map((part) =>
        d.select().from(schema.inventory).where(inArray(schema.inventory.sku, part)).all(),
      ),
    )
  ).flat();
  return rows.map((r) => ({
    sku: r.sku,
    warehouse: r.warehouse,
    on_hand: r.onHand,
    available: r.onHand - r.reserved,
    supplier_eta: r.supplierEta,
  }));
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

/** What an ERP stock level did: the orders it shorted, or, when it came late, the newer level's time. */
export type StockLevelOutcome =
  | { shortfalls: Shortfall[]; stale: null }
  | { shortfalls: []; stale: { occurred_at: string; known_at: string } };

/**
 * Sets a warehouse's stock from the ERP. When it falls below what orders hold, the shortfall is
 * taken from the most recent reservations first (the oldest orders keep their goods), and one
 * movement per affected order is written in the same batch, to be told to that order. A level
 * older than the one held (events arrive late and out of order, DESIGN §5.3) changes nothing:
 * the caller records it as stale and the newer level stands.
 */
export async function setStockLevel(
  db: D1Database,
  update: {
    sku: string;
    warehouse: string;
    on_hand: number;
    supplier_eta?: string | null | undefined;
    webhook_id: string;
    occurred_at: string;
  },
): Promise<StockLevelOutcome> {
  const d = database(db);
  const inv = schema.inventory;
  const res = schema.reservations;
  const current = await d
    .select()
    .from(inv)
    .where(and(eq(inv.sku, update.sku), eq(inv.warehouse, update.warehouse)))
    .get();
  if (current?.levelAt && isBefore(update.occurred_at, current.levelAt)) {
    return { shortfalls: [], stale: { occurred_at: update.occurred_at, known_at: current.levelAt } };
  }
  const eta = update.supplier_eta === undefined ? (current?.supplierEta ?? null) : update.supplier_eta;
  let short = Math.max(0, (current?.reserved ?? 0) - update.on_hand);
  const shortfalls: Shortfall[] = [];
  if (short > 0) {
    const holders = await d
      .select()
      .from(res)
      .where(and(eq(res.sku, update.sku), eq(res.warehouse, update.warehouse)))
      .orderBy(desc(res.createdAt), desc(res.customerId), desc(res.poNumber))
      .all();
    for (const h of holders) {
      if (short === 0) break;
      const take = Math.min(short, h.qty);
      short -= take;
      shortfalls.push({
        movement_id: `short:${update.webhook_id}:${orderKey(h.customerId, h.poNumber)}`,
        customer_id: h.customerId,
        po_number: h.poNumber,
        sku: update.sku,
        warehouse: update.warehouse,
        qty: take,
        supplier_eta: eta,
        occurred_at: update.occurred_at,
      });
    }
  }
  const released = shortfalls.reduce((n, s) => n + s.qty, 0);
  const statements = [
    d
      .insert(inv)
      .values({
        sku: update.sku,
        warehouse: update.warehouse,
        onHand: update.on_hand,
        reserved: 0,
        supplierEta: eta,
        levelAt: update.occurred_at,
      })
      .onConflictDoUpdate({
        target: [inv.sku, inv.warehouse],
        set: {
          onHand: update.on_hand,
          reserved: sql`min(${inv.reserved} - ${released}, ${update.on_hand})`,
          supplierEta: eta,
          levelAt: update.occurred_at,
        },
      }),
    ...shortfalls.flatMap((s) => [
      d
        .update(res)
        .set({ qty: sql`${res.qty} - ${s.qty}` })
        .where(
          and(
            eq(res.customerId, s.customer_id),
            eq(res.poNumber, s.po_number),
            eq(res.sku, s.sku),
            eq(res.warehouse, s.warehouse),
          ),
        ),
      d.insert(schema.stockMovements).values({
        movementId: s.movement_id,
        kind: "shortfall",
        customerId: s.customer_id,
        poNumber: s.po_number,
        sku: s.sku,
        warehouse: s.warehouse,
        qty: s.qty,
        supplierEta: s.supplier_eta,
        occurredAt: s.occurred_at,
        notified: false,
      }),
    ]),
    d.delete(res).where(sql`${res.qty} <= 0`),
  ];
  await d.batch([statements[0]!, ...statements.slice(1)]);
  return { shortfalls, stale: null };
}
