import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Stock: what is on hand, what orders hold, and what left or vanished. */

/** Stock; `reserved` can never pass `on_hand`, so a batch that over-reserves rolls back whole. */
export const inventory = sqliteTable(
  "inventory",
  {
    sku: text("sku").notNull(),
    warehouse: text("warehouse").notNull(),
    onHand: integer("on_hand").notNull(),
    reserved: integer("reserved").notNull().default(0),
    supplierEta: text("supplier_eta"),
    /** When the ERP level now held was true: an older level arriving late does not overwrite it (DESIGN §5.3). */
    levelAt: text("level_at"),
  },
  (t) => [
    primaryKey({ columns: [t.sku, t.warehouse] }),
    check("reserved_within_on_hand", sql`${t.reserved} >= 0 AND ${t.reserved} <= ${t.onHand}`),
  ],
);

/**
 * Stock held for one order (customer and PO number); one row per order, SKU and warehouse makes
 * redelivery harmless.
 */
export const reservations = sqliteTable(
  "reservations",
  {
    customerId: text("customer_id").notNull(),
    poNumber: text("po_number").notNull(),
    sku: text("sku").notNull(),
    warehouse: text("warehouse").notNull(),
    qty: integer("qty").notNull(),
    handoffId: text("handoff_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.poNumber, t.sku, t.warehouse] })],
);

/**
 * Stock leaving or vanishing, once each: goods shipped (releasing the order's reservation) and
 * shortfalls the ERP reported below what orders held. A shortfall row stays `notified = 0`
 * until its order has been told, so a failed delivery is retried by the cron.
 */
export const stockMovements = sqliteTable(
  "stock_movements",
  {
    movementId: text("movement_id").primaryKey(),
    kind: text("kind", { enum: ["shipped", "shortfall"] }).notNull(),
    customerId: text("customer_id").notNull(),
    poNumber: text("po_number").notNull(),
    sku: text("sku").notNull(),
    warehouse: text("warehouse").notNull(),
    qty: integer("qty").notNull(),
    supplierEta: text("supplier_eta"),
    occurredAt: text("occurred_at").notNull(),
    notified: integer("notified", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("stock_movements_pending").on(t.kind, t.notified)],
);
