import { eq } from "drizzle-orm";
import { database } from "./client";
import * as schema from "./schema";

/** The columns of a listed order, as the listing answers them. */
const LISTED = `po_number AS poNumber, customer_id AS customerId, status, channel, total, order_date AS orderDate,
  created_at AS createdAt, updated_at AS updatedAt, pending_handoffs AS pendingHandoffs, trace_id AS traceId`;

/** A row of the order listing. */
export interface ListedOrder {
  poNumber: string;
  customerId: string;
  status: string;
  channel: string;
  total: number;
  orderDate: string;
  createdAt: string;
  updatedAt: string;
  pendingHandoffs: number;
  traceId: string | null;
}

/**
 * A page of the order listing, newest first, with an opaque cursor to the next page. Plain SQL
 * over the same indexes: it is the hottest read, and building and mapping it through Drizzle
 * cost more CPU than the query itself.
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
    where.push("(created_at < ? OR (created_at = ? AND (customer_id < ? OR (customer_id = ? AND po_number < ?))))");
    params.push(createdAt, createdAt, customerId, customerId, poNumber);
  }
  const { results: rows } = await db
    .prepare(
      `SELECT ${LISTED} FROM order_index ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ` +
        "ORDER BY created_at DESC, customer_id DESC, po_number DESC LIMIT ?",
    )
    .bind(...params, filter.limit + 1)
    .all<ListedOrder>();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    rows: page,
    next:
      rows.length > filter.limit && last
        ? { createdAt: last.createdAt, customerId: last.customerId, poNumber: last.poNumber }
        : null,
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
