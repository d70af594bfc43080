import { z } from "zod";
import { roundUsd } from "../money";
import { CLOUDFLARE_PRICES, priceUsage, type TierTokens } from "./prices";
import { emptyUsage, USAGE_KEYS, type Usage } from "./usage";

const count = z.number().nonnegative();
const perKey = z.object(Object.fromEntries(USAGE_KEYS.map((k) => [k, count])) as Record<keyof Usage, typeof count>);

/** `GET /v1/metrics` `cost_of_running` (DESIGN §15): the usage the system counted per order, priced. */
export const CostOfRunning = z
  .object({
    basis: z.literal("modeled"),
    orders: count.describe("orders received in the window"),
    per_order: perKey.describe("means per order of what the orders' requests, queue messages and objects counted"),
    usd_per_1000_orders: z.object({
      infrastructure: count,
      model: count,
      by_item: perKey,
    }),
    reads: z
      .object({ count, usd_per_1000_reads: count })
      .describe("order views, listings and status questions: not part of an order's cost"),
    prices: z.object({ as_of: z.string(), sources: z.array(z.string()) }),
  })
  .describe("usage counted as the system runs, priced at Cloudflare's and Anthropic's list prices");
export type CostOfRunning = z.infer<typeof CostOfRunning>;

/** What the window's order work took, summed: metered counts from spans, model tokens from the ledger. */
export interface ScopeTotals {
  /** Units of work seen (for reads: requests). */
  units: number;
  usage: Usage;
  tiers: TierTokens[];
}

export const NO_TOTALS: ScopeTotals = { units: 0, usage: emptyUsage(), tiers: [] };

/** Adds the ledger's tokens to the metered usage, so `per_order` carries every key. */
function withModelTokens(totals: ScopeTotals): Usage {
  const usage = { ...totals.usage };
  for (const t of totals.tiers) {
    usage.model_input_tokens += t.input_tokens;
    usage.model_output_tokens += t.output_tokens;
    usage.model_cache_read_tokens += t.cache_read_tokens;
    usage.model_cache_write_tokens += t.cache_write_tokens;
  }
  return usage;
}

const scaled = (usage: Usage, factor: number): Usage =>
  Object.fromEntries(USAGE_KEYS.map((k) => [k, usage[k] * factor])) as Usage;
const rounded = (usage: Usage, digits: number): Usage =>
  Object.fromEntries(USAGE_KEYS.map((k) => [k, Number(usage[k].toFixed(digits))])) as Usage;

/** The figure: means per order and dollars per 1,000 orders (zeros when no order was received). */
export function costOfRunning(orders: number, work: ScopeTotals, reads: ScopeTotals): CostOfRunning {
  const perOrder = orders === 0 ? emptyUsage() : scaled(withModelTokens(work), 1 / orders);
  const per1000 = orders === 0 ? 0 : 1000 / orders;
  const tiersPer1000 = work.tiers.map((t) => ({
    tier: t.tier,
    input_tokens: t.input_tokens * per1000,
    output_tokens: t.output_tokens * per1000,
    cache_read_tokens: t.cache_read_tokens * per1000,
    cache_write_tokens: t.cache_write_tokens * per1000,
  }));
  const priced = priceUsage(scaled(perOrder, 1000), tiersPer1000);
  const readPriced = priceUsage(scaled(reads.usage, 1000 / Math.max(reads.units, 1)), []);
  return {
    basis: "modeled",
    orders,
    per_order: rounded(perOrder, 3),
    usd_per_1000_orders: {
      infrastructure: roundUsd(priced.infrastructure),
      model: roundUsd(priced.model),
      by_item: rounded(priced.by_item, 6),
    },
    reads: { count: reads.units, usd_per_1000_reads: reads.units === 0 ? 0 : roundUsd(readPriced.infrastructure) },
    prices: { as_of: CLOUDFLARE_PRICES.as_of, sources: [...CLOUDFLARE_PRICES.sources] },
  };
}
