import { describe, expect, it } from "vitest";
import { BenchResults, CostOfRunning } from "../../bench/results-schema";
import { judgeAll } from "../../bench/sections";
import { formatTable } from "../../bench/table";
import { tally } from "../../bench/targets";

const latency = { samples: 100, p50_ms: 12.5, p95_ms: 30, p99_ms: 41.2 };
const floor = { floor: { p50_ms: 10, p99_ms: 20, rps: 400 }, ratio: { p50: 1.25, p99: 2.06, rps: 0.9 } };

const USAGE = {
  worker_requests: 6,
  do_requests: 9,
  d1_rows_read: 120,
  d1_rows_written: 40,
  do_rows_read: 30,
  do_rows_written: 25,
  queue_operations: 12,
  vector_queries: 1,
  embedding_tokens: 80,
  model_input_tokens: 900,
  model_output_tokens: 120,
  model_cache_read_tokens: 0,
  model_cache_write_tokens: 0,
};

/** The contract of cost.md, as the "cost" work serves it on GET /v1/metrics. */
const costOfRunning = {
  basis: "modeled" as const,
  orders: 12,
  per_order: USAGE,
  usd_per_1000_orders: { infrastructure: 0.12, model: 1.4, by_item: { d1_rows_written: 0.04 } },
  prices: { as_of: "2026-12-01", sources: ["https://developers.cloudflare.com/workers/platform/pricing/"] },
};

function results() {
  const measured = {
    reads: [
      {
        name: "order view",
        method: "GET" as const,
        path: "/v1/orders/BN-ABCDE-READ",
        auth: "ops token",
        one_connection: { p50_ms: 12.5, p99_ms: 41.2, requests: 300, errors: 0, non_2xx: 0 },
        fifty_connections: { rps: 360, requests: 1800, errors: 0, non_2xx: 0 },
        latency_rounds: [{ p50_ms: 12.5, floor_p50_ms: 10, ratio: 1.25 }],
        throughput_rounds: [{ rps: 360, floor_rps: 400, ratio: 0.9 }],
        ...floor,
      },
    ],
    pipeline: {
      offered_per_s: 10.5,
      submitted: 630,
      settled: 628,
      unsettled: 0,
      refused_429: 0,
      other_refusals: 0,
      admission_limit: 50,
      in_flight_max: 24,
      submitting_s: 60,
      warmup_s: 5,
      pos_per_minute: 640,
      cpu_ms_per_po: 85,
      intake_to_settled: latency,
      timing: "events",
    },
    websocket: {
      subscribers: 100,
      events: 20,
      receipts: 2000,
      missing: 0,
      auth: "customer token",
      event_to_receipt: latency,
      event_stored_to_receipt: latency,
      ...floor,
    },
    overload: null,
    model_cost: null,
    running_cost: { available: true, note: null, window: "1h", cost_of_running: costOfRunning },
  };
  const targets = judgeAll(measured);
  return {
    generated_at: "2026-12-01T23:00:00.000Z",
    duration_s: 400,
    options: { only: ["reads", "ws", "pipeline", "cost"], quick: false },
    machine: {
      cores: 2,
      cpu_model: "Test CPU",
      platform: "linux",
      node: "v22.23.3",
      wrangler: "4.156.2",
      git_commit: "1de3d27a95",
      git_dirty: false,
    },
    ...measured,
    catalog: null,
    targets,
    summary: tally(targets),
    errors: [],
  };
}

describe("bench/results.json", () => {
  it("parses a run's results, and the table shows each figure beside its floor with its verdict", () => {
    const parsed = BenchResults.parse(results());
    const table = formatTable(parsed);
    expect(table).toContain("| order view (`GET /v1/orders/:po`) | 12.50 / 41.20 | 10.00 / 20.00 | 1.25x pass |");
    expect(table).toContain("0.90x pass");
    expect(table).toMatch(/pipeline: POs settled a minute \(target >= 600\) \| 640\.0 \| - \| pass/);
    expect(table).toContain("| pipeline: system CPU per PO settled, ms (all its processes) | 85 | - |  |");
    expect(table).toContain(
      "| pipeline: 10.5 POs/s offered, submitted / settled / 429 | 630 / 628 / 0 | - | at most 24 in flight (limit 50) |",
    );
    expect(table).toMatch(/infrastructure USD \/ 1,000 orders \(<= 0\.15\) \| 0\.1200 \| - \| pass/);
    expect(table).toContain("Targets: 7 passed, 0 failed, 4 not measured");
  });

  it("names a section that failed, whose figures stay null", () => {
    const failed = BenchResults.parse({
      ...results(),
      websocket: null,
      errors: [{ section: "ws", message: "no snapshot" }],
    });
    expect(formatTable(failed)).toContain("Section ws FAILED: no snapshot");
    expect(formatTable(failed)).not.toContain("WebSocket:");
  });

  it("refuses results whose figures cannot be true", () => {
    const bad = results();
    bad.pipeline.intake_to_settled = { ...latency, p50_ms: -1 };
    expect(BenchResults.safeParse(bad).success).toBe(false);
    expect(BenchResults.safeParse({ ...results(), generated_at: "yesterday" }).success).toBe(false);
  });

  it("reads cost_of_running only in the contract's shape", () => {
    expect(CostOfRunning.safeParse(costOfRunning).success).toBe(true);
    expect(CostOfRunning.safeParse({ ...costOfRunning, basis: "measured" }).success).toBe(false);
    const { worker_requests: _, ...missing } = USAGE;
    expect(CostOfRunning.safeParse({ ...costOfRunning, per_order: missing }).success).toBe(false);
  });
});
