import { asc, eq } from "drizzle-orm";
import { metricTask } from "../metrics/tasks";
import type { SpanRecord } from "../tracing";
import { deleteOlderThan } from "./d1-limits";
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

/** The spans of one trace, in start order. */
export async function loadTrace(db: D1Database, traceId: string): Promise<SpanRecord[]> {
  const rows = await database(db)
    .select()
    .from(schema.spans)
    .where(eq(schema.spans.traceId, traceId))
    .orderBy(asc(schema.spans.startMs))
    .all();
  return rows.map((r) => ({
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
  }));
}

/** Deletes spans that started before `cutoffMs` (epoch milliseconds), within `maxStatements` statements. */
export function purgeSpansBefore(db: D1Database, cutoffMs: number, maxStatements: number): Promise<number> {
  return deleteOlderThan(db, { table: "spans", column: "start_ms" }, cutoffMs, maxStatements);
}
