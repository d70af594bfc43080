import type { ModelTier } from "../models/router";
import { NO_TOTALS, type ScopeTotals } from "../usage/cost-of-running";
import { emptyUsage, METERED_KEYS, type UsageScope } from "../usage/usage";

/**
 * The ledger's model tokens of a window (`?6`..`?7`, as the metrics' statement binds its bounds): a status question's
 * model calls are a read's; other calls for an order are its work.
 */
export const MODEL_TOKENS = `SELECT CASE WHEN task = 'status_query' THEN 'read' WHEN po_number IS NOT NULL THEN 'order' ELSE 'other' END
  AS scope, tier, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
  SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens
  FROM cost_ledger WHERE created_at >= ?6 AND created_at <= ?7 GROUP BY scope, tier`;

export type MeteredRow = { scope: UsageScope; units: number } & Record<(typeof METERED_KEYS)[number], number>;
export type TierRow = {
  scope: UsageScope;
  tier: ModelTier;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
};

/** What the window's units of work counted, per scope (order work and reads): the rollups' rows and the ledger's. */
export function usageTotals(
  meteredRows: readonly MeteredRow[],
  tierRows: readonly TierRow[],
): { order: ScopeTotals; read: ScopeTotals } {
  const totalsOf = (scope: UsageScope): ScopeTotals => {
    const row = meteredRows.find((r) => r.scope === scope);
    const usage = emptyUsage();
    for (const k of METERED_KEYS) usage[k] = row?.[k] ?? 0;
    const own = tierRows.filter((t) => t.scope === scope).map(({ scope: _, ...t }) => t);
    return row || own.length ? { units: row?.units ?? 0, usage, tiers: own } : NO_TOTALS;
  };
  return { order: totalsOf("order"), read: totalsOf("read") };
}
