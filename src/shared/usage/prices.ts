import { costOf } from "../models/cost";
import type { ModelTier } from "../models/router";
import { METERED_KEYS, type MeteredKey, MODEL_KEYS, type Usage, type UsageKey } from "./usage";

/**
 * Cloudflare's list prices (Workers Paid, above the monthly inclusions), USD per unit counted.
 * Model tokens are priced by the model table (`models.json`, through `costOf`): one table for models.
 * Not counted: Workers CPU time ($0.02 per million CPU ms), Durable Object duration ($12.50 per
 * million GB-s while an object is awake and cannot hibernate) and storage at rest.
 */
export const CLOUDFLARE_PRICES = {
  as_of: "2026-12-01",
  sources: [
    "https://developers.cloudflare.com/workers/platform/pricing/",
    "https://developers.cloudflare.com/durable-objects/platform/pricing/",
    "https://developers.cloudflare.com/d1/platform/pricing/",
    "https://developers.cloudflare.com/queues/platform/pricing/",
    "https://developers.cloudflare.com/vectorize/platform/pricing/",
    "https://developers.cloudflare.com/workers-ai/platform/pricing/",
    "https://www.anthropic.com/pricing",
  ],
  usd: {
    // $0.30 per million requests (a queue consumer's invocation is one, shared by its batch's messages).
    worker_requests: 0.3 / 1e6,
    // $0.15 per million: each RPC method call, fetch or alarm is one.
    do_requests: 0.15 / 1e6,
    d1_rows_read: 0.001 / 1e6,
    d1_rows_written: 1 / 1e6,
    // SQLite-backed Durable Objects: the same as D1.
    do_rows_read: 0.001 / 1e6,
    do_rows_written: 1 / 1e6,
    // $0.40 per million operations; a message (up to 64 KB) is written, read and deleted.
    queue_operations: 0.4 / 1e6,
    // $0.01 per million queried vector dimensions; a query of the 768-dimension bge-base index queries 768.
    vector_queries: (768 * 0.01) / 1e6,
    // @cf/baai/bge-base-en-v1.5: 6,058 neurons per million input tokens at $0.011 per 1,000 neurons = $0.067.
    embedding_tokens: 0.067 / 1e6,
  } satisfies Record<MeteredKey, number>,
} as const;

/** Model tokens of one tier, the cost ledger's sums. */
export interface TierTokens {
  tier: ModelTier;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}

export interface PricedUsage {
  infrastructure: number;
  model: number;
  by_item: Usage;
}

/** USD of `usage`: each metered count at Cloudflare's price, model tokens at their tier's (`tiers` carry them). */
export function priceUsage(usage: Usage, tiers: readonly TierTokens[]): PricedUsage {
  const byItem = {} as Usage;
  for (const k of METERED_KEYS) byItem[k] = usage[k] * CLOUDFLARE_PRICES.usd[k];
  const model = (key: UsageKey, tokens: (t: TierTokens) => Parameters<typeof costOf>[0]) =>
    (byItem[key] = tiers.reduce((sum, t) => sum + costOf(tokens(t), t.tier), 0));
  const none = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  model("model_input_tokens", (t) => ({ ...none, input_tokens: t.input_tokens }));
  model("model_output_tokens", (t) => ({ ...none, output_tokens: t.output_tokens }));
  model("model_cache_read_tokens", (t) => ({ ...none, cache_read_input_tokens: t.cache_read_tokens }));
  model("model_cache_write_tokens", (t) => ({ ...none, cache_creation_input_tokens: t.cache_write_tokens }));
  const sum = (keys: readonly UsageKey[]) => keys.reduce((n, k) => n + byItem[k], 0);
  return { infrastructure: sum(METERED_KEYS), model: sum(MODEL_KEYS), by_item: byItem };
}
