import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** The indexes the OrderObjects project to: listings, escalations and tracking numbers. */

/** The listing index each OrderObject projects its view to; an order is its customer and PO number. */
export const orderIndex = sqliteTable(
  "order_index",
  {
    poNumber: text("po_number").notNull(),
    customerId: text("customer_id").notNull(),
    status: text("status").notNull(),
    channel: text("channel").notNull(),
    total: real("total").notNull(),
    orderDate: text("order_date").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull(),
    pendingHandoffs: integer("pending_handoffs").notNull(),
    /** Of the pending handoffs, those the stalled-handoff sweep gave up on (escalated to a person). */
    abandonedHandoffs: integer("abandoned_handoffs").notNull().default(0),
    /**
     * 1 while the order waits for admission: the handoff it is owed (counted in `pending_handoffs`)
     * is not yet issued, so cannot stall.
     */
    awaitingAdmission: integer("awaiting_admission").notNull().default(0),
    traceId: text("trace_id"),
    /** Facts the metrics read (DESIGN §12), kept here so a metrics request never reads the OrderObjects. */
    settledMs: integer("settled_ms"),
    slaDue: text("sla_due"),
    deliveredOn: text("delivered_on"),
    slaRisk: integer("sla_risk").notNull().default(0),
    lateNotifications: integer("late_notifications").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.poNumber] }),
    index("order_index_received").on(t.createdAt, t.channel),
    // The listing's order (newest first, then customer and PO number), so a page reads its own rows
    // from the cursor on; without it a page sorted the rows around it (23 read for 10 answered).
    index("order_index_newest").on(t.createdAt, t.customerId, t.poNumber),
    index("order_index_po").on(t.poNumber),
    index("order_index_customer").on(t.customerId, t.createdAt),
    index("order_index_status").on(t.status, t.createdAt),
    // The stalled-handoff sweep reads only orders with an issued handoff left to re-issue, oldest first.
    index("order_index_stalled")
      .on(t.updatedAt)
      .where(sql`${t.pendingHandoffs} - ${t.awaitingAdmission} > ${t.abandonedHandoffs}`),
  ],
);

/** Human decisions, projected from the OrderObjects that opened them. */
export const escalations = sqliteTable(
  "escalations",
  {
    escalationId: text("escalation_id").primaryKey(),
    poNumber: text("po_number").notNull(),
    customerId: text("customer_id").notNull(),
    exceptionId: text("exception_id"),
    reason: text("reason").notNull(),
    proposedResolution: text("proposed_resolution", { mode: "json" }).$type<Record<string, unknown> | null>(),
    status: text("status").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("escalations_status").on(t.status, t.createdAt)],
);

/** Tracking numbers to their order and shipment, projected by the OrderObjects, for carrier webhooks. */
export const shipmentIndex = sqliteTable("shipment_index", {
  tracking: text("tracking").primaryKey(),
  customerId: text("customer_id").notNull(),
  poNumber: text("po_number").notNull(),
  shipmentId: text("shipment_id").notNull(),
  carrier: text("carrier").notNull(),
});

/** Each order's exceptions and how they were resolved, projected for the metrics (DESIGN §12). */
export const exceptionIndex = sqliteTable(
  "exception_index",
  {
    exceptionId: text("exception_id").primaryKey(),
    customerId: text("customer_id").notNull(),
    poNumber: text("po_number").notNull(),
    /** The order's received time: the metrics window counts an order's exceptions with the order. */
    receivedAt: text("received_at").notNull(),
    type: text("type").notNull(),
    /** `open` until the exception is resolved. */
    resolutionType: text("resolution_type").notNull(),
    escalated: integer("escalated").notNull(),
    /** The order view's version it was projected from: a late projection cannot undo a newer one. */
    version: integer("version").notNull(),
  },
  (t) => [index("exception_index_received").on(t.receivedAt, t.type, t.resolutionType, t.escalated)],
);
