import { chunked } from "./db/d1-limits";
import { markSpansExported, recordSpans, unexportedSpans } from "./db/spans-repository";
import { type OtlpExportEnv, otlpExportConfig, postSpans, type RetryPolicy } from "./otlp-export";
import type { SpanRecord } from "./tracing";

/**
 * Where finished spans go (DESIGN §9): D1 first, then, with `OTEL_EXPORTER_OTLP_ENDPOINT` set,
 * the collector. Callers run this in `waitUntil` after answering, so neither write adds to a
 * request's latency. D1 is the exporter's buffer: a span is marked exported once the collector
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
  let stored = true;
  try {
    await recordSpans(env.DB, spans);
  } catch (err) {
    // Still sent: the collector may keep what D1 could not, though the sweep cannot retry it.
    stored = false;
    warn("span write failed", err);
  }
  const config = otlpExportConfig(env);
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
