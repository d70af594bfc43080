import { roundUsd } from "../money";
import type { Metrics } from "../schemas/metrics.schema";

/** A share of a whole; 0 when there is no whole, so an idle system never answers NaN. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/**
 * The nearest-rank percentile's 1-based rank among `count` sorted values: the smallest rank
 * with at least `p` percent of the values at or below it; 0 when there are none.
 */
export function nearestRank(count: number, p: number): number {
  if (count <= 0) return 0;
  return Math.min(count, Math.max(1, Math.ceil((p / 100) * count)));
}

export interface ModelRow {
  model: string;
  calls: number;
  cost_usd: number;
}

export interface CostRow {
  interactions: number;
  modeled_calls: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  uncached_input_tokens: number;
}

/** Cost per interaction and the model mix, most-called model first. */
export function costFigures(totals: CostRow, models: readonly ModelRow[]): Metrics["cost"] {
  const calls = models.reduce((n, m) => n + m.calls, 0);
  const total = roundUsd(models.reduce((n, m) => n + m.cost_usd, 0));
  return {
    interactions: totals.interactions,
    total_usd: total,
    per_interaction_usd: roundUsd(rate(total, totals.interactions)),
    // A single modeled call makes the total an estimate.
    basis: totals.modeled_calls > 0 || calls === 0 ? "modeled" : "billed",
    model_mix: [...models]
      .sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model))
      .map((m) => ({ model: m.model, calls: m.calls, share: rate(m.calls, calls), cost_usd: roundUsd(m.cost_usd) })),
  };
}

/** Hit rate over every input token: read from cache / (read + written to cache + uncached). */
export function promptCacheFigures(totals: CostRow): Metrics["prompt_cache"] {
  const { cache_read_tokens: read, cache_write_tokens: write, uncached_input_tokens: uncached } = totals;
  return {
    hit_rate: rate(read, read + write + uncached),
    cache_read_tokens: read,
    cache_write_tokens: write,
    uncached_input_tokens: uncached,
  };
}

export interface SlaCounts {
  orders: number;
  at_risk: number;
  breached: number;
}

/**
 * Orders with a due date, on time being neither at risk nor breached. With none due, compliance is
 * 0 like every other figure of an idle window (DESIGN §12); the console shows "no orders" then.
 */
export function slaFigures(c: SlaCounts): Metrics["sla"] {
  const onTime = c.orders - c.at_risk - c.breached;
  return { ...c, on_time: onTime, compliance: c.orders > 0 ? onTime / c.orders : 0 };
}

export const OPEN_RESOLUTION = "open";

/**
 * Decisions the system took alone against those it put to a person: resolved exceptions, plus the
 * escalations that belong to no exception (a split over $50,000 to approve, an e-mail held for a
 * person, an abandoned handoff), which are a person's decision by definition.
 */
export function escalationFigures(
  exceptions: Metrics["exceptions"],
  otherEscalations: number,
  open: number,
): Metrics["escalation"] {
  const resolved = exceptions.filter((e) => e.resolution_type !== OPEN_RESOLUTION);
  const escalatedExceptions = resolved.reduce((n, e) => n + e.escalated, 0);
  const decided = resolved.reduce((n, e) => n + e.count, 0) - escalatedExceptions;
  const escalated = escalatedExceptions + otherEscalations;
  return { decided_by_system: decided, escalated, rate: rate(escalated, decided + escalated), open };
}
