/**
 * bench/results.json (DESIGN §15), as zod schemas: the bench parses what it writes, and anyone
 * reading the file (the README's table, another helper's before/after) can parse it the same way.
 * A section a `--only` run skipped is null.
 */
import { z } from "zod";
import { USAGE_KEYS } from "../src/shared/usage/usage";

const ms = z.number().nonnegative().nullable();
const count = z.number().int().nonnegative();

export const LatencyStat = z.object({ samples: count, p50_ms: ms, p95_ms: ms, p99_ms: ms });

/** The floor's same-run figures and this figure's ratio to them (system / floor). */
export const FloorComparison = z.object({
  floor: z.object({ p50_ms: ms, p99_ms: ms, rps: z.number().nonnegative().nullable() }),
  ratio: z.object({ p50: z.number().nullable(), p99: z.number().nullable(), rps: z.number().nullable() }),
});

export const ReadPath = z
  .object({
    name: z.string(),
    method: z.enum(["GET", "POST"]),
    path: z.string(),
    auth: z.string(),
    one_connection: z.object({ p50_ms: ms, p99_ms: ms, requests: count, errors: count, non_2xx: count }),
    fifty_connections: z.object({ rps: z.number().nonnegative(), requests: count, errors: count, non_2xx: count }),
    /** Each floor-then-system round at one connection; `one_connection`, the floor's p50/p99 and the p50/p99 ratios are its median round's. */
    latency_rounds: z.array(z.object({ p50_ms: ms, floor_p50_ms: ms, ratio: z.number().nullable() })),
    /** Each floor-then-system round at fifty connections; `fifty_connections` and the ratio are its median round's. */
    throughput_rounds: z.array(
      z.object({ rps: z.number().nonnegative(), floor_rps: z.number().nonnegative(), ratio: z.number().nullable() }),
    ),
  })
  .extend(FloorComparison.shape);

export const Pipeline = z.object({
  /** POs sent a second, steadily, whatever the system answered. */
  offered_per_s: z.number().positive(),
  submitted: count,
  settled: count,
  unsettled: count,
  refused_429: count,
  other_refusals: count,
  /** AdmissionControl's in-flight limit, and the most POs sent and not yet settled at one instant. */
  admission_limit: count,
  in_flight_max: count,
  submitting_s: z.number().nonnegative(),
  /** Seconds at the start left out of the rate and the percentiles. */
  warmup_s: z.number().nonnegative(),
  pos_per_minute: z.number().nonnegative(),
  /** The system's CPU time (every process of its wrangler) from the first send to the last PO settled, per PO settled. */
  cpu_ms_per_po: z.number().nonnegative().nullable(),
  intake_to_settled: LatencyStat,
  timing: z.string(),
});

export const WebSocketFanOut = z
  .object({
    subscribers: count,
    events: count,
    receipts: count,
    missing: count,
    auth: z.string(),
    /** From sending the webhook that causes the event to each subscriber's receipt. */
    event_to_receipt: LatencyStat,
    /** From the event's stored `at` (the OrderObject's clock, whole milliseconds) to receipt. */
    event_stored_to_receipt: LatencyStat,
  })
  .extend(FloorComparison.shape);

export const Overload = z.object({
  sent: count,
  accepted: count,
  refused_429: count,
  with_retry_after: count,
  without_retry_after: count,
  server_5xx: count,
  other: z.record(z.string(), count),
  settled: count,
  lost: count,
  lost_examples: z.array(z.string()),
});

export const ModelCost = z.object({
  source: z.string(),
  cases: count,
  accuracy: z.number().min(0).max(1),
  gate_passed: z.boolean(),
  orders: count,
  per_interaction_usd: z.number().nonnegative(),
  total_usd: z.number().nonnegative(),
  basis: z.record(z.string(), z.number()),
  model_mix: z.object({
    calls: count,
    by_model: z.record(z.string(), z.object({ calls: count, share: z.number() })),
  }),
  duration_s: z.number().nonnegative(),
});

const usage = z.object(
  Object.fromEntries(USAGE_KEYS.map((k) => [k, z.number()])) as Record<(typeof USAGE_KEYS)[number], z.ZodNumber>,
);

/** `cost_of_running` of `GET /v1/metrics`, the contract of the "cost" work (issue 15 item 2). */
export const CostOfRunning = z.object({
  basis: z.literal("modeled"),
  orders: z.number().int().nonnegative(),
  per_order: usage,
  usd_per_1000_orders: z.object({ infrastructure: z.number(), model: z.number(), by_item: usage.partial() }),
  prices: z.object({ as_of: z.string(), sources: z.array(z.string()) }),
});

export const RunningCost = z.object({
  available: z.boolean(),
  /** Why not, when it is not: the field is absent, or does not have the contract's shape. */
  note: z.string().nullable(),
  window: z.string(),
  cost_of_running: CostOfRunning.nullable(),
});

export const Catalog = z.object({
  parts: count.nullable(),
  search: z.object({ queries: count, latency: LatencyStat, non_2xx: count }).extend(FloorComparison.shape),
  import: z.object({
    rows: count,
    csv_bytes: count,
    status: z.number().int(),
    ms: z.number().nonnegative(),
    counts: z.record(z.string(), z.number()).nullable(),
  }),
});

export const TargetResult = z.object({
  id: z.string(),
  figure: z.string(),
  comparison: z.enum(["at_least", "at_most"]),
  limit: z.number(),
  unit: z.string(),
  actual: z.number().nullable(),
  passed: z.boolean().nullable(),
});
export type TargetResult = z.infer<typeof TargetResult>;

export const Machine = z.object({
  cores: count,
  cpu_model: z.string(),
  platform: z.string(),
  node: z.string(),
  wrangler: z.string(),
  git_commit: z.string(),
  git_dirty: z.boolean(),
});

export const BenchResults = z.object({
  generated_at: z.iso.datetime(),
  duration_s: z.number().nonnegative(),
  options: z.object({ only: z.array(z.string()), quick: z.boolean() }),
  machine: Machine,
  reads: z.array(ReadPath).nullable(),
  pipeline: Pipeline.nullable(),
  websocket: WebSocketFanOut.nullable(),
  overload: Overload.nullable(),
  model_cost: ModelCost.nullable(),
  running_cost: RunningCost.nullable(),
  catalog: Catalog.nullable(),
  targets: z.array(TargetResult),
  summary: z.object({ passed: count, failed: count, not_measured: count }),
  /** Sections that failed to run (their figures are null). */
  errors: z.array(z.object({ section: z.string(), message: z.string() })),
});
export type BenchResults = z.infer<typeof BenchResults>;
