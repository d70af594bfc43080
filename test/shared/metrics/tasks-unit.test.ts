import { describe, expect, it } from "vitest";
import { metricTask } from "../../../src/shared/metrics/tasks";

describe("which latency a span counts for", () => {
  const span = (name: string, kind: "server" | "consumer" | "client" | "internal", attributes = {}) => ({
    name,
    kind,
    attributes,
  });

  it("names model calls by task, status queries and exception agent runs with exceptions open, and nothing else", () => {
    expect(metricTask(span("chat claude-haiku-4-5", "client", { "llm.task": "status_query" }))).toBe(
      "model:status_query",
    );
    expect(metricTask(span("POST /v1/orders/PO-1%2F2/status-query", "server"))).toBe("status_query");
    expect(metricTask(span("agent exception", "consumer", { "exception.open": 2 }))).toBe("exception_resolution");
    expect(metricTask(span("agent exception", "consumer", { "exception.open": 0 }))).toBeNull();
    expect(metricTask(span("GET /v1/orders/PO-1", "server"))).toBeNull();
    expect(metricTask(span("agent comms", "consumer"))).toBeNull();
    expect(metricTask(span("order submit", "internal", { "llm.task": "x" }))).toBeNull();
  });
});
