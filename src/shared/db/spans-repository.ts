import { and, asc, eq, isNull, lt } from "drizzle-orm";
import { metricTask } from "../metrics/tasks";
import type { SpanRecord } from "../tracing";
import { deleteOlderThan } from "./d1-limits";
import { database } from "./client";
import { jsonColumns, jsonRowChunks, jsonRowStatements } from "./json-rows";
import * as schema from "./schema";
import { rollupStatements } from "./span-rollups";

const SPAN_COLUMNS = [
  "span_id",
  "trace_id",
  "parent_span_id",
  "name",
  "kind",
  "start_ms",
  "end_ms",
  "status",
  "po_number",
  "attributes",
  "metric_task",
] as const;

/**
 * Stores finished spans, a batch of any size as one statement per JSON chunk (rows bound as one
 * `json_each(?1)` parameter, far from D1's 100); a span id seen twice (a retried write) is kept once.
 * The rollups (`span-rollups.ts`) are upserted just before, in the same batch, from the spans it
 * stores for the first time. `exportedAtMs` null leaves them to the OTLP exporter (the
 * partial index `spans_unexported`); with no collector configured the sink passes the time, so
 * the index costs no row write per span.
 */
export async function recordSpans(
  db: D1Database,
  spans: readonly SpanRecord[],
  exportedAtMs: number | null,
): Promise<void> {
  const seen = new Set<string>();
  const rows = spans
    .filter((s) => !seen.has(s.span_id) && seen.add(s.span_id))
    .map((s) => ({
      span_id: s.span_id,
      trace_id: s.trace_id,
      parent_span_id: s.parent_span_id,
      name: s.name,
      kind: s.kind,
      start_ms: s.start_ms,
      end_ms: s.end_ms,
      status: s.status,
      po_number: s.po_number,
      attributes: s.attributes,
      metric_task: metricTask(s),
    }));
  if (rows.length === 0) return;
  const insert = db.prepare(
    `INSERT INTO spans (${SPAN_COLUMNS.join(", ")}, exported_at) SELECT ${jsonColumns(SPAN_COLUMNS)}, ?2 FROM json_each(?1) ` +
      "WHERE true ON CONFLICT DO NOTHING",
  );
  await db.batch([
    ...rollupStatements(db, rows),
    ...jsonRowChunks(rows).map((chunk) => insert.bind(chunk, exportedAtMs)),
  ]);
}

function toRecord(r: typeof schema.spans.$inferSelect): SpanRecord {
  return {
    trace_id: r.traceId,
    span_id: r.spanId,
    parent_span_id: r.parentSpanId,
    name: r.name,
    kind: r.kind as SpanRecord["kind"],
    start_ms: r.startMs,
    end_ms: r.endMs,
    status: r.status,
    po_number: r.poNumber,
    attributes: r.attributes,
  };
}

/** The spans of one trace, in start order. */
export async function loadTrace(db: D1Database, traceId: string): Promise<SpanRecord[]> {
  const rows = await database(db)
    .select()
    .from(schema.spans)
    .where(eq(schema.spans.traceId, traceId))
    .orderBy(asc(schema.spans.startMs))
    .all();
  return rows.map(toRecord);
}

/** The oldest spans not yet handed to the OTLP collector that started before `beforeMs`. */
export async function unexportedSpans(db: D1Database, beforeMs: number, limit: number): Promise<SpanRecord[]> {
  const rows = await database(db)
    .select()
    .from(schema.spans)
    .where(and(isNull(schema.spans.exportedAt), lt(schema.spans.startMs, beforeMs)))
    .orderBy(asc(schema.spans.startMs))
    .limit(limit)
    .all();
  return rows.map(toRecord);
}

/** Marks spans as handed to the collector: the ids travel as one JSON array per statement. */
export async function markSpansExported(db: D1Database, spanIds: readonly string[], atMs: number): Promise<void> {
  if (spanIds.length === 0) return;
  await db.batch(
    jsonRowStatements(
      db,
      "UPDATE spans SET exported_at = ?2 WHERE span_id IN (SELECT value FROM json_each(?1))",
      spanIds,
      atMs,
    ),
  );
}

/** Deletes spans that started before `cutoffMs` (epoch milliseconds), within `maxStatements` statements. */
export function purgeSpansBefore(db: D1Database, cutoffMs: number, maxStatements: number): Promise<number> {
  return deleteOlderThan(db, { table: "spans", column: "start_ms" }, cutoffMs, maxStatements);
}
