import { describe, expect, it } from "vitest";
import { Metrics } from "../../src/shared/schemas/metrics.schema";
import { api, TOKENS } from "../fixtures/api";
import { errorFields, expectProblem } from "../fixtures/responses";

/** `GET /v1/metrics` on a system that has only its seed: zeros and empty lists, never null or NaN. */

async function metrics(query: string): Promise<Metrics> {
  const res = await api(`/v1/metrics${query}`, { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return Metrics.parse(await res.json());
}

describe("an idle system's metrics", () => {
  it.each(["1h", "24h", "7d", "30d"])("answers zeros over %s", async (window) => {
    const m = await metrics(`?window=${window}`);
    expect(m.window).toBe(window);
    expect(m.orders_per_hour.every((h) => h.received === 0)).toBe(true);
    expect(m.cost).toEqual({ interactions: 0, total_usd: 0, per_interaction_usd: 0, basis: "modeled", model_mix: [] });
    expect(m.latency).toEqual([]);
    expect(m.sla).toEqual({ orders: 0, on_time: 0, at_risk: 0, breached: 0, compliance: 0 });
    expect(m.exceptions).toEqual([]);
    expect(m.escalation).toEqual({ decided_by_system: 0, escalated: 0, rate: 0, open: 0 });
    expect(m.prompt_cache).toEqual({
      hit_rate: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      uncached_input_tokens: 0,
    });
    expect(m.operations).toEqual({
      breakers: [
        { name: "model-provider", state: "closed", failures: 0 },
        { name: "carrier-api", state: "closed", failures: 0 },
      ],
      queues: [{ name: "handoffs", pending: 0 }],
      admission: { in_flight: 0, waiting: 0, refused_429: 0 },
    });
  });

  it("answers a day without a window, its hours from the one holding its start", async () => {
    const m = await metrics("");
    expect(m.window).toBe("24h");
    expect(Date.parse(m.to) - Date.parse(m.from)).toBe(24 * 3_600_000);
    expect(m.orders_per_hour).toHaveLength(25);
    expect(m.orders_per_hour[0]!.hour).toBe(`${m.from.slice(0, 13)}:00:00Z`);
  });
});

describe("who may read the metrics, and for which windows", () => {
  it("refuses a customer token as the other operations-only routes do", async () => {
    const res = await api("/v1/metrics?window=24h", { token: TOKENS.acme });
    const traces = await api(`/v1/traces/${"a".repeat(32)}`, { token: TOKENS.acme });
    expect(res.status).toBe(traces.status);
    expect([403, 404]).toContain(res.status);
    expect(JSON.stringify(await res.json())).not.toContain("orders_per_hour");
  });

  it("refuses a request without a token", async () => {
    expect((await api("/v1/metrics")).status).toBe(401);
  });

  it("answers an unknown window with the 400 invalid-request problem naming the field", async () => {
    const res = await api("/v1/metrics?window=2h", { token: TOKENS.ops });
    const problem = await expectProblem(res, 400, "invalid-request");
    expect(errorFields(problem)).toEqual(["window"]);
  });
});
