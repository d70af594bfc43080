import { nearestRank, type CostRow, type ModelRow, type SlaCounts } from "../metrics/figures";
import { INTAKE_TO_SETTLED } from "../metrics/tasks";
import type { HourCount, WindowBounds } from "../metrics/window";
import type { Metrics } from "../schemas/metrics.schema";
import type { ScopeTotals } from "../usage/cost-of-running";
import { WINDOW_DURATIONS, WINDOW_RANGES, windowRangeParams } from "./span-rollups";
import { usageStatements, usageTotals } from "./usage-repository";

/** What the metrics read from D1: one SQL aggregate per figure group, each over an index on its time. */
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

// Orders are counted in the window they were received in; `order_index.created_at` is that time.
const ORDERS_PER_HOUR = `SELECT substr(created_at, 1, 13) AS hour, channel, COUNT(*) AS received FROM order_index
  WHERE created_at >= ?1 AND created_at <= ?2 GROUP BY hour, channel`;
const COST_TOTALS = `SELECT COUNT(DISTINCT interaction_id) AS interactions,
  COALESCE(SUM(cost_basis = 'modeled'), 0) AS modeled_calls, COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens,
  COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens, COALESCE(SUM(input_tokens), 0) AS uncached_input_tokens
  FROM cost_ledger WHERE created_at >= ?1 AND created_at <= ?2`;
const MODEL_MIX = `SELECT model, COUNT(*) AS calls, SUM(cost_usd) AS cost_usd FROM cost_ledger
  WHERE created_at >= ?1 AND created_at <= ?2 GROUP BY model`;
// The durations a latency figure ranks, as `task, ms, n`: measured spans (their rollups and the window's edges), and
// orders from intake to settled. ?1..?5 are the window's ranges (`windowRangeParams`), ?6 and ?7 its bounds.
const DURATIONS = `${WINDOW_DURATIONS} UNION ALL SELECT '${INTAKE_TO_SETTLED}', settled_ms, 1 FROM order_index
  WHERE created_at >= ?6 AND created_at <= ?7 AND settled_ms IS NOT NULL`;
// Each task's p50 and p95 by nearest rank, ceil(p% of count) in integers: the duration whose running count first
// reaches the rank. One statement, one sort per task over its distinct durations.
const rankOf = (p: number) => `min(count, max(1, (${p} * count + 99) / 100))`;
const reaches = (p: number) => `(upto >= ${rankOf(p)} AND upto - n < ${rankOf(p)})`;
const LATENCY = `WITH ${WINDOW_RANGES}, d AS (${DURATIONS}), g AS (SELECT task, ms, SUM(n) AS n FROM d GROUP BY task, ms),
  c AS (SELECT task, ms, n, SUM(n) OVER (PARTITION BY task ORDER BY ms) AS upto, SUM(n) OVER (PARTITION BY task) AS count FROM g)
  SELECT task, count, ms, upto, n FROM c WHERE ${reaches(50)} OR ${reaches(95)}`;
// Breached: a notification went out late, or delivery came (or is still owed) after the contract date.
const SLA = `SELECT COUNT(*) AS orders, COALESCE(SUM(breached), 0) AS breached,
  COALESCE(SUM(NOT breached AND delivered_on IS NULL AND sla_risk = 1), 0) AS at_risk
  FROM (SELECT delivered_on, sla_risk, (late_notifications > 0 OR (delivered_on IS NOT NULL AND delivered_on > sla_due)
    OR (delivered_on IS NULL AND sla_due < substr(?2, 1, 10))) AS breached
  FROM order_index WHERE created_at >= ?1 AND created_at <= ?2 AND sla_due IS NOT NULL)`;
const EXCEPTIONS = `SELECT type, resolution_type, COUNT(*) AS count, SUM(escalated) AS escalated FROM exception_index
  WHERE received_at >= ?1 AND received_at <= ?2 GROUP BY type, resolution_type ORDER BY type, resolution_type`;
const OPEN_ESCALATIONS = `SELECT COUNT(*) AS open FROM escalations WHERE status = 'open'`;
// Escalations of no exception opened in the window (split approvals, held e-mails, abandoned handoffs).
const OTHER_ESCALATIONS = `SELECT COUNT(*) AS other FROM escalations
  WHERE exception_id IS NULL AND created_at >= ?1 AND created_at <= ?2`;
// Handoffs issued and not yet done; the condition is the stalled-handoff sweep's partial index.
const PENDING_HANDOFFS = `SELECT COALESCE(SUM(pending_handoffs - awaiting_admission - abandoned_handoffs), 0) AS pending
  FROM order_index WHERE pending_handoffs - awaiting_admission > abandoned_handoffs`;

/** Reads the stored figures for a window in one round trip: a batch of one aggregate per figure group. */
export async function readStoredMetrics(db: D1Database, w: WindowBounds): Promise<StoredMetrics> {
  const inWindow = (sql: string) => db.prepare(sql).bind(w.from, w.to);
  const [hours, totals, models, ranks, sla, exceptions, other, open, pending, metered, tiers] = await db.batch([
    inWindow(ORDERS_PER_HOUR),
    inWindow(COST_TOTALS),
    inWindow(MODEL_MIX),
    db.prepare(LATENCY).bind(...windowRangeParams(w), w.from, w.to),
    inWindow(SLA),
    inWindow(EXCEPTIONS),
    inWindow(OTHER_ESCALATIONS),
    db.prepare(OPEN_ESCALATIONS),
    db.prepare(PENDING_HANDOFFS),
    ...usageStatements(db, w),
  ]);
  return {
    hours: rows<HourCount>(hours),
    cost: rows<CostRow>(totals)[0]!,
    models: rows<ModelRow>(models),
    latency: percentiles(rows<RankRow>(ranks)),
    sla: rows<SlaCounts>(sla)[0]!,
    exceptions: rows<Metrics["exceptions"][number]>(exceptions),
    otherEscalations: rows<{ other: number }>(other)[0]!.other,
    openEscalations: rows<{ open: number }>(open)[0]!.open,
    pendingHandoffs: rows<{ pending: number }>(pending)[0]!.pending,
    usage: usageTotals(metered, tiers),
  };
}

const rows = <T>(result: D1Result<unknown> | undefined): T[] => (result?.results ?? []) as T[];

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
