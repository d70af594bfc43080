/**
 * Prompt caching (DESIGN §7): where a request's `cache_control` markers go, and the stable
 * system prefix worth caching. Both providers plan from here, so the offline provider reports
 * the cache reads and writes the real API would.
 */
import type { ModelRequest, SystemBlock, ToolDefinition } from "./provider";
import { countToolTokens, estimateTokens } from "./tokens";

/** The marker the Messages API reads as "cache everything up to here" (5-minute TTL). */
export interface CacheControl {
  type: "ephemeral";
}

/** A cache breakpoint: the exact prefix it covers (model included) and its estimated size. */
export interface CacheBreakpoint {
  prefix: string;
  tokens: number;
}

/** The request's prefix with `cache_control` placed, ready for either provider. */
export interface PromptCachePlan {
  system: Array<{ type: "text"; text: string; cache_control?: CacheControl }>;
  tools: Array<ToolDefinition & { cache_control?: CacheControl }>;
  /** In prompt order (tools, then system); the last one covers the whole cached prefix. */
  breakpoints: CacheBreakpoint[];
  /** Tokens up to the last breakpoint; 0 when nothing is cached. */
  prefix_tokens: number;
}

const EPHEMERAL: CacheControl = { type: "ephemeral" };

/** The Messages API refuses a request with more `cache_control` markers than this. */
const MAX_BREAKPOINTS = 4;

/**
 * Places `cache_control` on the last tool and on every system block marked `cache: true`.
 * The API caches in the order tools, system, messages, and a breakpoint covers everything
 * before it, so a system block marked uncached that precedes a cached one is part of the
 * prefix too. A breakpoint per cached block lets a shared block (the handbook) be read from
 * the cache while only the block after it (one customer's digest) is written, rather than
 * writing the whole prefix again for every customer. Each breakpoint is marked only when the
 * prefix it closes reaches the route's `min_cacheable_tokens`: below that the API silently
 * caches nothing, and a marker there would only make the request claim a cache it does not
 * get. Past the API's four markers, the shortest prefixes go unmarked.
 */
export function planPromptCache(request: Pick<ModelRequest, "route" | "system" | "tools">): PromptCachePlan {
  const min = request.route.min_cacheable_tokens;
  const tools: PromptCachePlan["tools"] = (request.tools ?? []).map((t) => ({ ...t }));
  const system: PromptCachePlan["system"] = request.system.map((b) => ({ type: "text", text: b.text }));
  const marks: Array<{ mark: () => void; breakpoint: CacheBreakpoint }> = [];

  // The cache is per model, so the model id is part of every key.
  let prefix = `${request.route.model}\n${JSON.stringify(request.tools ?? [])}`;
  let tokens = (request.tools ?? []).reduce((n, t) => n + countToolTokens(t), 0);
  const lastTool = tools.at(-1);
  if (lastTool && tokens >= min) {
    marks.push({
      mark: () => {
        lastTool.cache_control = EPHEMERAL;
      },
      breakpoint: { prefix, tokens },
    });
  }

  for (const [i, block] of request.system.entries()) {
    prefix += `\n\u0000${block.text}`;
    tokens += estimateTokens(block.text);
    const target = system[i]!;
    if (block.cache && tokens >= min) {
      marks.push({
        mark: () => {
          target.cache_control = EPHEMERAL;
        },
        breakpoint: { prefix, tokens },
      });
    }
  }
  const kept = marks.slice(-MAX_BREAKPOINTS);
  for (const k of kept) k.mark();
  const breakpoints = kept.map((k) => k.breakpoint);
  return { system, tools, breakpoints, prefix_tokens: breakpoints.at(-1)?.tokens ?? 0 };
}

/**
 * Assembles a stable system-prompt prefix from reference parts (instructions, catalog digest,
 * contract digest, tool documentation), in the order given, blank parts dropped. It is marked
 * `cache: true` only when it reaches `minTokens` on its own; content is never padded with
 * filler to get there, because paying 1.25x to cache padding costs more than it saves.
 * Parts must be byte-stable between calls (no timestamps, ids or per-order data): any change
 * is a new prefix and a new cache write.
 */
export function buildStablePrefix(parts: string[], minTokens: number): SystemBlock & { tokens: number } {
  const text = parts
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .join("\n\n");
  const tokens = estimateTokens(text);
  return { text, cache: tokens >= minTokens, tokens };
}
