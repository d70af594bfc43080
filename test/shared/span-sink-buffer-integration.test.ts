import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadTrace } from "../../src/shared/db/spans-repository";
import { bufferSpans, SPAN_JOIN_WAIT_MS, SpanBuffer } from "../../src/shared/span-sink";
import { newSpanId, newTraceId, type SpanRecord } from "../../src/shared/tracing";
import { meteredEnv } from "../../src/shared/usage/metered-env";
import { UsageMeter } from "../../src/shared/usage/usage";
import { LimitedD1 } from "../fixtures/limited-d1";

function spans(count: number, traceId = newTraceId()): SpanRecord[] {
  const start = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    trace_id: traceId,
    span_id: newSpanId(),
    parent_span_id: null,
    name: `GET /v1/orders/${i}`,
    kind: "server",
    start_ms: start + i,
    end_ms: start + i + 3,
    status: "ok",
    po_number: null,
    attributes: { "http.response.status_code": 200 },
  }));
}

/** A buffer whose wait ends when the test says, over a D1 that counts its statements, with export off. */
function buffer(maxSpans = 500) {
  let endWait = () => {};
  const waited = new Promise<void>((resolve) => {
    endWait = resolve;
  });
  const db = new LimitedD1(env.DB);
  const sink = new SpanBuffer({ flushMs: 100, maxSpans, sleep: () => waited });
  return { sink, db, sinkEnv: { DB: db }, endWait };
}

const storedIds = async (traceId: string) => (await loadTrace(env.DB, traceId)).map((s) => s.span_id).sort();

describe("SpanBuffer: one write for the spans of many requests", () => {
  it("writes what every caller added within the wait in one statement, and no caller's promise settles before its wait", async () => {
    const { sink, db, sinkEnv, endWait } = buffer();
    const traceId = newTraceId();
    const [a, b, c] = [spans(1, traceId), spans(2, traceId), spans(1, traceId)];
    const settled: string[] = [];
    const callers = [a, b, c].map((batch, i) => sink.add(sinkEnv, batch).then(() => void settled.push(`caller ${i}`)));
    await new Promise((r) => setTimeout(r, 20));
    expect(db.usage.queries).toBe(0);
    expect(settled).toEqual([]);

    endWait();
    await Promise.all(callers);
    expect(settled).toHaveLength(3);
    expect(db.usage.queries).toBe(1);
    expect(await storedIds(traceId)).toEqual([...a, ...b, ...c].map((s) => s.span_id).sort());
  });

  it("writes at once when the buffer is full, without waiting", async () => {
    const { sink, db, sinkEnv, endWait } = buffer(10);
    const traceId = newTraceId();
    const opener = sink.add(sinkEnv, spans(4, traceId));
    // This caller's write does not wait for the window the first one opened.
    await sink.add(sinkEnv, spans(6, traceId));
    expect(db.usage.queries).toBe(1);
    expect(await storedIds(traceId)).toHaveLength(10);
    // The wait that was still open then finds nothing left to write.
    endWait();
    await opener;
    expect(db.usage.queries).toBe(1);
  });

  it("opens a new wait once the last one was written", async () => {
    const { sink, db, sinkEnv, endWait } = buffer();
    endWait();
    const traceId = newTraceId();
    await sink.add(sinkEnv, spans(2, traceId));
    await sink.add(sinkEnv, spans(3, traceId));
    expect(db.usage.queries).toBe(2);
    expect(await storedIds(traceId)).toHaveLength(5);
  });

  it("a caller that joined another's window settles on a timer of its own, never on the opener's promise", async () => {
    const waits: number[] = [];
    let endJoinWait = () => {};
    const joinWait = new Promise<void>((resolve) => {
      endJoinWait = resolve;
    });
    // The window's own wait never ends: only the joined caller's timer can settle its promise.
    const sink = new SpanBuffer({
      flushMs: 100,
      maxSpans: 500,
      sleep: (ms) => {
        waits.push(ms);
        return ms === SPAN_JOIN_WAIT_MS ? joinWait : new Promise<void>(() => {});
      },
    });
    const sinkEnv = { DB: new LimitedD1(env.DB) };
    void sink.add(sinkEnv, spans(1));
    let joinedSettled = false;
    const joined = sink.add(sinkEnv, spans(1)).then(() => {
      joinedSettled = true;
    });
    expect(waits).toEqual([100, SPAN_JOIN_WAIT_MS]);
    await Promise.resolve();
    expect(joinedSettled).toBe(false);
    endJoinWait();
    await joined;
    expect(joinedSettled).toBe(true);
  });

  it("spans of OrderObjects, each counting into its own meter, join the Worker's window over the same binding", async () => {
    const db = new LimitedD1(env.DB);
    const traceId = newTraceId();
    const [worker, orderA, orderB] = [
      meteredEnv({ DB: db }),
      ...[1, 2].map(() => meteredEnv({ DB: db }, new UsageMeter())),
    ];
    const batches = [spans(2, traceId), spans(1, traceId), spans(1, traceId)];
    await Promise.all([worker, orderA!, orderB!].map((e, i) => bufferSpans(e, batches[i]!, "order")));
    expect(db.usage.queries).toBe(1);
    expect(await storedIds(traceId)).toEqual(
      batches
        .flat()
        .map((s) => s.span_id)
        .sort(),
    );
  });
});
