import { z } from "zod";
import { CostOfRunning } from "../usage/cost-of-running";

/** The windows `GET /v1/metrics` answers for, and their length in hours. */
export const METRICS_WINDOW_HOURS = { "1h": 1, "24h": 24, "7d": 168, "30d": 720 } as const;
export const MetricsWindow = z.enum(["1h", "24h", "7d", "30d"]);
export type MetricsWindow = z.infer<typeof MetricsWindow>;

const count = z.number().int().nonnegative();
const usd = z.number().nonnegative();
const ratio = z.number().min(0).max(1);

/** The dashboard's data, DESIGN §12: every figure from what is stored, zeros when idle. */
export const Metrics = z.object({
  window: MetricsWindow,
  from: z.string(),
  to: z.string(),
  generated_at: z.string(),
  orders_per_hour: z.array(
    z.object({
      hour: z.string(),
      received: count,
      by_channel: z.object({ portal: count, edi: count, email: count }),
    }),
  ),
  cost: z.object({
    interactions: count,
    total_usd: usd,
    per_interaction_usd: usd,
    basis: z.enum(["modeled", "billed"]),
    model_mix: z.array(z.object({ model: z.string(), calls: count, share: ratio, cost_usd: usd })),
  }),
  latency: z.array(z.object({ task: z.string(), count, p50_ms: count, p95_ms: count, target_ms: count.nullable() })),
  sla: z.object({ orders: count, on_time: count, at_risk: count, breached: count, compliance: ratio }),
  exceptions: z.array(z.object({ type: z.string(), resolution_type: z.string(), count, escalated: count })),
  escalation: z.object({ decided_by_system: count, escalated: count, rate: ratio, open: count }),
  prompt_cache: z.object({
    hit_rate: ratio,
    cache_read_tokens: count,
    cache_write_tokens: count,
    uncached_input_tokens: count,
  }),
  operations: z.object({
    breakers: z.array(z.object({ name: z.string(), state: z.enum(["closed", "open", "half-open"]), failures: count })),
    queues: z.array(z.object({ name: z.string(), pending: count })),
    admission: z.object({ in_flight: count, waiting: count, refused_429: count }),
  }),
  cost_of_running: CostOfRunning,
});
export type Metrics = z.infer<typeof Metrics>;
