import { describe, expect, it } from "vitest";
import type { SpanRecord } from "../../src/shared/tracing";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";
import { expectProblem, expectTraceId, TRACE_ID } from "../fixtures/responses";

interface TraceBody {
  trace_id: string;
  spans: SpanRecord[];
}

const EXPECTED_SPANS = ["POST /v1/orders", "agent intake", "agent fulfillment", "agent exception", "agent comms"];

/** Polls `GET /v1/traces/:id` until every expected span name is there (spans are written with waitUntil). */
async function traceWithSpans(traceId: string, names: readonly string[], timeoutMs = 3_000): Promise<TraceBody> {
  const deadline = Date.now() + timeoutMs;
  let last: TraceBody | null = null;
  for (;;) {
    const res = await api(`/v1/traces/${traceId}`, { token: TOKENS.ops });
    if (res.status === 200) {
      last = (await res.json()) as TraceBody;
      const have = new Set(last.spans.map((s) => s.name));
      if (names.every((n) => have.has(n))) return last;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `trace ${traceId} lacks some of ${names.join(", ")} after ${timeoutMs} ms; last: ${JSON.stringify(last?.spans.map((s) => s.name))}`,
  );
}

describe("GET /v1/traces/:trace_id", () => {
  it("is open to ops only", async () => {
    const res = await api(`/v1/traces/${"a".repeat(32)}`, { token: TOKENS.acme });
    const problem = await expectProblem(res, 403, "forbidden", "Forbidden");
    expect(problem.detail).toContain("customer");
  });

  it("requires a token", async () => {
    await expectProblem(await api(`/v1/traces/${"a".repeat(32)}`), 401, "unauthorized", "Unauthorized");
  });

  it("answers 404 for an unknown trace", async () => {
    const unknown = crypto.randomUUID().replaceAll("-", "");
    expect(unknown).toMatch(TRACE_ID);
    const problem = await expectProblem(
      await api(`/v1/traces/${unknown}`, { token: TOKENS.ops }),
      404,
      "not-found",
      "Not Found",
    );
    expect(problem.detail).toContain(unknown);
  });

  it("answers 404 for a trace id that is not 32 hex digits", async () => {
    await expectProblem(await api("/v1/traces/not-a-trace", { token: TOKENS.ops }), 404, "not-found", "Not Found");
  });

  it("returns the request span and every agent's span for a settled PO, all in one trace", async () => {
    const po = freshPo();
    const res = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    expect(res.status).toBe(202);
    const requestTraceId = expectTraceId(res);

    const view = await waitForSettled(po);
    expect(view.trace_id).toMatch(TRACE_ID);
    const traceId = view.trace_id ?? "";
    expect(traceId).toBe(requestTraceId);

    const trace = await traceWithSpans(traceId, EXPECTED_SPANS);
    expect(trace.trace_id).toBe(traceId);
    const names = trace.spans.map((s) => s.name);
    for (const name of EXPECTED_SPANS) expect(names).toContain(name);
    for (const span of trace.spans) expect(span.trace_id).toBe(traceId);

    // The request span is the root the agents hang under.
    const root = trace.spans.find((s) => s.name === "POST /v1/orders");
    expect(root?.kind).toBe("server");
    expect(root?.po_number).toBe(po);
    const spanIds = new Set(trace.spans.map((s) => s.span_id));
    for (const agent of trace.spans.filter((s) => s.name.startsWith("agent "))) {
      expect(agent.parent_span_id).not.toBeNull();
      expect(spanIds.has(agent.parent_span_id ?? "")).toBe(true);
    }
  });
});
