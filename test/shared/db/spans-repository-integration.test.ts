import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadTrace, recordSpans } from "../../../src/shared/db/spans-repository";
import { newSpanId, newTraceId, type SpanRecord } from "../../../src/shared/tracing";
import { LimitedD1 } from "../../fixtures/limited-d1";

describe("recordSpans", () => {
  it("stores 300 spans as one statement binding one parameter beside its latency rollup, each span as it was, a repeat kept once", async () => {
    const traceId = newTraceId();
    const start = Date.now();
    const batch: SpanRecord[] = Array.from({ length: 300 }, (_, i) => ({
      trace_id: traceId,
      span_id: newSpanId(),
      parent_span_id: i === 0 ? null : "0123456789abcdef",
      name: i === 0 ? "POST /v1/orders/PO-1/status-query" : `step ${i}`,
      kind: i === 0 ? "server" : "internal",
      start_ms: start + i,
      end_ms: start + i + 7,
      status: i % 2 ? "error" : "ok",
      po_number: i === 0 ? "PO-1" : null,
      attributes: { n: i, flag: i % 2 === 0, text: `it's "quoted" ${i}` },
    }));
    const db = new LimitedD1(env.DB);
    await recordSpans(db, batch, null);
    // The status query's latency rollup (span-rollups.ts) is written in the same batch, just before; no span has usage.
    expect(db.usage).toEqual({ queries: 2, roundTrips: 1, maxParameters: 2 });

    await recordSpans(env.DB, batch.slice(0, 5), 123);
    const stored = await loadTrace(env.DB, traceId);
    expect(stored).toEqual(batch);
    const metric = await env.DB.prepare("SELECT metric_task, exported_at FROM spans WHERE span_id = ?")
      .bind(batch[0]!.span_id)
      .first<{ metric_task: string | null; exported_at: number | null }>();
    // The first write's `exported_at` stands: a repeat changes nothing.
    expect(metric).toEqual({ metric_task: "status_query", exported_at: null });
  });
});
