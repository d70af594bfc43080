/**
 * The one entry the system calls for language work (DESIGN §7, §9): it routes the task,
 * asks the breaker, makes the request's text well-formed, calls the provider, and records
 * one ledger entry and one GenAI span per model call. Callers name tasks, never model ids.
 */
import type { z } from "zod";
import { createAnthropicProvider, type AnthropicProviderOptions } from "./anthropic.provider";
import {
  countsAgainstBreaker,
  ModelCallError,
  ModelUnavailableError,
  StructuredOutputError,
  unavailableReason,
} from "./errors";
import { createOfflineProvider, type OfflineAnswerer, type OfflineProviderOptions } from "./offline.provider";
import type { ModelProvider, ModelRequest, ModelResponse } from "./provider";
import { routeTask, type ModelTask, type ModelTier, type RouteDecision } from "./router";
import { completeStructured, type StructuredResult } from "./structured";
import { runToolLoop, type ToolHandler, type ToolLoopResult } from "./tool-loop";
import { wellFormed } from "./well-formed";

/** A circuit breaker guarding the provider; a Durable Object in production. */
export interface ModelBreaker {
  acquire(): Promise<{ allowed: boolean; retry_after_ms: number }>;
  /** `false` for overload, server and network failures and 401/403; our own other 4xx are not the provider's fault. */
  report(ok: boolean): Promise<void>;
}

/** One row of the cost ledger: one model call. Token fields use the API's meaning. */
export interface CostLedgerEntry {
  interaction_id: string;
  po_number: string | null;
  task: ModelTask;
  model: string;
  tier: ModelTier;
  /** Uncached input only. */
  input_tokens: number;
  output_tokens: number;
  cache_write_tokens: number;
  cache_read_tokens: number;
  latency_ms: number;
  cost_usd: number;
  cost_basis: "modeled" | "billed";
  routing_reason: string;
  created_at: string;
}

/** A finished model-call span with OpenTelemetry GenAI attributes; the tracer adds ids. */
export interface GenAiSpan {
  name: string;
  kind: "client";
  start_ms: number;
  end_ms: number;
  status: "ok" | "error";
  po_number: string | null;
  interaction_id: string;
  attributes: Record<string, string | number | boolean>;
}

/** What a caller supplies for a task: everything but the route, which the gateway decides. */
export type RequestBuilder = (route: RouteDecision) => Omit<ModelRequest, "route" | "task">;

/** Per-call options: `complexity` (0..1) may move the task to another tier. */
export interface RunOptions {
  complexity?: number;
}

/**
 * The model layer as the rest of the system sees it. Every method throws
 * {@link ModelUnavailableError}, and only it, for any failure of the model (breaker, provider,
 * request, answer): callers catch that one error and fall back to code.
 */
export interface ModelGateway {
  readonly provider: ModelProvider["name"];
  /** One model call. */
  run(task: ModelTask, build: RequestBuilder, options?: RunOptions): Promise<ModelResponse>;
  /** A tool-use loop on one route; every turn is a ledgered, traced call. */
  runToolLoop(
    task: ModelTask,
    build: RequestBuilder,
    options: RunOptions & {
      tools: Record<string, ToolHandler>;
      costCeilingUsd: number;
      maxTurns?: number;
      until?: () => boolean;
    },
  ): Promise<ToolLoopResult>;
  /** A validated structured answer (see `completeStructured`); every attempt is ledgered; two invalid answers are `invalid_answer`. */
  structured<T>(
    task: ModelTask,
    build: RequestBuilder,
    schema: z.ZodType<T>,
    options?: RunOptions & { description?: string },
  ): Promise<StructuredResult<T>>;
}

/** Dependencies of {@link createModelGateway}; all but the provider are optional. */
export interface ModelGatewayOptions {
  provider: ModelProvider;
  breaker?: ModelBreaker;
  ledger?: (entry: CostLedgerEntry) => Promise<void>;
  spans?: (span: GenAiSpan) => void;
  now?: () => number;
}

/** Creates the gateway. */
export function createModelGateway(options: ModelGatewayOptions): ModelGateway {
  const { provider, breaker, ledger, spans, now = Date.now } = options;

  const prepare = (task: ModelTask, build: RequestBuilder, opts: RunOptions = {}): ModelRequest => {
    const route = routeTask(task, opts.complexity);
    return { ...build(route), task, route };
  };

  const emit = (
    request: ModelRequest,
    start: number,
    status: GenAiSpan["status"],
    attributes: GenAiSpan["attributes"],
  ) =>
    spans?.({
      name: `chat ${request.route.model}`,
      kind: "client",
      start_ms: start,
      end_ms: now(),
      status,
      po_number: request.metadata.po_number ?? null,
      interaction_id: request.metadata.interaction_id,
      attributes: { ...requestAttributes(request, provider.name), ...attributes },
    });

  async function call(request: ModelRequest): Promise<ModelResponse> {
    const start = now();
    const gate = breaker ? await breaker.acquire() : { allowed: true, retry_after_ms: 0 };
    if (!gate.allowed) {
      emit(request, start, "error", { "error.type": "breaker_open" });
      throw new ModelUnavailableError(
        `${request.task}: model provider circuit is open`,
        "breaker_open",
        gate.retry_after_ms,
      );
    }
    let response: ModelResponse;
    try {
      response = await provider.complete(wellFormed(request));
    } catch (error) {
      // Any other 4xx still proves the provider answers; reporting it as ok also ends a half-open probe.
      await breaker?.report(!countsAgainstBreaker(error));
      emit(request, start, "error", { "error.type": errorType(error) });
      const failure = error instanceof ModelCallError ? error : null;
      throw new ModelUnavailableError(
        `${request.task}: ${error instanceof Error ? error.message : String(error)}`,
        unavailableReason(error),
        failure?.details.retry_after_ms ?? 0,
        {
          cause: error,
          status: failure?.status,
        },
      );
    }
    await breaker?.report(true);

    const attributes = responseAttributes(response);
    try {
      await ledger?.(ledgerEntry(request, response, new Date(now()).toISOString()));
    } catch (error) {
      // The call is paid for and its answer is good; failing it now would only pay again on retry.
      attributes["llm.ledger_error"] = error instanceof Error ? error.message : String(error);
    }
    emit(request, start, "ok", attributes);
    return response;
  }

  const ledgered: Pick<ModelProvider, "complete"> = { complete: call };

  return {
    provider: provider.name,
    run: (task, build, opts) => call(prepare(task, build, opts)),
    runToolLoop: (task, build, opts) =>
      runToolLoop({
        provider: ledgered,
        request: prepare(task, build, opts),
        tools: opts.tools,
        costCeilingUsd: opts.costCeilingUsd,
        ...(opts.maxTurns !== undefined ? { maxTurns: opts.maxTurns } : {}),
        ...(opts.until ? { until: opts.until } : {}),
      }),
    structured: (task, build, schema, opts = {}) =>
      completeStructured(
        ledgered,
        prepare(task, build, opts),
        schema,
        opts.description !== undefined ? { description: opts.description } : {},
      ).catch((error: unknown) => {
        if (!(error instanceof StructuredOutputError)) throw error;
        throw new ModelUnavailableError(
          `${task}: ${error.message} (${error.problems.join("; ")})`,
          "invalid_answer",
          0,
          { cause: error },
        );
      }),
  };
}

/** The ledger row for a successful call. */
function ledgerEntry(request: ModelRequest, response: ModelResponse, createdAt: string): CostLedgerEntry {
  return {
    interaction_id: request.metadata.interaction_id,
    po_number: request.metadata.po_number ?? null,
    task: request.task,
    model: response.model,
    tier: request.route.tier,
    input_tokens: response.usage.input_tokens,
    output_tokens: response.usage.output_tokens,
    cache_write_tokens: response.usage.cache_creation_input_tokens,
    cache_read_tokens: response.usage.cache_read_input_tokens,
    latency_ms: response.latency_ms,
    cost_usd: response.cost_usd,
    cost_basis: response.cost_basis,
    routing_reason: request.route.reason,
    created_at: createdAt,
  };
}

function requestAttributes(request: ModelRequest, providerName: ModelProvider["name"]): GenAiSpan["attributes"] {
  return {
    // The offline provider stands in for Anthropic's API, so the provider is the same.
    // (gen_ai.provider.name replaced the deprecated gen_ai.system in the GenAI conventions.)
    "gen_ai.provider.name": "anthropic",
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": request.route.model,
    "gen_ai.request.max_tokens": request.max_tokens,
    "llm.task": request.task,
    "llm.tier": request.route.tier,
    "llm.routing_reason": request.route.reason,
    "llm.provider": providerName,
  };
}

function responseAttributes(response: ModelResponse): GenAiSpan["attributes"] {
  const u = response.usage;
  return {
    "gen_ai.response.model": response.model,
    // OpenTelemetry counts cached tokens inside input_tokens, unlike the Messages API.
    "gen_ai.usage.input_tokens": u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens,
    "gen_ai.usage.output_tokens": u.output_tokens,
    // Both are included in gen_ai.usage.input_tokens, as the conventions ask.
    "gen_ai.usage.cache_read.input_tokens": u.cache_read_input_tokens,
    "gen_ai.usage.cache_creation.input_tokens": u.cache_creation_input_tokens,
    "llm.cost_usd": response.cost_usd,
    "llm.cost_basis": response.cost_basis,
    "llm.attempts": response.attempts,
    // gen_ai.response.finish_reasons is a string array, which these flat attributes cannot hold.
    "llm.stop_reason": response.stop_reason,
  };
}

function errorType(error: unknown): string {
  if (error instanceof ModelCallError) return error.status === undefined ? "network" : String(error.status);
  return error instanceof Error ? error.name : "unknown";
}

/**
 * Picks the provider from configuration (DESIGN §7): Claude when `ANTHROPIC_API_KEY` is set
 * and not blank, the offline provider otherwise.
 */
export function selectProvider(
  env: { ANTHROPIC_API_KEY?: string; ANTHROPIC_BASE_URL?: string },
  offlineAnswerers: Partial<Record<ModelTask, OfflineAnswerer>>,
  options: { anthropic?: Omit<AnthropicProviderOptions, "apiKey" | "baseURL">; offline?: OfflineProviderOptions } = {},
): ModelProvider {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return createOfflineProvider(offlineAnswerers, options.offline);
  const baseURL = env.ANTHROPIC_BASE_URL?.trim();
  return createAnthropicProvider({ ...options.anthropic, apiKey, ...(baseURL ? { baseURL } : {}) });
}
