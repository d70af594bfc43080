import { and, asc, eq, inArray, isNull, lt } from "drizzle-orm";
import { metricTask } from "../metrics/tasks";
import type { SpanRecord } from "../tracing";
import { chunked, deleteOlderThan, rowsPerStatement } from "./d1-limits";
import { database } from "./client";
import * as schema from "./schema";

/** Stores finished spans; a span id seen twice (a retried write) is kept once. */
export async function recordSpans(db: D1Database, spans: readonly SpanRecord[]): Promise<void> {
  if (spans.length === 0) return;
  const d = database(db);
  const inserts = spans.map((s) =>
    d
      .insert(schema.spans)
      .values({
        spanId: s.span_id,
        traceId: s.trace_id,
        parentSpanId: s.parent_span_id,
        name: s.name,
        kind: s.kind,
        startMs: s.start_ms,
        endMs: s.end_ms,
        status: s.status,
        poNumber: s.po_number,
        attributes: s.attributes,
        metricTask: metricTask(s),
      })
      .onConflictDoNothing(),
  );
  await d.batch([inserts[0]!, ...inserts.slice(1)]);
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

/** Marks spans as handed to the collector, one IN-list statement per D1 parameter budget. */
export async function markSpansExported(db: D1Database, spanIds: readonly string[], atMs: number): Promise<void> {
  if (spanIds.length === 0) return;
  const d = database(db);
  const updates = chunked(spanIds, rowsPerStatement(1, 1)).map((ids) =>
    d.update(schema.spans).set({ exportedAt: atMs }).where(inArray(schema.spans.spanId, ids)),
  );
  await d.batch([updates[0]!, ...updates.slice(1)]);
}

/** Deletes spans that started before `cutoffMs` (epoch milliseconds), within `maxStatements` statements. */
export function purgeSpansBefore(db: D1Database, cutoffMs: number, maxStatements: number): Promise<number> {
  return deleteOlderThan(db, { table: "spans", column: "start_ms" }, cutoffMs, maxStatements);
}
