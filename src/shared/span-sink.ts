import { chunked } from "./db/d1-limits";
import { markSpansExported, recordSpans, unexportedSpans } from "./db/spans-repository";
import { type OtlpExportEnv, otlpExportConfig, postSpans, type RetryPolicy } from "./otlp-export";
import type { SpanRecord } from "./tracing";
import { metering, sharedD1 } from "./usage/metered-env";
import { carryShared, UsageMeter, type UsageScope } from "./usage/usage";

/**
 * Where finished spans go (DESIGN §9): D1 first, then, with `OTEL_EXPORTER_OTLP_ENDPOINT` set,
 * the collector. Callers hand spans to `bufferSpans` and its promise to `waitUntil` after
 * answering, so neither write adds to a request's latency. D1 is the exporter's buffer: a span is marked exported once the collector
 * took it (or refused it for good), and the 5-minute cron retries the rest; no queue is needed
 * because the spans are already stored there.
 */

export type SpanSinkEnv = OtlpExportEnv & { DB: D1Database };

/** Spans one POST carries; OTLP collectors take far more, this keeps a body near a few hundred KB. */
export const OTLP_BATCH_SPANS = 256;
/** The sweep leaves younger spans to the request that is still exporting them (waitUntil ends by 30 s). */
export const SWEEP_MIN_AGE_MS = 60_000;
/** Batches one sweep sends at most; it stops at the first that fails, so a dead collector costs one try. */
const SWEEP_MAX_BATCHES = 20;

function warn(msg: string, err: unknown): void {
  console.warn(JSON.stringify({ msg, error: String(err) }));
}

/** Stores `spans` and pushes them to the collector; never rejects. */
export async function persistSpans(
  env: SpanSinkEnv,
  spans: readonly SpanRecord[],
  policy?: RetryPolicy,
): Promise<void> {
  if (spans.length === 0) return;
  const config = otlpExportConfig(env);
  let stored = true;
  try {
    // Without a collector nothing will export them: stored as done, out of the sweep's partial index.
    await recordSpans(env.DB, spans, config ? null : Date.now());
  } catch (err) {
    // Still sent: the collector may keep what D1 could not, though the sweep cannot retry it.
    stored = false;
    warn("span write failed", err);
  }
  if (!config) return;
  for (const batch of chunked(spans, OTLP_BATCH_SPANS)) {
    // A collector down for one batch is down for the next: stop within the waitUntil budget, the sweep sends the rest.
    if ((await postSpans(config, batch, policy)) === "failed") return;
    if (!stored) continue;
    await markSpansExported(
      env.DB,
      batch.map((s) => s.span_id),
      Date.now(),
    ).catch((err) => warn("span export mark failed", err));
  }
}

/** How long the first span of a quiet moment waits for others, so that a burst of requests is one write. */
export const SPAN_FLUSH_MS = 100;
/** Buffered spans that are written at once, whatever the wait: bounds an isolate's memory and a write's size. */
export const SPAN_FLUSH_SPANS = 500;
/** How long a caller that joined another's window keeps its context, on a timer of its own: the window and its write. */
export const SPAN_JOIN_WAIT_MS = 500;

/**
 * An isolate's spans on their way to `persistSpans`: under load, the spans of every request,
 * queue batch and OrderObject call in a `SPAN_FLUSH_MS` window are one D1 statement and one
 * OTLP POST instead of one each. The caller that opened the window runs the write in its own
 * context, which its `waitUntil` keeps alive until it is done. Every other caller waits only on a
 * timer of its own (`SPAN_JOIN_WAIT_MS`), never on the opener's promise: workerd cancels a request
 * as hung when all it waits for is another request's work, and rejects a promise of another
 * request's context with "Promise will never complete". What an isolate that dies inside a window
 * loses is that window's spans: telemetry only. Orders, events and handoffs never pass here.
 */
export class SpanBuffer {
  private pending: SpanRecord[] = [];
  /** Whose spans are pending: the write's cost is shared among those scopes as its rows are (DESIGN §15). */
  private scopes = new Map<UsageScope, number>();
  private window: Promise<void> | null = null;

  constructor(
    private readonly options: { flushMs: number; maxSpans: number; sleep: (ms: number) => Promise<void> } = {
      flushMs: SPAN_FLUSH_MS,
      maxSpans: SPAN_FLUSH_SPANS,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  ) {}

  /**
   * Adds `spans`; the promise settles once they are written (or given up on, logged), or, for a
   * caller that joined another's window, after `SPAN_JOIN_WAIT_MS`. Never rejects.
   */
  add(env: SpanSinkEnv, spans: readonly SpanRecord[], scope: UsageScope = "other"): Promise<void> {
    if (spans.length === 0) return Promise.resolve();
    this.pending.push(...spans);
    this.scopes.set(scope, (this.scopes.get(scope) ?? 0) + spans.length);
    if (this.pending.length >= this.options.maxSpans) return this.flush(env);
    if (this.window) return this.options.sleep(SPAN_JOIN_WAIT_MS);
    this.window = this.options.sleep(this.options.flushMs).then(() => {
      this.window = null;
      return this.flush(env);
    });
    return this.window;
  }

  private flush(env: SpanSinkEnv): Promise<void> {
    const spans = this.pending;
    const scopes = this.scopes;
    this.pending = [];
    this.scopes = new Map();
    const meter = new UsageMeter();
    return metering(meter, () => persistSpans(env, spans)).then(() => carryShared(meter, scopes));
  }
}

/** The isolate's buffers, one per place spans go (a D1 binding and an exporter's settings), each flushed with its own. */
const buffers = new WeakMap<D1Database, Map<string, SpanBuffer>>();

/**
 * Buffers finished spans for one write with their neighbours' (the request middleware, the queue
 * consumers and the OrderObject all write through here); pass the answer to `waitUntil`.
 */
export function bufferSpans(env: SpanSinkEnv, spans: readonly SpanRecord[], scope?: UsageScope): Promise<void> {
  // Keyed by the binding, not by the caller's metered view of it: every OrderObject has its own.
  const db = sharedD1(env.DB);
  let byExporter = buffers.get(db);
  if (!byExporter) {
    byExporter = new Map();
    buffers.set(db, byExporter);
  }
  const key = JSON.stringify([env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_HEADERS, env.DEPLOYMENT]);
  let buffer = byExporter.get(key);
  if (!buffer) {
    buffer = new SpanBuffer();
    byExporter.set(key, buffer);
  }
  const sink = {
    DB: db,
    OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_HEADERS: env.OTEL_EXPORTER_OTLP_HEADERS,
    DEPLOYMENT: env.DEPLOYMENT,
  };
  return buffer.add(sink, spans, scope);
}

/** The cron's retry: sends what the request path could not, oldest first, in batches. Returns the spans sent. */
export async function exportPendingSpans(env: SpanSinkEnv, nowMs: number, policy?: RetryPolicy): Promise<number> {
  const config = otlpExportConfig(env);
  if (!config) return 0;
  let sent = 0;
  for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch++) {
    const spans = await unexportedSpans(env.DB, nowMs - SWEEP_MIN_AGE_MS, OTLP_BATCH_SPANS);
    if (spans.length === 0) break;
    const outcome = await postSpans(config, spans, policy);
    if (outcome === "failed") break;
    await markSpansExported(
      env.DB,
      spans.map((s) => s.span_id),
      Date.now(),
    );
    if (outcome === "exported") sent += spans.length;
    if (spans.length < OTLP_BATCH_SPANS) break;
  }
  return sent;
}
