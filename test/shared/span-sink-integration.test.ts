import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { loadTrace, recordSpans, unexportedSpans } from "../../src/shared/db/spans-repository";
import type { RetryPolicy } from "../../src/shared/otlp-export";
import { exportPendingSpans, OTLP_BATCH_SPANS, persistSpans, SWEEP_MIN_AGE_MS } from "../../src/shared/span-sink";
import { newSpanId, newTraceId, type SpanRecord } from "../../src/shared/tracing";
import { collector, exportedSpanIds } from "../fixtures/otlp-collector";

/** Retries without waiting, recording the backoff it would have waited. */
function quickRetry(): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { attempts: 3, baseDelayMs: 100, timeoutMs: 2_000, waits, sleep: async (ms) => void waits.push(ms) };
}

function spans(count: number, startMs = Date.now()): SpanRecord[] {
  const traceId = newTraceId();
  return Array.from({ length: count }, (_, i) => ({
    trace_id: traceId,
    span_id: newSpanId(),
    parent_span_id: null,
    name: `work ${i}`,
    kind: "internal",
    start_ms: startMs + i,
    end_ms: startMs + i + 5,
    status: "ok",
    po_number: null,
    attributes: { step: i },
  }));
}

/** Whether each span still waits for the collector, read from D1. */
async function pending(ids: readonly string[], nowMs = Date.now() + 10 * SWEEP_MIN_AGE_MS): Promise<boolean[]> {
  const waiting = new Set((await unexportedSpans(env.DB, nowMs, 10_000)).map((s) => s.span_id));
  return ids.map((id) => waiting.has(id));
}

describe("persistSpans", () => {
  it("stores the spans and sends them in one OTLP/JSON POST, then marks them exported", async () => {
    const c = collector("batch");
    const batch = spans(3);
    await persistSpans(
      { DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint, DEPLOYMENT: "local" },
      batch,
      quickRetry(),
    );
    const got = await c.received();
    expect(got).toHaveLength(1);
    expect(got[0]!.path).toBe("/v1/traces");
    expect(got[0]!.headers["content-type"]).toBe("application/json");
    expect(exportedSpanIds(got[0]!)).toEqual(batch.map((s) => s.span_id));
    expect(got[0]!.body.resourceSpans[0]!.scopeSpans[0]!.spans[0]).toMatchObject({
      traceId: batch[0]!.trace_id,
      startTimeUnixNano: `${batch[0]!.start_ms}000000`,
      kind: 1,
      attributes: [{ key: "step", value: { intValue: "0" } }],
    });
    expect(await pending(batch.map((s) => s.span_id))).toEqual([false, false, false]);
  });

  it("sends the configured headers", async () => {
    const c = collector("headers");
    const config = {
      DB: env.DB,
      OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint,
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=k%2C1",
    };
    await persistSpans(config, spans(1), quickRetry());
    expect((await c.received())[0]!.headers["x-api-key"]).toBe("k,1");
  });

  it("retries after a 503 with backoff and then marks the spans exported", async () => {
    const c = collector("retry");
    await c.script([503]);
    const batch = spans(2);
    const policy = quickRetry();
    await persistSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint }, batch, policy);
    const got = await c.received();
    expect(got.map((g) => g.status)).toEqual([503, 200]);
    expect(exportedSpanIds(got[1]!)).toEqual(exportedSpanIds(got[0]!));
    expect(policy.waits).toEqual([100]);
    expect(await pending(batch.map((s) => s.span_id))).toEqual([false, false]);
  });

  it("gives up after its attempts without failing, leaving the spans stored for the sweep", async () => {
    const c = collector("down");
    await c.script([503, 503, 503]);
    const batch = spans(2);
    const policy = quickRetry();
    await expect(
      persistSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint }, batch, policy),
    ).resolves.toBeUndefined();
    expect((await c.received()).map((g) => g.status)).toEqual([503, 503, 503]);
    expect(policy.waits).toEqual([100, 200]);
    expect(await pending(batch.map((s) => s.span_id))).toEqual([true, true]);
  });

  it("splits a large unit of work into batches and stops at the first that fails", async () => {
    const ok = collector("split");
    const many = spans(OTLP_BATCH_SPANS + 4);
    await persistSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: ok.endpoint }, many, quickRetry());
    expect((await ok.received()).map((g) => exportedSpanIds(g).length)).toEqual([OTLP_BATCH_SPANS, 4]);

    const down = collector("split-down");
    await down.script([503, 503, 503]);
    const more = spans(OTLP_BATCH_SPANS + 4);
    await persistSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: down.endpoint }, more, quickRetry());
    expect((await down.received()).map((g) => g.status)).toEqual([503, 503, 503]);
    expect((await pending(more.map((s) => s.span_id))).every(Boolean)).toBe(true);
  });

  it("does not retry a batch the collector refuses for good", async () => {
    const c = collector("refused");
    await c.script([400]);
    const batch = spans(1);
    await persistSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint }, batch, quickRetry());
    expect((await c.received()).map((g) => g.status)).toEqual([400]);
    // Sending it again would be refused again: the sweep must not loop on it.
    expect(await pending([batch[0]!.span_id])).toEqual([false]);
  });

  it("stores but sends nothing when the endpoint is empty, and leaves nothing for a sweep", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    try {
      const batch = spans(2);
      await persistSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: "" }, batch);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect((await loadTrace(env.DB, batch[0]!.trace_id)).map((s) => s.span_id)).toEqual(batch.map((s) => s.span_id));
      // Out of the partial index `spans_unexported`: a collector configured later is not sent them.
      expect(await pending(batch.map((s) => s.span_id))).toEqual([false, false]);
    } finally {
      fetchSpy.mockRestore();
    }
  });
});

describe("exportPendingSpans (the cron's sweep)", () => {
  it("sends what a down collector missed, in batches, once, and leaves young spans to their request", async () => {
    const c = collector("sweep");
    const now = Date.now();
    await c.script([503, 503, 503]);
    const missed = spans(3, now - 2 * SWEEP_MIN_AGE_MS);
    await persistSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint }, missed, quickRetry());
    const young = spans(1, now);
    await recordSpans(env.DB, young, null);

    const sent = await exportPendingSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint }, now, quickRetry());
    const swept = (await c.received()).slice(3);
    expect(swept.every((g) => g.status === 200)).toBe(true);
    const ids = swept.flatMap(exportedSpanIds);
    expect(sent).toBe(ids.length);
    // The three missed spans went together in one POST.
    expect(swept.some((g) => missed.every((s) => exportedSpanIds(g).includes(s.span_id)))).toBe(true);
    expect(ids).not.toContain(young[0]!.span_id);
    expect(await pending([...missed, ...young].map((s) => s.span_id))).toEqual([false, false, false, true]);

    await exportPendingSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint }, now, quickRetry());
    expect((await c.received()).length).toBe(3 + swept.length);
  });

  it("stops at a failing batch and does nothing without an endpoint", async () => {
    const c = collector("sweep-down");
    await c.script([503, 503, 503]);
    await recordSpans(env.DB, spans(2, Date.now() - 2 * SWEEP_MIN_AGE_MS), null);
    expect(
      await exportPendingSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint }, Date.now(), quickRetry()),
    ).toBe(0);
    expect((await c.received()).length).toBe(3);
    expect(await exportPendingSpans({ DB: env.DB, OTEL_EXPORTER_OTLP_ENDPOINT: "" }, Date.now())).toBe(0);
  });
});
