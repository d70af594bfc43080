import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { METERED_KEYS, type MeteredKey } from "../../usage/usage";

/**
 * What happened and what was seen: the audit trail, spans, the model cost ledger, and the
 * idempotency keys and webhook ids that make a repeat harmless.
 */

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
    /** The latency figure the span counts for (`metricTask`), null for the others. */
    metricTask: text("metric_task"),
    /** When the OTLP exporter handed the span to the collector (epoch ms), or when it was stored with none configured; null until then. */
    exportedAt: integer("exported_at"),
  },
  (t) => [
    index("spans_trace").on(t.traceId, t.startMs),
    index("spans_start").on(t.startMs),
    // Covers the latency figures: a window's measured spans without reading the rest.
    index("spans_metric").on(t.startMs, t.metricTask, t.endMs).where(sql`${t.metricTask} IS NOT NULL`),
    // The cron's retry sweep reads only the spans still waiting for the collector.
    index("spans_unexported").on(t.startMs).where(sql`${t.exportedAt} is null`),
  ],
);

/**
 * Span rollups (`db/span-rollups.ts`): per aligned bucket of each level, the measured spans by
 * latency task and duration, and the units of work's usage by scope, written with the spans.
 * Both are WITHOUT ROWID in their migration (0022), which drizzle cannot express: keep it so.
 */
export const spanLatencyRollups = sqliteTable(
  "span_latency_rollups",
  {
    levelMs: integer("level_ms").notNull(),
    bucketMs: integer("bucket_ms").notNull(),
    task: text("task").notNull(),
    ms: integer("ms").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.levelMs, t.bucketMs, t.task, t.ms] })],
);

const usageColumns = Object.fromEntries(METERED_KEYS.map((k) => [k, real(k).notNull().default(0)])) as Record<
  MeteredKey,
  ReturnType<typeof real>
>;

export const spanUsageRollups = sqliteTable(
  "span_usage_rollups",
  {
    levelMs: integer("level_ms").notNull(),
    bucketMs: integer("bucket_ms").notNull(),
    scope: text("scope").notNull(),
    units: integer("units").notNull(),
    ...usageColumns,
  },
  (t) => [primaryKey({ columns: [t.levelMs, t.bucketMs, t.scope] })],
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
  (t) => [index("cost_ledger_po").on(t.poNumber), index("cost_ledger_created").on(t.createdAt)],
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
