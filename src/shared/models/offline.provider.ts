/**
 * The provider used without an ANTHROPIC_API_KEY (DESIGN §2): the same routed calls, answered
 * by deterministic per-task rules, costed from our token estimates (cost basis `modeled`),
 * with the API's prompt cache simulated so cache hit rates and savings show up offline too.
 */
import { sha256Hex } from "../hashing";
import { costOf, type TokenUsage } from "./cost";
import { planPromptCache } from "./prompt-cache";
import type { ContentBlock, ModelProvider, ModelRequest, ModelResponse } from "./provider";
import type { ModelTask } from "./router";
import { countMessageTokens, countRequestTokens } from "./tokens";

/** Produces a deterministic, schema-valid answer for one task from the request alone. */
export type OfflineAnswerer = (request: ModelRequest) => ContentBlock[];

/**
 * Where simulated cache entries live: prefix hash to expiry (epoch ms). In memory by default;
 * a Durable Object or D1 can back it so that the simulation spans isolates.
 */
export interface PrefixCache {
  get(key: string): Promise<number | null>;
  set(key: string, expiresAt: number): Promise<void>;
}

/** The API's default cache lifetime; each hit starts it again. */
export const PROMPT_CACHE_TTL_MS = 5 * 60_000;

/** A {@link PrefixCache} in a Map, for one isolate. */
export function createInMemoryPrefixCache(): PrefixCache {
  const entries = new Map<string, number>();
  return {
    get: async (key) => entries.get(key) ?? null,
    set: async (key, expiresAt) => {
      entries.set(key, expiresAt);
    },
  };
}

/** The answer for a task nobody wrote rules for: one text block naming the task. */
export const defaultOfflineAnswerer: OfflineAnswerer = (request) => [
  { type: "text", text: `Answered offline (no ANTHROPIC_API_KEY): task ${request.task}.` },
];

/** Options of {@link createOfflineProvider}. */
export interface OfflineProviderOptions {
  cache?: PrefixCache;
  now?: () => number;
}

/**
 * Creates the offline provider. Usage mirrors the API: `input_tokens` is the uncached part of
 * the request; the cached prefix (as {@link planPromptCache} marks it) is reported as a cache
 * write the first time a prefix is seen, and as a cache read when it is seen again within
 * five minutes of its last use. Output tokens are estimated from the answer produced.
 */
export function createOfflineProvider(
  answerers: Partial<Record<ModelTask, OfflineAnswerer>>,
  options: OfflineProviderOptions = {},
): ModelProvider {
  const cache = options.cache ?? createInMemoryPrefixCache();
  const now = options.now ?? Date.now;

  async function complete(request: ModelRequest): Promise<ModelResponse> {
    const started = now();
    const plan = planPromptCache(request);
    const keys = await Promise.all(plan.breakpoints.map((b) => sha256Hex(b.prefix)));

    // Like the API, the longest still-cached breakpoint wins; the rest of the prefix is written.
    let readTokens = 0;
    for (let i = plan.breakpoints.length - 1; i >= 0; i--) {
      const expiresAt = await cache.get(keys[i]!);
      if (expiresAt !== null && expiresAt > started) {
        readTokens = plan.breakpoints[i]!.tokens;
        break;
      }
    }
    await Promise.all(keys.map((key) => cache.set(key, started + PROMPT_CACHE_TTL_MS)));

    const content = (answerers[request.task] ?? defaultOfflineAnswerer)(request);
    const usage: TokenUsage = {
      input_tokens: countRequestTokens(request) - plan.prefix_tokens,
      output_tokens: countMessageTokens({ role: "assistant", content }),
      cache_creation_input_tokens: plan.prefix_tokens - readTokens,
      cache_read_input_tokens: readTokens,
    };
    return {
      model: request.route.model,
      content,
      stop_reason: content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn",
      usage,
      cost_usd: costOf(usage, request.route.tier),
      cost_basis: "modeled",
      latency_ms: now() - started,
      attempts: 1,
    };
  }

  return { name: "offline", complete };
}
