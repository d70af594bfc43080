import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { readStoredMetrics } from "../../../src/shared/db/metrics-repository";
import { purgeRollupsBefore } from "../../../src/shared/db/span-rollups";
import { recordSpans } from "../../../src/shared/db/spans-repository";
import { nearestRank } from "../../../src/shared/metrics/figures";
import { ROLLUP_LEVELS_MS } from "../../../src/shared/metrics/rollup-window";
import { metricTask } from "../../../src/shared/metrics/tasks";
import type { WindowBounds } from "../../../src/shared/metrics/window";
import { newSpanId, newTraceId, type SpanRecord } from "../../../src/shared/tracing";
import { emptyUsage, METERED_KEYS, type UsageScope, usageAttributes } from "../../../src/shared/usage/usage";
import { LimitedD1 } from "../../fixtures/limited-d1";

/**
 * The span rollups against the spans they summarise: spans of 2021 (no other test's, and outside
 * every order's time) over three hours across a midnight, some at bucket bounds, written in
 * overlapping batches as a retried write would; every window read from the rollups must give
 * the figures counted here from the spans themselves.
 */

const BASE = Date.parse("2021-03-01T22:50:00.000Z");
const HOUR = 3_600_000;
const MIDNIGHT = Date.parse("2021-03-02T00:00:00.000Z");

let seed = 11;
const random = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed % n;
};

function span(startMs: number, i: number): SpanRecord {
  const kind = (["server", "client", "consumer", "internal"] as const)[i % 4]!;
  const scope: UsageScope = i % 3 === 0 ? "order" : "read";
  const usage = { ...emptyUsage(), d1_rows_read: random(40), do_requests: 1, d1_rows_written: random(9) / 3 };
  const attributes =
    kind === "server"
      ? usageAttributes(usage, scope)
      : kind === "client"
        ? { "llm.task": i % 8 === 1 ? "intake_extraction" : "status_answer" }
        : kind === "consumer"
          ? { "exception.open": 1, ...usageAttributes(usage, "order") }
          : {};
  return {
    trace_id: newTraceId(),
    span_id: newSpanId(),
    parent_span_id: null,
    name: kind === "server" ? "POST /v1/orders/PO-R/status-query" : kind === "consumer" ? "agent exception" : "step",
    kind,
    start_ms: startMs,
    end_ms: startMs + random(60),
    status: "ok",
    po_number: null,
    attributes,
  };
}

// Bucket bounds and the milliseconds beside them, then the rest anywhere in the three hours.
const bounds = [MIDNIGHT, MIDNIGHT - 1, MIDNIGHT + HOUR, MIDNIGHT + HOUR - 1, BASE + 600_000, BASE + 599_999];
const SPANS = [...bounds, ...Array.from({ length: 1200 }, () => BASE + random(3 * HOUR))].map(span);

function window(fromMs: number, toMs: number): WindowBounds {
  return { fromMs, toMs, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}

/** The latency figures and usage counted from the spans themselves, as the metrics define them. */
function expected(w: WindowBounds) {
  const inside = SPANS.filter((s) => s.start_ms >= w.fromMs && s.start_ms <= w.toMs);
  const byTask = new Map<string, number[]>();
  for (const s of inside) {
    const task = metricTask(s);
    if (task) byTask.set(task, [...(byTask.get(task) ?? []), s.end_ms - s.start_ms]);
  }
  const latency = [...byTask.keys()].sort().map((task) => {
    const sorted = byTask.get(task)!.sort((a, b) => a - b);
    const at = (p: number) => sorted[nearestRank(sorted.length, p) - 1]!;
    return { task, count: sorted.length, p50_ms: at(50), p95_ms: at(95) };
  });
  const usage = (scope: UsageScope) => {
    const mine = inside.filter((s) => s.attributes["usage.scope"] === scope);
    const sum = (k: string) => mine.reduce((n, s) => n + Number(s.attributes[`usage.${k}`] ?? 0), 0);
    return { units: mine.length, totals: Object.fromEntries(METERED_KEYS.map((k) => [k, sum(k)])) };
  };
  return { latency, order: usage("order"), read: usage("read") };
}

async function expectFiguresOf(w: WindowBounds): Promise<void> {
  const stored = await readStoredMetrics(env.DB, w);
  const want = expected(w);
  expect(stored.latency).toEqual(want.latency);
  for (const scope of ["order", "read"] as const) {
    const got = stored.usage[scope];
    expect(got.units, scope).toBe(want[scope].units);
    for (const k of METERED_KEYS) expect(got.usage[k], `${scope} ${k}`).toBeCloseTo(want[scope].totals[k]!, 9);
  }
}

beforeAll(async () => {
  // Overlapping batches: the second and third repeat spans the first stored, as a retried write does.
  await recordSpans(env.DB, SPANS.slice(0, 500), null);
  await recordSpans(env.DB, SPANS.slice(300, 900), null);
  await recordSpans(env.DB, [...SPANS.slice(800), ...SPANS.slice(850, 860)], null);
  await recordSpans(env.DB, SPANS.slice(0, 10), null);
});

describe("span rollups", () => {
  it("count each stored span once at every level, however often it was written", async () => {
    const measured = SPANS.filter((s) => metricTask(s) !== null).length;
    const units = SPANS.filter((s) => s.attributes["usage.scope"] !== undefined).length;
    const { results } = await env.DB.prepare(
      `SELECT l.level_ms, (SELECT SUM(n) FROM span_latency_rollups WHERE level_ms = l.level_ms AND bucket_ms < ?1) AS measured,
        (SELECT SUM(units) FROM span_usage_rollups WHERE level_ms = l.level_ms AND bucket_ms < ?1) AS units
       FROM (SELECT DISTINCT level_ms FROM span_latency_rollups) l ORDER BY l.level_ms`,
    )
      .bind(Date.parse("2021-04-01T00:00:00Z"))
      .all<{ level_ms: number; measured: number; units: number }>();
    expect(results).toEqual(ROLLUP_LEVELS_MS.map((level_ms) => ({ level_ms, measured, units })));
  });

  it("give a window's exact figures, whatever its edges", async () => {
    await expectFiguresOf(window(BASE - HOUR, BASE + 4 * HOUR));
    await expectFiguresOf(window(MIDNIGHT, MIDNIGHT + HOUR - 1));
    await expectFiguresOf(window(MIDNIGHT - 1, MIDNIGHT + HOUR));
    await expectFiguresOf(window(BASE + 599_999, MIDNIGHT + 1));
    for (let i = 0; i < 12; i++) {
      const from = BASE + random(2 * HOUR);
      await expectFiguresOf(window(from, from + random(HOUR) + 1));
    }
  });

  it("are written within D1's limits: a statement per JSON chunk of spans, and one per chunk of each rollup's compact rows", async () => {
    const start = Date.parse("2021-06-01T00:00:00Z");
    const big = Array.from({ length: 600 }, (_, i) => ({
      ...span(start + i * 10, i * 4),
      attributes: { ...usageAttributes(emptyUsage(), "read"), padding: "x".repeat(1_000) },
    }));
    const db = new LimitedD1(env.DB);
    await recordSpans(db, big, null);
    // 600 spans of 1 KB are two chunks; what the rollups read of them (ids, times, counts) fits one each; one batch.
    expect(db.usage).toEqual({ queries: 2 + 1 + 1, roundTrips: 1, maxParameters: 2 });
    const read = new LimitedD1(env.DB);
    await readStoredMetrics(read, window(start - 1, start + HOUR));
    // One statement for the whole read.
    expect(read.usage).toMatchObject({ queries: 1, roundTrips: 1 });
    expect(read.usage.maxParameters).toBeLessThanOrEqual(7);
    const units = await env.DB.prepare(
      "SELECT SUM(units) AS n FROM span_usage_rollups WHERE level_ms = 1000 AND bucket_ms >= ?1 AND bucket_ms < ?2",
    )
      .bind(start, start + HOUR)
      .first<{ n: number }>();
    expect(units?.n).toBe(600);
  });

  it("are purged with the spans' retention, by bucket start", async () => {
    const cutoff = MIDNIGHT;
    await purgeRollupsBefore(env.DB, cutoff, 25);
    const left = await env.DB.prepare(
      "SELECT (SELECT COUNT(*) FROM span_latency_rollups WHERE bucket_ms < ?1) + (SELECT COUNT(*) FROM span_usage_rollups WHERE bucket_ms < ?1) AS n",
    )
      .bind(cutoff)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    const kept = await env.DB.prepare("SELECT COUNT(*) AS n FROM span_latency_rollups WHERE bucket_ms >= ?1")
      .bind(cutoff)
      .first<{ n: number }>();
    expect(kept?.n).toBeGreaterThan(0);
  });
});
