import { describe, expect, it } from "vitest";
import { api } from "../helpers";

describe("GET /v1/health", () => {
  it("answers without a token, with each dependency's state", async () => {
    const res = await api("/v1/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-trace-id")).toMatch(/^[0-9a-f]{32}$/);
    const body = (await res.json()) as { status: string; dependencies: Record<string, { status: string; detail: string }> };
    expect(body.status).toBe("ok");
    expect(body.dependencies.d1).toEqual({ status: "ok", detail: "reachable" });
    expect(body.dependencies.queues?.detail).toBe("bound: intake, fulfillment, exceptions, comms, orders-dlq");
  });
});
