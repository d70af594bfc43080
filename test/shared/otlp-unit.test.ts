import { describe, expect, it } from "vitest";
import { otlpValue, toOtlpSpan, toOtlpTraces } from "../../src/shared/otlp";
import type { SpanRecord } from "../../src/shared/tracing";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

function span(overrides: Partial<SpanRecord> = {}): SpanRecord {
  return {
    trace_id: TRACE,
    span_id: "00f067aa0ba902b7",
    parent_span_id: null,
    name: "POST /v1/orders",
    kind: "server",
    start_ms: 1_764_600_000_123,
    end_ms: 1_764_600_000_456,
    status: "ok",
    po_number: null,
    attributes: {},
    ...overrides,
  };
}

describe("toOtlpSpan", () => {
  it("keeps ids as lowercase hex and writes nanosecond times as exact decimal strings", () => {
    const s = toOtlpSpan(span());
    expect(s.traceId).toBe(TRACE);
    expect(s.spanId).toBe("00f067aa0ba902b7");
    // 1_764_600_000_123_000_000 is past 2^53: a Number would round it.
    expect(s.startTimeUnixNano).toBe("1764600000123000000");
    expect(s.endTimeUnixNano).toBe("1764600000456000000");
  });

  it("omits parentSpanId on a root span and carries it on a child", () => {
    expect(toOtlpSpan(span())).not.toHaveProperty("parentSpanId");
    expect(toOtlpSpan(span({ parent_span_id: "b7ad6b7169203331" })).parentSpanId).toBe("b7ad6b7169203331");
  });

  it("writes kind and status as the proto's integers", () => {
    expect(toOtlpSpan(span({ kind: "internal" })).kind).toBe(1);
    expect(toOtlpSpan(span({ kind: "server" })).kind).toBe(2);
    expect(toOtlpSpan(span({ kind: "client" })).kind).toBe(3);
    expect(toOtlpSpan(span({ kind: "consumer" })).kind).toBe(5);
    expect(toOtlpSpan(span({ status: "ok" })).status).toEqual({ code: 1 });
    expect(toOtlpSpan(span({ status: "error" })).status).toEqual({ code: 2 });
  });

  it("types each attribute: strings, int64 as strings, doubles, booleans", () => {
    const s = toOtlpSpan(
      span({
        attributes: {
          "gen_ai.request.model": "claude-haiku-4-5",
          "gen_ai.usage.input_tokens": 1200,
          "llm.cost_usd": 0.0189,
          "llm.cached": true,
        },
      }),
    );
    expect(s.attributes).toEqual([
      { key: "gen_ai.request.model", value: { stringValue: "claude-haiku-4-5" } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "1200" } },
      { key: "llm.cost_usd", value: { doubleValue: 0.0189 } },
      { key: "llm.cached", value: { boolValue: true } },
    ]);
  });

  it("adds the order's PO as an attribute unless the span already names it", () => {
    expect(toOtlpSpan(span({ po_number: "PO-1001" })).attributes).toEqual([
      { key: "order.po_number", value: { stringValue: "PO-1001" } },
    ]);
    const named = toOtlpSpan(span({ po_number: "PO-1001", attributes: { "order.po_number": "PO-1001" } }));
    expect(named.attributes).toHaveLength(1);
  });
});

describe("otlpValue", () => {
  it("sends an integer past 2^53 as a double rather than a wrong int64", () => {
    expect(otlpValue(2 ** 53)).toEqual({ doubleValue: 2 ** 53 });
    expect(otlpValue(-7)).toEqual({ intValue: "-7" });
  });

  it("keeps amounts doubles and drops numbers JSON cannot carry", () => {
    expect(otlpValue(1, "llm.cost_usd")).toEqual({ doubleValue: 1 });
    expect(otlpValue(Number.NaN)).toBeNull();
    expect(otlpValue(Number.POSITIVE_INFINITY, "llm.cost_usd")).toBeNull();
  });
});

describe("toOtlpTraces", () => {
  it("puts every span under one resource named for the service and one scope", () => {
    const body = toOtlpTraces(
      [span(), span({ span_id: "b7ad6b7169203331", parent_span_id: "00f067aa0ba902b7" })],
      "local",
    );
    expect(body.resourceSpans).toHaveLength(1);
    const [rs] = body.resourceSpans;
    expect(rs!.resource.attributes).toEqual([
      { key: "service.name", value: { stringValue: "edge-order-system" } },
      { key: "deployment.environment.name", value: { stringValue: "local" } },
    ]);
    expect(rs!.scopeSpans).toHaveLength(1);
    expect(rs!.scopeSpans[0]!.scope).toEqual({ name: "edge-order-system", version: "0.1.0" });
    expect(rs!.scopeSpans[0]!.spans.map((s) => s.spanId)).toEqual(["00f067aa0ba902b7", "b7ad6b7169203331"]);
  });
});
