import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import { database } from "./client";
import { chunked, rowsPerStatement } from "./d1-limits";
import * as schema from "./schema";
import type { BatchedRead } from "./reference-batch";
import { stockLevelsOf } from "./stock-repository";
import type { StockLevel } from "../schemas/reference.schema";

/** Reservations already held for an order (a redelivered fulfillment handoff reuses them). */
export async function loadReservations(db: D1Database, order: { customer_id: string; po_number: string }) {
  const t = schema.reservations;
  return database(db)
    .select()
    .from(t)
    .where(and(eq(t.customerId, order.customer_id), eq(t.poNumber, order.po_number)))
    .all();
}

const HOLD_COLUMNS =
  "customer_id AS customerId, po_number AS poNumber, sku, warehouse, qty, handoff_id AS handoffId, created_at AS createdAt";
const STOCK_COLUMNS = "sku, warehouse, on_hand AS onHand, reserved, supplier_eta AS supplierEta, level_at AS levelAt";

/**
 * Stock of these SKUs (as `loadStock`) and the order's reservations (as `loadReservations`) as
 * statements of one D1 batch, in plain SQL: fulfillment reads them with its reference data in one round trip.
 */
export function stockAndHoldsQuery(
  db: D1Database,
  skus: readonly string[],
  order: { customer_id: string; po_number: string },
): BatchedRead<{ stock: StockLevel[]; held: (typeof schema.reservations.$inferSelect)[] }> {
  const statements = [
    db
      .prepare(`SELECT ${HOLD_COLUMNS} FROM reservations WHERE customer_id = ?1 AND po_number = ?2`)
      .bind(order.customer_id, order.po_number),
    ...chunked([...new Set(skus)], rowsPerStatement(1)).map((part) =>
      db
        .prepare(`SELECT ${STOCK_COLUMNS} FROM inventory WHERE sku IN (${part.map(() => "?").join(", ")})`)
        .bind(...part),
    ),
  ];
  return {
    statements,
    decode: (results) => ({
      held: (results[0]?.results ?? []) as (typeof schema.reservations.$inferSelect)[],
      stock: stockLevelsOf(
        results.slice(1, statements.length).flatMap((r) => r.results as (typeof schema.inventory.$inferSelect)[]),
      ),
    }),
  };
}

/**
 * Reserves stock for an order under `handoffId` in one D1 batch (a transaction), giving back in
 * the same batch whatever the order holds under other handoffs (an earlier plan's): a re-plan
 * swaps the holds at once, with no moment another order could take the stock in between. The
 * CHECK on `inventory` makes any over-reservation fail the whole batch, so concurrent orders
 * never hold more than is on hand; the caller re-plans from fresh stock and tries again. The
 * reservations go in as multi-row inserts within D1's 100 bound parameters, and stock is raised
 * from them by one statement, so a 500-line order costs a few dozen queries, not a thousand.
 */
export async function reserveStock(
  db: D1Database,
  order: { customer_id: string; po_number: string },
  handoffId: string,
  picks: readonly { sku: string; warehouse: string; qty: number }[],
): Promise<void> {
  const d = database(db);
  const [lower, drop] = releasing(d, order, handoffId);
  if (picks.length === 0) {
    await d.batch([lower, drop]);
    return;
  }
  const now = new Date().toISOString();
  const rows = picks.map((p) => ({
    customerId: order.customer_id,
    poNumber: order.po_number,
    sku: p.sku,
    warehouse: p.warehouse,
    qty: p.qty,
    handoffId,
    createdAt: now,
  }));
  const inserts = chunked(rows, rowsPerStatement(7)).map((part) => d.insert(schema.reservations).values(part));
  // Spelled out: the subquery must name `inventory`'s own row, which drizzle would leave unqualified.
  const ours = sql`r.customer_id = ${order.customer_id} AND r.po_number = ${order.po_number} AND r.handoff_id = ${handoffId}`;
  const held = sql`FROM reservations r WHERE ${ours} AND r.sku = inventory.sku AND r.warehouse = inventory.warehouse`;
  const raise = d
    .update(schema.inventory)
    .set({ reserved: sql`reserved + (SELECT sum(r.qty) ${held})` })
    .where(picked(ours));
  await d.batch([lower, drop, ...inserts, raise]);
}

/**
 * Gives back what an order reserved, in one batch: stock is lowered by those reservations and
 * they are deleted. `keep` names the one handoff whose reservations stay (a plan reserving under
 * it); everything else, however many plans made it, goes. A fixed number of bound parameters, so
 * an order planned many times never passes D1's limit, and a second run finds nothing to give back.
 */
export async function releaseReservations(
  db: D1Database,
  order: { customer_id: string; po_number: string },
  keep: string | null = null,
): Promise<void> {
  const d = database(db);
  await d.batch(releasing(d, order, keep));
}

/** The two statements that give back an order's reservations other than `keep`'s: stock lowered, then the rows deleted. */
function releasing(
  d: ReturnType<typeof database>,
  order: { customer_id: string; po_number: string },
  keep: string | null,
) {
  const res = schema.reservations;
  // Spelled out: the subquery must name `inventory`'s own row, which drizzle would leave unqualified.
  const others = sql`r.customer_id = ${order.customer_id} AND r.po_number = ${order.po_number} AND r.handoff_id IS NOT ${keep}`;
  const held = sql`FROM reservations r WHERE ${others} AND r.sku = inventory.sku AND r.warehouse = inventory.warehouse`;
  const mine = and(eq(res.customerId, order.customer_id), eq(res.poNumber, order.po_number));
  return [
    d
      .update(schema.inventory)
      .set({ reserved: sql`max(0, reserved - (SELECT sum(r.qty) ${held}))` })
      .where(picked(others)),
    d.delete(res).where(keep === null ? mine : and(mine, ne(res.handoffId, keep))),
  ] as const;
}

/**
 * The inventory rows the reservations matching `which` name, looked up by `inventory`'s key: a
 * correlated EXISTS made SQLite visit every inventory row (4,478 rows read a reservation at 5,655 parts).
 */
function picked(which: SQL) {
  return sql`(inventory.sku, inventory.warehouse) IN (SELECT r.sku, r.warehouse FROM reservations r WHERE ${which})`;
}
