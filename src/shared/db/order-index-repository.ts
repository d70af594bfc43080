import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { database } from "./client";
import * as schema from "./schema";

/** A page of the order listing, newest first, with an opaque cursor to the next page. */
export async function listOrders(
  db: D1Database,
  filter: {
    status?: string | undefined;
    customerId?: string | undefined;
    limit: number;
    cursor?: { createdAt: string; customerId: string; poNumber: string } | undefined;
  },
) {
  const t = schema.orderIndex;
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(t.status, filter.status));
  if (filter.customerId) conditions.push(eq(t.customerId, filter.customerId));
  if (filter.cursor) {
    const { createdAt, customerId, poNumber } = filter.cursor;
    conditions.push(
      or(
        lt(t.createdAt, createdAt),
        and(
          eq(t.createdAt, createdAt),
          or(lt(t.customerId, customerId), and(eq(t.customerId, customerId), lt(t.poNumber, poNumber))),
        ),
      )!,
    );
  }
  const rows = await database(db)
    .select()
    .from(t)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(t.createdAt), desc(t.customerId), desc(t.poNumber))
    .limit(filter.limit + 1)
    .all();
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
