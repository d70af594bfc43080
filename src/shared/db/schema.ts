import { sql } from "drizzle-orm";
import { blob, check, index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** D1 schema: reference data, memory, observability and the indexes the OrderObjects project to. */

export const customers = sqliteTable("customers", {
  customerId: text("customer_id").primaryKey(),
  name: text("name").notNull(),
  tier: text("tier").notNull(),
  contactEmail: text("contact_email").notNull(),
  ediSenderId: text("edi_sender_id"),
  allowPartialShipment: integer("allow_partial_shipment", { mode: "boolean" }).notNull(),
});

/** API principals; only the SHA-256 of a token is stored. A customer principal always names its customer (fail closed). */
export const principals = sqliteTable(
  "principals",
  {
    tokenHash: text("token_hash").primaryKey(),
    principalId: text("principal_id").notNull(),
    kind: text("kind", { enum: ["customer", "ops", "webhook"] }).notNull(),
    customerId: text("customer_id").references(() => customers.customerId),
    name: text("name").notNull(),
  },
  (t) => [check("customer_principal_has_customer", sql`${t.kind} <> 'customer' OR ${t.customerId} IS NOT NULL`)],
);

export const contracts = sqliteTable("contracts", {
  contractId: text("contract_id").primaryKey(),
  customerId: text("customer_id")
    .notNull()
    .references(() => customers.customerId),
  customer: text("customer").notNull(),
  paymentTerms: text("payment_terms").notNull(),
  deliveryWindowDays: integer("delivery_window_days").notNull(),
  responseTimeHours: real("response_time_hours").notNull(),
  validFrom: text("valid_from"),
  validTo: text("valid_to"),
});

export const pricingTiers = sqliteTable(
  "pricing_tiers",
  {
    contractId: text("contract_id")
      .notNull()
      .references(() => contracts.contractId),
    sku: text("sku").notNull(),
    minQty: integer("min_qty").notNull(),
    maxQty: integer("max_qty"),
    price: real("price").notNull(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.sku, t.minQty] })],
);

export const catalog = sqliteTable("catalog", {
  sku: text("sku").primaryKey(),
  description: text("description").notNull(),
  listPrice: real("list_price").notNull(),
  leadTimeDays: integer("lead_time_days").notNull(),
  notes: text("notes").notNull().default(""),
});

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

/** Stock held for one order (customer and PO number); one row per order, SKU and warehouse makes redelivery harmless. */
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

export const carriers = sqliteTable("carriers", {
  carrier: text("carrier").primaryKey(),
  transitDays: integer("transit_days").notNull(),
  hubs: text("hubs", { mode: "json" }).$type<string[]>().notNull(),
});

/** The carrier polling cache, refreshed by the scheduled job. */
export const carrierTracking = sqliteTable("carrier_tracking", {
  tracking: text("tracking").primaryKey(),
  carrier: text("carrier").notNull(),
  status: text("status").notNull(),
  estimatedDelivery: text("estimated_delivery"),
  events: text("events", { mode: "json" }).$type<{ timestamp: string; location: string; status: string }[]>().notNull(),
  refreshedAt: text("refreshed_at").notNull(),
});

/** EDI trading partners: an ISA sender id names a customer. */
export const tradingPartners = sqliteTable("trading_partners", {
  senderId: text("sender_id").primaryKey(),
  customerId: text("customer_id")
    .notNull()
    .references(() => customers.customerId),
  name: text("name").notNull(),
});

export const proceduralRules = sqliteTable("procedural_rules", {
  ruleId: text("rule_id").primaryKey(),
  exceptionType: text("exception_type").notNull(),
  carrier: text("carrier"),
  hub: text("hub"),
  months: text("months", { mode: "json" }).$type<number[]>(),
  rule: text("rule").notNull(),
  action: text("action", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  confidence: real("confidence").notNull(),
  createdFromEpisodes: text("created_from_episodes", { mode: "json" }).$type<string[]>().notNull(),
  createdAt: text("created_at").notNull(),
});

export const episodes = sqliteTable(
  "episodes",
  {
    episodeId: text("episode_id").primaryKey(),
    customerId: text("customer_id").notNull(),
    customer: text("customer").notNull(),
    exceptionType: text("exception_type").notNull(),
    carrier: text("carrier"),
    hub: text("hub"),
    month: integer("month"),
    rootCause: text("root_cause"),
    description: text("description").notNull(),
    resolutionType: text("resolution_type").notNull(),
    resolution: text("resolution").notNull(),
    discountPct: real("discount_pct"),
    creditAmount: real("credit_amount"),
    customerSatisfaction: text("customer_satisfaction"),
    lesson: text("lesson"),
    poNumber: text("po_number"),
    exceptionId: text("exception_id"),
    occurredAt: text("occurred_at").notNull(),
  },
  (t) => [index("episodes_customer_type").on(t.customerId, t.exceptionType)],
);

export const spans = sqliteTable(
  "spans",
  {
    spanId: text("span_id").primaryKey(),
    traceId: text("trace_id").notNull(),
    parentSpanId: text("parent_span_id"),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    startMs: integer("start_ms").notNull(),
    endMs: integer("end_ms").notNull(),
    status: text("status", { enum: ["ok", "error"] }).notNull(),
    poNumber: text("po_number"),
    attributes: text("attributes", { mode: "json" }).$type<Record<string, string | number | boolean>>().notNull(),
  },
  (t) => [index("spans_trace").on(t.traceId, t.startMs), index("spans_start").on(t.startMs)],
);

/** One row per model call (DESIGN §7). */
export const costLedger = sqliteTable(
  "cost_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    interactionId: text("interaction_id").notNull(),
    poNumber: text("po_number"),
    task: text("task").notNull(),
    model: text("model").notNull(),
    tier: text("tier").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    cacheWriteTokens: integer("cache_write_tokens").notNull(),
    cacheReadTokens: integer("cache_read_tokens").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    costUsd: real("cost_usd").notNull(),
    costBasis: text("cost_basis", { enum: ["modeled", "billed"] }).notNull(),
    /** Why the router chose this model: ops must see which model handled what. */
    routingReason: text("routing_reason").notNull().default(""),
    traceId: text("trace_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("cost_ledger_po").on(t.poNumber)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    kind: text("kind").notNull(),
    principalId: text("principal_id"),
    poNumber: text("po_number"),
    traceId: text("trace_id"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("audit_po").on(t.poNumber), index("audit_at").on(t.at)],
);

/**
 * `Idempotency-Key`s per principal: reserved (no status yet, held until `locked_until`) while
 * the first request runs, then the answer kept for replays.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    principalId: text("principal_id").notNull(),
    key: text("key").notNull(),
    bodyHash: text("body_hash").notNull(),
    status: integer("status"),
    response: text("response"),
    lockedUntil: text("locked_until"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.principalId, t.key] })],
);

export const webhookIds = sqliteTable(
  "webhook_ids",
  {
    source: text("source").notNull(),
    webhookId: text("webhook_id").notNull(),
    bodyHash: text("body_hash").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.webhookId] }), index("webhook_ids_received").on(t.receivedAt)],
);

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
    /** 1 while the order waits for admission: the handoff it is owed (counted in `pending_handoffs`) is not yet issued, so cannot stall. */
    awaitingAdmission: integer("awaiting_admission").notNull().default(0),
    traceId: text("trace_id"),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.poNumber] }),
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

/** Small facts about the database itself, such as when the seed was loaded. */
export const meta = sqliteTable("meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Tracking numbers to their order and shipment, projected by the OrderObjects, for carrier webhooks. */
export const shipmentIndex = sqliteTable("shipment_index", {
  tracking: text("tracking").primaryKey(),
  customerId: text("customer_id").notNull(),
  poNumber: text("po_number").notNull(),
  shipmentId: text("shipment_id").notNull(),
  carrier: text("carrier").notNull(),
});

/**
 * Interchanges taken in, by sender and ISA13: a different interchange under a control number
 * already claimed is refused, the same one (same `fingerprint`) is resumed or answered again.
 * `answered_at` and `ack_997` are set once every transaction set is taken and the 997 is built.
 */
export const ediInterchanges = sqliteTable(
  "edi_interchanges",
  {
    senderId: text("sender_id").notNull(),
    controlNumber: text("control_number").notNull(),
    receivedAt: text("received_at").notNull(),
    ackControlNumber: text("ack_control_number").notNull(),
    fingerprint: text("fingerprint"),
    answeredAt: text("answered_at"),
    ack997: text("ack_997"),
  },
  (t) => [primaryKey({ columns: [t.senderId, t.controlNumber] })],
);

/** Each transaction set of a claimed interchange once taken, with its answer, so a resend takes only the missing ones. */
export const ediTransactionSets = sqliteTable(
  "edi_transaction_sets",
  {
    senderId: text("sender_id").notNull(),
    interchangeControlNumber: text("interchange_control_number").notNull(),
    groupControlNumber: text("group_control_number").notNull(),
    transactionControlNumber: text("transaction_control_number").notNull(),
    answer: text("answer", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    takenAt: text("taken_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.senderId, t.interchangeControlNumber, t.groupControlNumber, t.transactionControlNumber] }),
  ],
);

/**
 * The local episodic vector index (DESIGN §2, §8), standing in for Vectorize: one row per
 * episode, `namespace` = customer id (recall reads one namespace only), `metadata` as JSON text
 * so the equality filter runs in SQL, `embedding` as little-endian Float32 bytes (Vectorize's own
 * precision, a quarter of the size of JSON numbers, no parse). Read and written through
 * `src/shared/memory/d1-vector-index.ts`.
 */
export const episodeVectors = sqliteTable(
  "episode_vectors",
  {
    id: text("id").primaryKey(),
    namespace: text("namespace"),
    metadata: text("metadata").notNull(),
    embedding: blob("embedding", { mode: "buffer" }).$type<Uint8Array>().notNull(),
  },
  (t) => [index("episode_vectors_namespace").on(t.namespace)],
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
