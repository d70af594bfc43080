import { toOtlpTraces } from "./otlp";
import type { SpanRecord } from "./tracing";

/**
 * Pushing spans to an OTLP/HTTP collector (`OTEL_EXPORTER_OTLP_ENDPOINT`, JSON encoding). A
 * failing collector never fails a caller: every function here resolves, and what it could not
 * send stays unexported in D1 for the cron's sweep (`span-sink.ts`).
 */

export interface OtlpExportConfig {
  /** `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, as the OpenTelemetry exporter spec builds it. */
  url: string;
  headers: Record<string, string>;
  deployment: string;
}

export interface OtlpExportEnv {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_HEADERS?: string;
  DEPLOYMENT?: string;
}

/** The exporter's settings, or null when no endpoint is set (export off). */
export function otlpExportConfig(env: OtlpExportEnv): OtlpExportConfig | null {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() ?? "";
  if (endpoint === "") return null;
  return {
    url: `${endpoint.replace(/\/+$/, "")}/v1/traces`,
    headers: parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS ?? ""),
    deployment: env.DEPLOYMENT ?? "production",
  };
}

/** `OTEL_EXPORTER_OTLP_HEADERS`: `key=value` pairs separated by commas, values percent-encoded. */
export function parseOtlpHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of raw.split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim().toLowerCase();
    const value = pair.slice(at + 1).trim();
    try {
      headers[key] = decodeURIComponent(value);
    } catch {
      headers[key] = value;
    }
  }
  return headers;
}

/**
 * `exported`: the collector took the batch. `rejected`: it refused it for good (a 4xx other than
 * 429), so sending it again cannot help. `failed`: it did not answer or asked to retry.
 */
export type ExportOutcome = "exported" | "rejected" | "failed";

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** Per attempt: a hanging collector must not hold the invocation's waitUntil budget. */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Three tries within ~16 s at worst, well inside the 30 s a waitUntil may run after the answer. */
export const REQUEST_PATH_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, timeoutMs: 5_000 };

/** The OTLP/HTTP spec's retryable answers; every other non-2xx drops the batch. */
const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 5_000;

function retryDelay(policy: RetryPolicy, attempt: number, res: Response | null): number {
  const header = Number(res?.headers.get("retry-after"));
  if (Number.isFinite(header) && header > 0) return Math.min(header * 1_000, MAX_RETRY_AFTER_MS);
  return policy.baseDelayMs * 2 ** (attempt - 1);
}

/** POSTs one batch as OTLP/JSON, retrying the retryable answers with exponential backoff. */
export async function postSpans(
  config: OtlpExportConfig,
  spans: readonly SpanRecord[],
  policy: RetryPolicy = REQUEST_PATH_RETRY,
): Promise<ExportOutcome> {
  if (spans.length === 0) return "exported";
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const body = JSON.stringify(toOtlpTraces(spans, config.deployment));
  for (let attempt = 1; ; attempt++) {
    let res: Response | null = null;
    try {
      res = await fetch(config.url, {
        method: "POST",
        headers: { ...config.headers, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      // The body is not needed, but an unread body holds the connection open.
      await res.body?.cancel();
    } catch (err) {
      console.warn(JSON.stringify({ msg: "otlp export attempt failed", attempt, error: String(err) }));
    }
    if (res?.ok) return "exported";
    if (res && !RETRYABLE.has(res.status)) {
      console.warn(JSON.stringify({ msg: "otlp export rejected", status: res.status, spans: spans.length }));
      return "rejected";
    }
    if (attempt >= policy.attempts) return "failed";
    await sleep(retryDelay(policy, attempt, res));
  }
}
