import { and, eq, inArray, sql } from "drizzle-orm";
import { isBefore } from "../business-dates";
import { orderKey } from "../order-key";
import { database } from "./client";
import { inListsOrWhole } from "./d1-limits";
import { jsonColumns, jsonRowStatements } from "./json-rows";
import * as schema from "./schema";
import type { Shortfall } from "./shortfall-repository";

/** A warehouse's stock level as of a time: an ERP `inventory.updated` or a row of an inventory import. */
export interface StockLevelUpdate {
  sku: string;
  warehouse: string;
  on_hand: number;
  /** Absent: the ETA held stands. */
  supplier_eta?: string | null | undefined;
  /** Names the shortfall movements this level causes, once each (the webhook id, or the import's). */
  webhook_id: string;
  /** When the level was true; null when unknown (seed data): any dated level then supersedes it. */
  occurred_at: string | null;
}

/** What an ERP stock level did: the orders it shorted, or, when it came late, the newer level's time. */
export type StockLevelOutcome =
  | { shortfalls: Shortfall[]; stale: null }
  | { shortfalls: []; stale: { occurred_at: string; known_at: string } };

const pairKey = (sku: string, warehouse: string) => JSON.stringify([sku, warehouse]);

/** The inventory rows and the reservations on them for these SKUs, keyed by SKU and warehouse, read in IN-lists D1 accepts. */
async function readHeld(db: D1Database, skus: readonly string[]) {
  const d = database(db);
  const parts = inListsOrWhole(skus);
  const [levels, holds] = await Promise.all([
    Promise.all(
      parts.map((p) =>
        d
          .select()
          .from(schema.inventory)
          .where(p ? inArray(schema.inventory.sku, p) : undefined)
          .all(),
      ),
    ),
    Promise.all(
      parts.map((p) =>
        d
          .select()
          .from(schema.reservations)
          .where(p ? inArray(schema.reservations.sku, p) : undefined)
          .all(),
      ),
    ),
  ]);
  const current = new Map(levels.flat().map((r) => [pairKey(r.sku, r.warehouse), r]));
  const holders = new Map<string, (typeof schema.reservations.$inferSelect)[]>();
  for (const r of holds.flat()) {
    const key = pairKey(r.sku, r.warehouse);
    holders.set(key, [...(holders.get(key) ?? []), r]);
  }
  return { current, holders };
}

/** Most recent reservations first, so the oldest orders keep their goods. */
const newestFirst = (a: { createdAt: string; customerId: string; poNumber: string }, b: typeof a) =>
  b.createdAt.localeCompare(a.createdAt) ||
  b.customerId.localeCompare(a.customerId) ||
  b.poNumber.localeCompare(a.poNumber);

/**
 * The statements setting these stock levels, for the caller's one `db.batch`, and what each does.
 * When a level falls below what orders hold, the shortfall is taken from the most recent
 * reservations first, and one movement per affected order is written in the same batch, to be
 * told to that order (`deliverShortfall`, or the cron's retry). A level older than the one held
 * (events arrive late and out of order, DESIGN §5.3) changes nothing and is answered as stale.
 * Levels are written set-based (`json_each`), and the reservation is lowered relative to the row
 * as the batch finds it, so an order reserving in between is not overwritten.
 */
export async function planStockLevels(
  db: D1Database,
  updates: readonly StockLevelUpdate[],
): Promise<{ statements: D1PreparedStatement[]; outcomes: StockLevelOutcome[] }> {
  const d = database(db);
  const res = schema.reservations;
  const { current, holders } = await readHeld(
    db,
    updates.map((u) => u.sku),
  );
  const now = new Date().toISOString();
  const outcomes: StockLevelOutcome[] = [];
  const levels: {
    sku: string;
    warehouse: string;
    on_hand: number;
    released: number;
    eta: string | null;
    at: string | null;
  }[] = [];
  for (const update of updates) {
    const row = current.get(pairKey(update.sku, update.warehouse));
    if (row?.levelAt && update.occurred_at && isBefore(update.occurred_at, row.levelAt)) {
      outcomes.push({ shortfalls: [], stale: { occurred_at: update.occurred_at, known_at: row.levelAt } });
      continue;
    }
    const eta = update.supplier_eta === undefined ? (row?.supplierEta ?? null) : update.supplier_eta;
    let short = Math.max(0, (row?.reserved ?? 0) - update.on_hand);
    const shortfalls: Shortfall[] = [];
    for (const h of [...(holders.get(pairKey(update.sku, update.warehouse)) ?? [])].sort(newestFirst)) {
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
        occurred_at: update.occurred_at ?? now,
      });
    }
    outcomes.push({ shortfalls, stale: null });
    const released = shortfalls.reduce((n, s) => n + s.qty, 0);
    levels.push({
      sku: update.sku,
      warehouse: update.warehouse,
      on_hand: update.on_hand,
      released,
      eta,
      at: update.occurred_at,
    });
  }
  const rows = `SELECT ${jsonColumns(["sku", "warehouse", "on_hand", "released", "eta", "at"])} FROM json_each(?1)`;
  const statements = [
    ...jsonRowStatements(
      db,
      "INSERT INTO inventory (sku, warehouse, on_hand, reserved, supplier_eta, level_at) " +
        `SELECT sku, warehouse, on_hand, 0, eta, at FROM (${rows}) WHERE true ON CONFLICT DO NOTHING`,
      levels,
    ),
    ...jsonRowStatements(
      db,
      "UPDATE inventory SET on_hand = u.on_hand, reserved = min(inventory.reserved - u.released, u.on_hand), " +
        `supplier_eta = u.eta, level_at = u.at FROM (${rows}) AS u WHERE inventory.sku = u.sku AND inventory.warehouse = u.warehouse`,
      levels,
    ),
    ...outcomes.flatMap((o) =>
      o.shortfalls.flatMap((s) => [
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
    ),
    d.delete(res).where(sql`${res.qty} <= 0`),
  ];
  return { statements: statements.map((s) => ("toSQL" in s ? toStatement(db, s.toSQL()) : s)), outcomes };
}

function toStatement(db: D1Database, query: { sql: string; params: unknown[] }): D1PreparedStatement {
  return db.prepare(query.sql).bind(...query.params);
}

/** Sets one warehouse's stock from the ERP (see `planStockLevels`), in one batch. */
export async function setStockLevel(db: D1Database, update: StockLevelUpdate): Promise<StockLevelOutcome> {
  const { statements, outcomes } = await planStockLevels(db, [update]);
  if (outcomes[0]!.stale === null) await db.batch(statements);
  return outcomes[0]!;
}
