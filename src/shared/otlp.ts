import type { SpanRecord } from "./tracing";

/**
 * Stored spans as an OTLP/JSON `ExportTraceServiceRequest` (DESIGN §9). OTLP/JSON differs from
 * protobuf's canonical JSON mapping: trace and span ids are lowercase hex (not base64), enums are
 * integers, and 64-bit integers (nanosecond times, intValue) are decimal strings.
 */

export const OTLP_SERVICE_NAME = "edge-order-system";
const SCOPE = { name: "edge-order-system", version: "0.1.0" } as const;

export type OtlpAnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean };
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  status: { code: number };
}

export interface OtlpTraces {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

/** `Span.SpanKind` of trace.proto. */
const SPAN_KIND: Record<SpanRecord["kind"], number> = { internal: 1, server: 2, client: 3, consumer: 5 };
/** `Status.StatusCode` of trace.proto: a stored span is always set, ok or error. */
const STATUS_CODE: Record<SpanRecord["status"], number> = { ok: 1, error: 2 };

const NANOS_PER_MS = 1_000_000n;
/** Epoch milliseconds as decimal nanoseconds; BigInt because 1e18 is past a double's exact integers. */
const nanos = (ms: number) => String(BigInt(Math.round(ms)) * NANOS_PER_MS);

/** Attributes that are amounts: always doubles, so a cost of exactly $1 keeps one type across spans. */
const DOUBLE_KEYS = new Set(["llm.cost_usd"]);

/** An attribute value as OTLP/JSON types it; null for a number JSON cannot carry (NaN, Infinity). */
export function otlpValue(value: string | number | boolean, key = ""): OtlpAnyValue | null {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (!Number.isFinite(value)) return null;
  return Number.isSafeInteger(value) && !DOUBLE_KEYS.has(key) ? { intValue: String(value) } : { doubleValue: value };
}

function attributes(record: Record<string, string | number | boolean>): OtlpKeyValue[] {
  return Object.entries(record).flatMap(([key, raw]) => {
    const value = otlpValue(raw, key);
    return value ? [{ key, value }] : [];
  });
}

export function toOtlpSpan(span: SpanRecord): OtlpSpan {
  const own =
    span.po_number !== null && span.attributes["order.po_number"] === undefined
      ? { ...span.attributes, "order.po_number": span.po_number }
      : span.attributes;
  return {
    traceId: span.trace_id,
    spanId: span.span_id,
    ...(span.parent_span_id ? { parentSpanId: span.parent_span_id } : {}),
    name: span.name,
    kind: SPAN_KIND[span.kind],
    startTimeUnixNano: nanos(span.start_ms),
    endTimeUnixNano: nanos(span.end_ms),
    attributes: attributes(own),
    status: { code: STATUS_CODE[span.status] },
  };
}

/** One resource (this service) and one scope holding every span given, in the order given. */
export function toOtlpTraces(spans: readonly SpanRecord[], deployment: string): OtlpTraces {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: attributes({ "service.name": OTLP_SERVICE_NAME, "deployment.environment.name": deployment }),
        },
        scopeSpans: [{ scope: { ...SCOPE }, spans: spans.map(toOtlpSpan) }],
      },
    ],
  };
}
