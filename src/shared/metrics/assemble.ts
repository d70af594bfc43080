import type { StoredMetrics } from "../db/metrics-repository";
import type { Metrics, MetricsWindow } from "../schemas/metrics.schema";
import { costOfRunning } from "../usage/cost-of-running";
import { costFigures, escalationFigures, promptCacheFigures, slaFigures } from "./figures";
import { LATENCY_TARGETS_MS } from "./tasks";
import { hourBuckets, type WindowBounds } from "./window";

/** What only the Durable Objects know: breaker states and AdmissionControl's counters. */
export type LiveOperations = Omit<Metrics["operations"], "queues">;

/** The §12 answer from the stored figures and the live ones. */
export function assembleMetrics(
  window: MetricsWindow,
  bounds: WindowBounds,
  now: Date,
  stored: StoredMetrics,
  live: LiveOperations,
): Metrics {
  return {
    window,
    from: bounds.from,
    to: bounds.to,
    generated_at: now.toISOString(),
    orders_per_hour: hourBuckets(bounds, stored.hours),
    cost: costFigures(stored.cost, stored.models),
    latency: stored.latency.map((l) => ({ ...l, target_ms: LATENCY_TARGETS_MS[l.task] ?? null })),
    sla: slaFigures(stored.sla),
    exceptions: stored.exceptions,
    escalation: escalationFigures(stored.exceptions, stored.otherEscalations, stored.openEscalations),
    prompt_cache: promptCacheFigures(stored.cost),
    operations: { ...live, queues: [{ name: "handoffs", pending: stored.pendingHandoffs }] },
    cost_of_running: costOfRunning(
      stored.hours.reduce((n, h) => n + h.received, 0),
      stored.usage.order,
      stored.usage.read,
    ),
  };
}
