import { MODEL_PROVIDER_BREAKER } from "../shared/circuit-breaker";
import { recordAudit } from "../shared/db/audit-repository";
import { recordCost } from "../shared/db/cost-ledger-repository";
import type { WithheldModelText } from "../shared/guardrails";
import { ModelUnavailableError } from "../shared/models/errors";
import {
  createModelGateway,
  selectProvider,
  type CostLedgerEntry,
  type ModelBreaker,
  type ModelGateway,
} from "../shared/models/gateway";
import { createInMemoryPrefixCache } from "../shared/models/offline.provider";
import { OFFLINE_ANSWERERS } from "../shared/prompts/offline-answerers";
import type { OrderEventBody } from "../shared/schemas/order-event.schema";
import type { Span, Tracer } from "../shared/tracing";

/** The breaker object guarding the model provider. */
export const MODEL_BREAKER_NAME = "model-provider";

// The offline provider models the prompt cache per isolate, as the API's cache lives per region.
const offlinePrefixCache = createInMemoryPrefixCache();

/** The CircuitBreaker Durable Object behind the gateway's breaker interface. */
function breakerFor(env: Env): ModelBreaker {
  const stub = env.BREAKER.getByName(MODEL_BREAKER_NAME);
  let probe = false;
  return {
    async acquire() {
      const gate = await stub.acquire(MODEL_PROVIDER_BREAKER);
      probe = gate.probe;
      return { allowed: gate.allowed, retry_after_ms: gate.retry_after_ms };
    },
    async report(ok) {
      await stub.report(ok, probe, MODEL_PROVIDER_BREAKER);
      probe = false;
    },
  };
}

/** One unit of work's access to the model layer, and what it spent. */
export interface ModelSession {
  gateway: ModelGateway;
  /** Ledger entries of this session's calls, to be recorded on the order as `model.called` events. */
  calls: CostLedgerEntry[];
}

/**
 * Opens the model layer for one request or agent step: provider by configuration, the breaker
 * (for a real provider), a D1 ledger row and a GenAI span (child of `parent`) per call.
 */
export function openModelSession(env: Env, tracer: Tracer, parent: Span): ModelSession {
  const calls: CostLedgerEntry[] = [];
  const provider = selectProvider(env, OFFLINE_ANSWERERS, { offline: { cache: offlinePrefixCache } });
  const gateway = createModelGateway({
    provider,
    // The offline provider cannot fail as a provider does: asking the singleton breaker would be
    // two Durable Object calls per model call with nothing to guard.
    breaker: provider.name === "offline" ? undefined : breakerFor(env),
    ledger: async (entry) => {
      calls.push(entry);
      await recordCost(env.DB, entry, parent.context.traceId);
    },
    spans: (s) =>
      tracer.record(parent.context, {
        name: s.name,
        kind: "client",
        start_ms: s.start_ms,
        end_ms: s.end_ms,
        status: s.status,
        po_number: s.po_number,
        attributes: { ...s.attributes, "llm.interaction_id": s.interaction_id },
      }),
  });
  return { gateway, calls };
}

/** The session's calls as order events. */
export function modelCallEvents(session: ModelSession): Extract<OrderEventBody, { type: "model.called" }>[] {
  return session.calls.map((c) => ({
    type: "model.called" as const,
    data: {
      interaction_id: c.interaction_id,
      task: c.task,
      model: c.model,
      tier: c.tier,
      input_tokens: c.input_tokens,
      output_tokens: c.output_tokens,
      cache_write_tokens: c.cache_write_tokens,
      cache_read_tokens: c.cache_read_tokens,
      latency_ms: c.latency_ms,
      cost_usd: c.cost_usd,
      cost_basis: c.cost_basis,
      routing_reason: c.routing_reason,
    },
  }));
}

/**
 * The `model.fallback` event that flags the order `model_fallback`: the task, why the model's
 * answer was not used (the call failed, or its text was withheld by the guardrails), and what
 * stood in (`instead`), so operations can see it on the order.
 */
export function modelFallbackEvent(
  task: string,
  cause: ModelUnavailableError | readonly WithheldModelText[],
  instead: string,
): Extract<OrderEventBody, { type: "model.fallback" }> {
  if (cause instanceof ModelUnavailableError) {
    return {
      type: "model.fallback",
      data: { task, reason: `${cause.summary}: ${instead}`, kind: cause.reason, http_status: cause.status },
    };
  }
  const attacks = [...new Set(cause.flatMap((w) => w.attacks))].sort();
  return {
    type: "model.fallback",
    data: {
      task,
      reason: `model text withheld (${attacks.join(", ")}): ${instead}`,
      kind: "output_withheld",
      http_status: null,
    },
  };
}

/** Keeps withheld model text in the audit trail, the only place it is kept (DESIGN §5.1). */
export async function auditWithheldText(
  env: Env,
  entry: { task: string; po_number: string; trace_id: string | null; withheld: readonly WithheldModelText[] },
): Promise<void> {
  await recordAudit(env.DB, {
    kind: "model_output.withheld",
    poNumber: entry.po_number,
    traceId: entry.trace_id,
    detail: {
      task: entry.task,
      texts: entry.withheld.map((w) => ({
        attacks: w.attacks,
        evidence: w.evidence.map((e) => e.match),
        original: w.original,
      })),
    },
  });
}
