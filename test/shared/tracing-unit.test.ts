import { describe, expect, it } from "vitest";
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent, Tracer } from "../../src/shared/tracing";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";
const VALID = `00-${TRACE}-${SPAN}-01`;

describe("parseTraceparent", () => {
  it("parses a valid header", () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: TRACE, spanId: SPAN });
  });

  it("accepts any flags byte and surrounding whitespace", () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).toEqual({ traceId: TRACE, spanId: SPAN });
    expect(parseTraceparent(`  ${VALID}\t`)).toEqual({ traceId: TRACE, spanId: SPAN });
  });

  it("rejects an all-zero trace id", () => {
    expect(parseTraceparent(`00-${"0".repeat(32)}-${SPAN}-01`)).toBeNull();
  });

  it("rejects an all-zero span id", () => {
    expect(parseTraceparent(`00-${TRACE}-${"0".repeat(16)}-01`)).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["garbage", "not-a-traceparent"],
    ["short trace id", `00-${TRACE.slice(1)}-${SPAN}-01`],
    ["long trace id", `00-${TRACE}0-${SPAN}-01`],
    ["short span id", `00-${TRACE}-${SPAN.slice(1)}-01`],
    ["non-hex trace id", `00-${TRACE.slice(0, 31)}g-${SPAN}-01`],
    ["missing flags", `00-${TRACE}-${SPAN}`],
    ["one-digit flags", `00-${TRACE}-${SPAN}-1`],
    ["extra field", `${VALID}-extra`],
    ["unknown version", `01-${TRACE}-${SPAN}-01`],
    ["wrong separators", `00_${TRACE}_${SPAN}_01`],
  ])("rejects %s", (_name, header) => {
    expect(parseTraceparent(header)).toBeNull();
  });

  it("rejects null and undefined", () => {
    expect(parseTraceparent(null)).toBeNull();
    expect(parseTraceparent(undefined)).toBeNull();
  });
});

describe("formatTraceparent", () => {
  it("writes version 00 and the sampled flag", () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN })).toBe(VALID);
  });

  it("round-trips with parseTraceparent", () => {
    const ctx = { traceId: newTraceId(), spanId: newSpanId() };
    expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(parseTraceparent(formatTraceparent(ctx))).toEqual(ctx);
  });
});

describe("Tracer", () => {
  it("records a root span with a fresh trace id and no parent", () => {
    const tracer = new Tracer();
    const span = tracer.start("POST /v1/orders", "server", null, { "http.method": "POST" }, "PO-2024-5001");
    span.end();
    const [record] = tracer.finished;
    expect(tracer.finished).toHaveLength(1);
    expect(record).toMatchObject({
      name: "POST /v1/orders",
      kind: "server",
      parent_span_id: null,
      status: "ok",
      po_number: "PO-2024-5001",
      attributes: { "http.method": "POST" },
    });
    expect(record?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(record?.span_id).toBe(span.context.spanId);
    expect(record!.end_ms).toBeGreaterThanOrEqual(record!.start_ms);
  });

  it("gives a child span its parent's trace id and points it at the parent", () => {
    const tracer = new Tracer();
    const parent = tracer.start("queue intake", "consumer", parseTraceparent(VALID));
    const child = tracer.start("model call", "client", parent.context);
    expect(parent.context.traceId).toBe(TRACE);
    expect(child.context.traceId).toBe(TRACE);
    expect(child.context.spanId).not.toBe(parent.context.spanId);
    child.end();
    parent.end();
    const [c, p] = tracer.finished;
    expect(c?.parent_span_id).toBe(parent.context.spanId);
    expect(p?.parent_span_id).toBe(SPAN);
    expect(child.traceparent).toBe(`00-${TRACE}-${child.context.spanId}-01`);
  });

  it("records a span once however often it is ended", () => {
    const tracer = new Tracer();
    const span = tracer.start("once", "internal", null);
    span.end();
    span.end("error");
    expect(tracer.finished.map((s) => s.status)).toEqual(["ok"]);
  });

  it("within: returns the work's result and ends the span ok", async () => {
    const tracer = new Tracer();
    const result = await tracer.within(tracer.start("work", "internal", null), async (span) => {
      span.set({ "gen_ai.usage.input_tokens": 12 });
      return 42;
    });
    expect(result).toBe(42);
    expect(tracer.finished).toHaveLength(1);
    expect(tracer.finished[0]).toMatchObject({ status: "ok", attributes: { "gen_ai.usage.input_tokens": 12 } });
  });

  it("within: records error status and the message, and rethrows the same error", async () => {
    const tracer = new Tracer();
    const boom = new Error("carrier API down");
    await expect(
      tracer.within(tracer.start("carrier", "client", null), async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(tracer.finished).toHaveLength(1);
    expect(tracer.finished[0]).toMatchObject({ status: "error", attributes: { "error.message": "carrier API down" } });
  });

  it("within: records a thrown non-Error as its string", async () => {
    const tracer = new Tracer();
    await expect(tracer.within(tracer.start("x", "internal", null), () => Promise.reject("overloaded"))).rejects.toBe(
      "overloaded",
    );
    expect(tracer.finished[0]?.attributes["error.message"]).toBe("overloaded");
  });

  it("drain hands over the finished spans and empties the tracer", () => {
    const tracer = new Tracer();
    tracer.start("a", "internal", null).end();
    tracer.start("b", "internal", null).end();
    expect(tracer.drain().map((s) => s.name)).toEqual(["a", "b"]);
    expect(tracer.finished).toEqual([]);
    expect(tracer.drain()).toEqual([]);
  });
});
