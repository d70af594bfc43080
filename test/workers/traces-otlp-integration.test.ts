import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { OtlpTraces } from "../../src/shared/otlp";
import { SWEEP_MIN_AGE_MS } from "../../src/shared/span-sink";
import type { SpanRecord } from "../../src/shared/tracing";
import worker from "../../src/workers/index";
import { api, TOKENS } from "../fixtures/api";
import { collector, exportedSpanIds } from "../fixtures/otlp-collector";
import { expectProblem, expectTraceId } from "../fixtures/responses";

/** Calls the Worker with `overrides` on its env and waits for its waitUntil work (span writes, exports). */
async function call(path: string, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const req = new Request<unknown, IncomingRequestCfProperties>(`http://orders.test${path}`, {
    headers: { authorization: `Bearer ${TOKENS.ops}` },
  });
  const res = await worker.fetch(req, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function plainTrace(traceId: string): Promise<SpanRecord[]> {
  const res = await api(`/v1/traces/${traceId}`, { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return ((await res.json()) as { spans: SpanRecord[] }).spans;
}

describe("GET /v1/traces/:trace_id?format=otlp", () => {
  it("answers the stored spans as OTLP/JSON", async () => {
    const traceId = expectTraceId(await call("/v1/escalations"));
    const stored = await plainTrace(traceId);
    const res = await api(`/v1/traces/${traceId}?format=otlp`, { token: TOKENS.ops });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as OtlpTraces;
    const rs = body.resourceSpans[0]!;
    expect(rs.resource.attributes).toContainEqual({ key: "service.name", value: { stringValue: "edge-order-system" } });
    const otlp = rs.scopeSpans[0]!.spans;
    expect(otlp.map((s) => s.spanId)).toEqual(stored.map((s) => s.span_id));
    const server = otlp.find((s) => s.name === "GET /v1/escalations")!;
    const record = stored.find((s) => s.name === "GET /v1/escalations")!;
    expect(server).toMatchObject({
      traceId,
      kind: 2,
      startTimeUnixNano: `${record.start_ms}000000`,
      endTimeUnixNano: `${record.end_ms}000000`,
      status: { code: 1 },
    });
    expect(server.attributes).toContainEqual({ key: "http.response.status_code", value: { intValue: "200" } });
  });

  it("keeps the plain format as the default and under format=json", async () => {
    const traceId = expectTraceId(await call("/v1/escalations"));
    const res = await api(`/v1/traces/${traceId}?format=json`, { token: TOKENS.ops });
    expect(await res.json()).toMatchObject({ trace_id: traceId, spans: [{ name: "GET /v1/escalations" }] });
  });

  it("answers 400 for an unknown format", async () => {
    const traceId = expectTraceId(await call("/v1/escalations"));
    const problem = await expectProblem(
      await api(`/v1/traces/${traceId}?format=zipkin`, { token: TOKENS.ops }),
      400,
      "invalid-request",
    );
    expect(JSON.stringify(problem.errors)).toContain("format");
  });
});

describe("exporting spans to OTEL_EXPORTER_OTLP_ENDPOINT", () => {
  it("pushes a request's spans after answering it", async () => {
    const c = collector("request");
    const res = await call("/v1/escalations", { OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint });
    expect(res.status).toBe(200);
    const traceId = expectTraceId(res);
    const got = await c.received();
    expect(got).toHaveLength(1);
    const spans = got[0]!.body.resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(spans.map((s) => s.name)).toContain("GET /v1/escalations");
    expect(spans.every((s) => s.traceId === traceId)).toBe(true);
    expect(exportedSpanIds(got[0]!)).toEqual((await plainTrace(traceId)).map((s) => s.span_id));
  });

  it("answers as usual while the collector fails, and the cron sends the spans later", async () => {
    const c = collector("cron");
    await c.script([503, 503, 503]);
    const res = await call("/v1/escalations", { OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint });
    expect(res.status).toBe(200);
    const traceId = expectTraceId(res);
    expect((await c.received()).map((g) => g.status)).toEqual([503, 503, 503]);

    const ctx = createExecutionContext();
    const later = Date.now() + 2 * SWEEP_MIN_AGE_MS;
    const controller = createScheduledController({ scheduledTime: later, cron: "*/5 * * * *" });
    await worker.scheduled(controller, { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: c.endpoint }, ctx);
    await waitOnExecutionContext(ctx);
    const swept = (await c.received()).slice(3);
    expect(swept.length).toBeGreaterThan(0);
    expect(swept.flatMap((g) => g.body.resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => s.traceId))).toContain(
      traceId,
    );
  });

  it("sends nothing anywhere when the endpoint is empty", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    try {
      const traceId = expectTraceId(await call("/v1/escalations", { OTEL_EXPORTER_OTLP_ENDPOINT: "" }));
      expect(fetchSpy).not.toHaveBeenCalled();
      expect((await plainTrace(traceId)).map((s) => s.name)).toContain("GET /v1/escalations");
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
