/** Claude over the Messages API, with our own retries (DESIGN §7); cost basis `billed`. */
import Anthropic, { APIConnectionError, APIError } from "@anthropic-ai/sdk";
import { costOf, type TokenUsage } from "./cost";
import { ModelCallError } from "./errors";
import { planPromptCache } from "./prompt-cache";
import type { ContentBlock, ModelProvider, ModelRequest, ModelResponse } from "./provider";

/** How to reach Claude; `fetch`, `sleep`, `random` and `now` are injectable for tests. */
export interface AnthropicProviderOptions {
  apiKey: string;
  /** A gateway such as Cloudflare AI Gateway, or a test server; the public API otherwise. */
  baseURL?: string;
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for backoff jitter. */
  random?: () => number;
  now?: () => number;
  /** Attempts per call, retries included. */
  maxAttempts?: number;
  /** First backoff ceiling; doubles per attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A `retry-after` longer than this ends the retries: waiting that long belongs to the breaker. */
  maxRetryAfterMs?: number;
  /** Per attempt. */
  timeoutMs?: number;
}

const DEFAULT_BASE_URL = "https://api.anthropic.com";

/**
 * Creates the Claude provider. The SDK's own retries are off (`maxRetries: 0`) so that every
 * attempt is counted and the backoff is ours: 429, 529, other 5xx and network errors are
 * retried with exponential backoff and full jitter, or after the server's `retry-after`;
 * other 4xx are our mistakes and are thrown at once.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): ModelProvider {
  const {
    maxAttempts = 4,
    baseDelayMs = 500,
    maxDelayMs = 20_000,
    maxRetryAfterMs = 60_000,
    timeoutMs = 60_000,
    random = Math.random,
    now = Date.now,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  } = options;
  if (!options.apiKey) throw new TypeError("createAnthropicProvider needs an API key");
  const client = new Anthropic({
    apiKey: options.apiKey,
    // Explicit so that the SDK never falls back to process.env, which nodejs_compat populates.
    baseURL: options.baseURL || DEFAULT_BASE_URL,
    maxRetries: 0,
    timeout: timeoutMs,
    // Our gateway emits the GenAI span for each call; the SDK's would duplicate it.
    openTelemetry: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function complete(request: ModelRequest): Promise<ModelResponse> {
    const plan = planPromptCache(request);
    const params: Anthropic.MessageCreateParamsNonStreaming = {
      model: request.route.model,
      max_tokens: request.max_tokens,
      system: plan.system,
      messages: request.messages,
      ...(plan.tools.length > 0 ? { tools: plan.tools } : {}),
      ...(request.tool_choice ? { tool_choice: request.tool_choice } : {}),
    };
    const started = now();
    for (let attempt = 1; ; attempt++) {
      try {
        const message = await client.messages.create(params);
        const usage = usageOf(message.usage);
        return {
          model: message.model,
          content: contentOf(message.content),
          stop_reason: message.stop_reason ?? "end_turn",
          usage,
          cost_usd: costOf(usage, request.route.tier),
          cost_basis: "billed",
          latency_ms: now() - started,
          attempts: attempt,
        };
      } catch (error) {
        const failure = classify(error, attempt, now());
        if (!failure.details.retryable || attempt >= maxAttempts) throw failure;
        const waitMs =
          failure.details.retry_after_ms ?? random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        if (waitMs > maxRetryAfterMs) throw failure;
        await sleep(waitMs);
      }
    }
  }

  return { name: "anthropic", complete };
}

function usageOf(u: Anthropic.Usage): TokenUsage {
  return {
    input_tokens: u.input_tokens,
    output_tokens: u.output_tokens,
    cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
  };
}

// Thinking and server-tool blocks are not requested by this system, so they are dropped.
function contentOf(blocks: Anthropic.ContentBlock[]): ContentBlock[] {
  const out: ContentBlock[] = [];
  for (const b of blocks) {
    if (b.type === "text") out.push({ type: "text", text: b.text });
    else if (b.type === "tool_use") out.push({ type: "tool_use", id: b.id, name: b.name, input: b.input });
  }
  return out;
}

/** Turns an SDK error into a {@link ModelCallError} that says whether to try again. */
function classify(error: unknown, attempts: number, nowMs: number): ModelCallError {
  // APIConnectionError (network failure, timeout) is an APIError without a status.
  if (error instanceof APIConnectionError || (error instanceof APIError && error.status === undefined)) {
    return new ModelCallError(`Anthropic API unreachable: ${error.message}`, {
      status: undefined,
      retryable: true,
      attempts,
      retry_after_ms: null,
      cause: error,
    });
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    return new ModelCallError(`Anthropic API ${status}: ${error.message}`, {
      status,
      retryable: status === 429 || status === 529 || status >= 500,
      attempts,
      retry_after_ms: retryAfterMs(error.headers, nowMs),
      cause: error,
    });
  }
  return new ModelCallError(`Anthropic call failed: ${error instanceof Error ? error.message : String(error)}`, {
    status: undefined,
    retryable: false,
    attempts,
    retry_after_ms: null,
    cause: error,
  });
}

/**
 * Reads `retry-after-ms` (Anthropic's) or `retry-after` (RFC 9110: delay-seconds or an
 * HTTP date). Returns null when absent or unreadable, so the caller falls back to backoff.
 */
export function retryAfterMs(headers: Headers | undefined, nowMs: number): number | null {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers?.get("retry-after")?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
