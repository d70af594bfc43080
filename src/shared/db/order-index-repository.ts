import { eq } from "drizzle-orm";
import { database } from "./client";
import * as schema from "./schema";

/** The columns of a listed order, named as the listing answers them (DESIGN §4). */
const LISTED =
  "po_number, customer_id, status, channel, total, order_date, created_at, updated_at, pending_handoffs, trace_id";

/** A row of the order listing, as the API answers it. */
export interface ListedOrder {
  po_number: string;
  customer_id: string;
  status: string;
  channel: string;
  total: number;
  order_date: string;
  created_at: string;
  updated_at: string;
  pending_handoffs: number;
  trace_id: string | null;
}

/**
 * A page of the order listing, newest first, with an opaque cursor to the next page. Plain SQL
 * over `order_index_newest` (or a filter's index), its rows answered as SQLite names them: it is
 * the hottest read, and building and mapping it (through Drizzle, then per row) cost more CPU
 * than the query itself.
 */
export async function listOrders(
  db: D1Database,
  filter: {
    status?: string | undefined;
    customerId?: string | undefined;
    limit: number;
    cursor?: { createdAt: string; customerId: string; poNumber: string } | undefined;
  },
) {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.status) {
    where.push("status = ?");
    params.push(filter.status);
  }
  if (filter.customerId) {
    where.push("customer_id = ?");
    params.push(filter.customerId);
  }
  if (filter.cursor) {
    const { createdAt, customerId, poNumber } = filter.cursor;
    // A row value, so SQLite starts the index scan at the cursor instead of filtering from the newest.
    where.push("(created_at, customer_id, po_number) < (?, ?, ?)");
    params.push(createdAt, customerId, poNumber);
  }
  const { results: rows } = await db
    .prepare(
      `SELECT ${LISTED} FROM order_index ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ` +
        "ORDER BY created_at DESC, customer_id DESC, po_number DESC LIMIT ?",
    )
    .bind(...params, filter.limit + 1)
    .all<ListedOrder>();
  const more = rows.length > filter.limit;
  if (more) rows.length = filter.limit;
  const last = rows.at(-1);
  return {
    rows,
    next: more && last ? { createdAt: last.created_at, customerId: last.customer_id, poNumber: last.po_number } : null,
  };
}

/** The customers that have an order with this PO number (two customers may use the same one). */
export async function customersWithPo(db: D1Database, poNumber: string, limit = 20): Promise<string[]> {
  const t = schema.orderIndex;
  const rows = await database(db)
    .select({ customerId: t.customerId })
    .from(t)
    .where(eq(t.poNumber, poNumber))
    .orderBy(t.customerId)
    .limit(limit)
    .all();
  return rows.map((r) => r.customerId);
}
