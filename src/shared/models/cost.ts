/** What a model call costs, in USD, from its token usage and the tier's prices (DESIGN §7). */
import { MODEL_SPECS, type ModelTier } from "./router";

/**
 * Token counts as the Messages API reports them. `input_tokens` excludes the cached prefix:
 * the three input counts add up to the whole prompt.
 */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  /** Prefix tokens written to the cache by this call (billed at 1.25x input for the 5-minute TTL). */
  cache_creation_input_tokens: number;
  /** Prefix tokens read from the cache by this call (billed at 0.1x input). */
  cache_read_input_tokens: number;
}

/** No tokens; the identity for {@link addUsage}. */
export const ZERO_USAGE: Readonly<TokenUsage> = Object.freeze({
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
});

/** Sums two usages field by field. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cache_creation_input_tokens: a.cache_creation_input_tokens + b.cache_creation_input_tokens,
    cache_read_input_tokens: a.cache_read_input_tokens + b.cache_read_input_tokens,
  };
}

/**
 * USD cost of a call: uncached input x price + cache writes x price x 1.25 + cache reads x
 * price x 0.1 + output x output price, per million tokens. Not rounded: the ledger sums
 * thousands of sub-cent figures, so rounding belongs to display ({@link roundUsd}).
 */
export function costOf(usage: TokenUsage, tier: ModelTier): number {
  const { input_per_mtok: input, output_per_mtok: output } = MODEL_SPECS[tier];
  for (const [field, n] of Object.entries(usage)) {
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`${field} must be a non-negative number, got ${n}`);
  }
  // x5/4 and /10 instead of x1.25 and x0.1: 0.1 has no exact binary form, and summing
  // micro-dollars before the one division keeps hand-computed figures exact.
  const microUsd =
    usage.input_tokens * input +
    (usage.cache_creation_input_tokens * input * 5) / 4 +
    (usage.cache_read_input_tokens * input) / 10 +
    usage.output_tokens * output;
  return microUsd / 1_000_000;
}

export { roundUsd } from "../money";
