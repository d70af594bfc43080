import { nearestRank, type CostRow, type ModelRow, type SlaCounts } from "../metrics/figures";
import { INTAKE_TO_SETTLED } from "../metrics/tasks";
import type { HourCount, WindowBounds } from "../metrics/window";
import type { Metrics } from "../schemas/metrics.schema";
import type { ScopeTotals } from "../usage/cost-of-running";
import { METERED_KEYS } from "../usage/usage";
import { WINDOW_DURATIONS, WINDOW_RANGES, WINDOW_USAGE, WINDOW_USAGE_PARTS, windowRangeParams } from "./span-rollups";
import { type MeteredRow, MODEL_TOKENS, type TierRow, usageTotals } from "./usage-repository";

/** What the metrics read from D1: one SQL aggregate per figure group, each over an index on its time, in one statement. */
export interface StoredMetrics {
  hours: HourCount[];
  cost: CostRow;
  models: ModelRow[];
  latency: { task: string; count: number; p50_ms: number; p95_ms: number }[];
  sla: SlaCounts;
  exceptions: Metrics["exceptions"];
  /** Escalations of no exception opened in the window: each a decision put to a person. */
  otherEscalations: number;
  openEscalations: number;
  pendingHandoffs: number;
  /** What the window's order work and reads counted (DESIGN §15). */
  usage: { order: ScopeTotals; read: ScopeTotals };
}

// Every statement below is one part of a single statement: `?1`..`?5` are the window's ranges (`windowRangeParams`), `?6`
// and `?7` its bounds (ISO instants).
const FROM = "?6";
const TO = "?7";
// Orders are counted in the window they were received in; `order_index.created_at` is that time.
const ORDERS_PER_HOUR = `SELECT substr(created_at, 1, 13) AS hour, channel, COUNT(*) AS received FROM order_index
  WHERE created_at >= ${FROM} AND created_at <= ${TO} GROUP BY hour, channel`;
const COST_TOTALS = `SELECT COUNT(DISTINCT interaction_id) AS interactions,
  COALESCE(SUM(cost_basis = 'modeled'), 0) AS modeled_calls, COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens,
  COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens, COALESCE(SUM(input_tokens), 0) AS uncached_input_tokens
  FROM cost_ledger WHERE created_at >= ${FROM} AND created_at <= ${TO}`;
const MODEL_MIX = `SELECT model, COUNT(*) AS calls, SUM(cost_usd) AS cost_usd FROM cost_ledger
  WHERE created_at >= ${FROM} AND created_at <= ${TO} GROUP BY model`;
// The durations a latency figure ranks, as `task, ms, n`: measured spans (their rollups and the window's edges), and
// orders from intake to settled.
const DURATIONS = `${WINDOW_DURATIONS} UNION ALL SELECT '${INTAKE_TO_SETTLED}', settled_ms, 1 FROM order_index
  WHERE created_at >= ${FROM} AND created_at <= ${TO} AND settled_ms IS NOT NULL`;
// Each task's p50 and p95 by nearest rank, ceil(p% of count) in integers: the duration whose running count first
// reaches the rank. One sort per task over its distinct durations.
const rankOf = (p: number) => `min(count, max(1, (${p} * count + 99) / 100))`;
const reaches = (p: number) => `(upto >= ${rankOf(p)} AND upto - n < ${rankOf(p)})`;
const LATENCY_CTES = `d AS (${DURATIONS}), g AS (SELECT task, ms, SUM(n) AS n FROM d GROUP BY task, ms),
  c AS (SELECT task, ms, n, SUM(n) OVER (PARTITION BY task ORDER BY ms) AS upto, SUM(n) OVER (PARTITION BY task) AS count FROM g)`;
const LATENCY = `SELECT task, count, ms, upto, n FROM c WHERE ${reaches(50)} OR ${reaches(95)}`;
// Breached: a notification went out late, or delivery came (or is still owed) after the contract date.
const SLA = `SELECT COUNT(*) AS orders, COALESCE(SUM(breached), 0) AS breached,
  COALESCE(SUM(NOT breached AND delivered_on IS NULL AND sla_risk = 1), 0) AS at_risk
  FROM (SELECT delivered_on, sla_risk, (late_notifications > 0 OR (delivered_on IS NOT NULL AND delivered_on > sla_due)
    OR (delivered_on IS NULL AND sla_due < substr(${TO}, 1, 10))) AS breached
  FROM order_index WHERE created_at >= ${FROM} AND created_at <= ${TO} AND sla_due IS NOT NULL)`;
const EXCEPTIONS = `SELECT type, resolution_type, COUNT(*) AS count, SUM(escalated) AS escalated FROM exception_index
  WHERE received_at >= ${FROM} AND received_at <= ${TO} GROUP BY type, resolution_type`;
const OPEN_ESCALATIONS = `SELECT COUNT(*) FROM escalations WHERE status = 'open'`;
// Escalations of no exception opened in the window (split approvals, held e-mails, abandoned handoffs).
const OTHER_ESCALATIONS = `SELECT COUNT(*) FROM escalations
  WHERE exception_id IS NULL AND created_at >= ${FROM} AND created_at <= ${TO}`;
// Handoffs issued and not yet done; the condition is the stalled-handoff sweep's partial index.
const PENDING_HANDOFFS = `SELECT COALESCE(SUM(pending_handoffs - awaiting_admission - abandoned_handoffs), 0)
  FROM order_index WHERE pending_handoffs - awaiting_admission > abandoned_handoffs`;

/** `query`'s rows as one JSON array of objects with `columns` (ordered by `orderBy` if given). */
const jsonRows = (query: string, columns: readonly string[], orderBy = "") =>
  `(SELECT json_group_array(json_object(${columns.map((k) => `'${k}', ${k}`).join(", ")})${orderBy}) FROM (${query}))`;

/**
 * Every figure group of a window in one statement, one row: a column per group, a JSON array of its rows where it
 * has several, a plain number where it is one. A D1 statement costs far more in the binding and the database's
 * round trip than these aggregates do, so the read pays that once instead of once per group.
 */
const METRICS = `WITH ${WINDOW_RANGES}, ${WINDOW_USAGE_PARTS}, ${LATENCY_CTES} SELECT
  ${jsonRows(ORDERS_PER_HOUR, ["hour", "channel", "received"])} AS hours,
  ${jsonRows(COST_TOTALS, ["interactions", "modeled_calls", "cache_read_tokens", "cache_write_tokens", "uncached_input_tokens"])} AS cost,
  ${jsonRows(MODEL_MIX, ["model", "calls", "cost_usd"])} AS models,
  ${jsonRows(LATENCY, ["task", "count", "ms", "upto", "n"])} AS ranks,
  ${jsonRows(SLA, ["orders", "breached", "at_risk"])} AS sla,
  ${jsonRows(EXCEPTIONS, ["type", "resolution_type", "count", "escalated"], " ORDER BY type, resolution_type")} AS exceptions,
  (${OTHER_ESCALATIONS}) AS other, (${OPEN_ESCALATIONS}) AS open, (${PENDING_HANDOFFS}) AS pending,
  ${jsonRows(WINDOW_USAGE, ["scope", "units", ...METERED_KEYS])} AS metered,
  ${jsonRows(MODEL_TOKENS, ["scope", "tier", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"])} AS tiers`;

/** The row `METRICS` answers: the JSON columns as D1 returns them, text. */
interface MetricsRow {
  hours: string;
  cost: string;
  models: string;
  ranks: string;
  sla: string;
  exceptions: string;
  other: number;
  open: number;
  pending: number;
  metered: string;
  tiers: string;
}

/** Reads the stored figures for a window in one round trip: one statement, an aggregate per figure group. */
export async function readStoredMetrics(db: D1Database, w: WindowBounds): Promise<StoredMetrics> {
  // `all`, not `first`: its meta carries the rows the statement read, which the read's usage counts (DESIGN §15).
  const { results } = await db
    .prepare(METRICS)
    .bind(...windowRangeParams(w), w.from, w.to)
    .all<MetricsRow>();
  const row = results[0];
  if (!row) throw new Error("the metrics statement answered no row");
  return {
    hours: JSON.parse(row.hours) as HourCount[],
    cost: (JSON.parse(row.cost) as CostRow[])[0]!,
    models: JSON.parse(row.models) as ModelRow[],
    latency: percentiles(JSON.parse(row.ranks) as RankRow[]),
    sla: (JSON.parse(row.sla) as SlaCounts[])[0]!,
    exceptions: JSON.parse(row.exceptions) as Metrics["exceptions"],
    otherEscalations: row.other,
    openEscalations: row.open,
    pendingHandoffs: row.pending,
    usage: usageTotals(JSON.parse(row.metered) as MeteredRow[], JSON.parse(row.tiers) as TierRow[]),
  };
}

/** A duration `LATENCY` kept: `n` of the task's `count` took `ms`, `upto` of them took `ms` or less. */
type RankRow = { task: string; count: number; ms: number; upto: number; n: number };

/** Each task's count and percentiles from the rows `LATENCY` kept: the durations holding the ranks `nearestRank` names. */
function percentiles(ranks: readonly RankRow[]): StoredMetrics["latency"] {
  const tasks = [...new Set(ranks.map((r) => r.task))].sort((a, b) => a.localeCompare(b));
  return tasks.map((task) => {
    const mine = ranks.filter((r) => r.task === task);
    const count = mine[0]!.count;
    const at = (p: number) => {
      const rank = nearestRank(count, p);
      return mine.find((r) => r.upto >= rank && r.upto - r.n < rank)?.ms ?? 0;
    };
    return { task, count, p50_ms: at(50), p95_ms: at(95) };
  });
}
