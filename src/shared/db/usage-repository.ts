import type { WindowBounds } from "../metrics/window";
import type { ModelTier } from "../models/router";
import { NO_TOTALS, type ScopeTotals } from "../usage/cost-of-running";
import { emptyUsage, METERED_KEYS, type UsageScope } from "../usage/usage";
import { WINDOW_USAGE, windowRangeParams } from "./span-rollups";

// A status question's model calls are a read's; other calls for an order are its work.
const MODEL_TOKENS = `SELECT CASE WHEN task = 'status_query' THEN 'read' WHEN po_number IS NOT NULL THEN 'order' ELSE 'other' END
  AS scope, tier, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
  SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens
  FROM cost_ledger WHERE created_at >= ?1 AND created_at <= ?2 GROUP BY scope, tier`;

type MeteredRow = { scope: UsageScope; units: number } & Record<(typeof METERED_KEYS)[number], number>;
type TierRow = {
  scope: UsageScope;
  tier: ModelTier;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
};

/** The window's usage reads, for the metrics' batch: what the units counted (rollups), and the ledger's model tokens. */
export function usageStatements(db: D1Database, w: WindowBounds): D1PreparedStatement[] {
  return [db.prepare(WINDOW_USAGE).bind(...windowRangeParams(w)), db.prepare(MODEL_TOKENS).bind(w.from, w.to)];
}

/** What the window's units of work counted, per scope (order work and reads), from `usageStatements`' results. */
export function usageTotals(
  metered: D1Result<unknown> | undefined,
  tiers: D1Result<unknown> | undefined,
): { order: ScopeTotals; read: ScopeTotals } {
  const meteredRows = (metered?.results ?? []) as MeteredRow[];
  const tierRows = (tiers?.results ?? []) as TierRow[];
  const totalsOf = (scope: UsageScope): ScopeTotals => {
    const row = meteredRows.find((r) => r.scope === scope);
    const usage = emptyUsage();
    for (const k of METERED_KEYS) usage[k] = row?.[k] ?? 0;
    const own = tierRows.filter((t) => t.scope === scope).map(({ scope: _, ...t }) => t);
    return row || own.length ? { units: row?.units ?? 0, usage, tiers: own } : NO_TOTALS;
  };
  return { order: totalsOf("order"), read: totalsOf("read") };
}
