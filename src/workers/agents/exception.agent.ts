import { loadCustomerEpisodes, loadRules } from "../../shared/db/memory-repository";
import { loadStock } from "../../shared/db/stock-repository";
import { exceptionId } from "../../shared/exception-ids";
import { orderKeyOf } from "../../shared/order-key";
import type { OrderView } from "../../shared/order-view";
import { detectOrderExceptions, resolveException } from "../../shared/playbook";
import type { PlaybookContext } from "../../shared/playbook/resolution";
import type { RecordedException } from "../../shared/schemas/exception.schema";
import type { OrderEventBody } from "../../shared/schemas/order-event.schema";
import {
  applyInvestigation,
  investigationTask,
  needsInvestigation,
} from "../../shared/investigation/investigation-policy";
import type { Investigation } from "../../shared/investigation/investigation.schema";
import type { WithheldModelText } from "../../shared/guardrails";
import { ModelUnavailableError } from "../../shared/models/errors";
import { auditWithheldText, modelCallEvents, modelFallbackEvent, openModelSession } from "../model-session";
import { delayCircumstances } from "../../shared/playbook/carrier-delay";
import { circumstanceText } from "../../shared/memory/episodic-memory";
import { episodicMemoryFor } from "../../shared/memory/memory-backend";
import type { AgentInput, AgentOutput } from "./agent";
import { investigate } from "./exception-investigation";

/** Loads what the playbook consults for these exceptions: this customer's episodes, the rules, stock. */
async function playbookContext(
  env: Env,
  view: OrderView,
  open: readonly RecordedException[],
): Promise<PlaybookContext> {
  const types = [...new Set(open.map((x) => x.type))];
  const skus = [...new Set(open.flatMap((x) => (typeof x.details.sku === "string" ? [x.details.sku] : [])))];
  const onDate =
    open
      .map((x) => x.detected_at)
      .sort()
      .at(-1) ?? view.business_start;
  const [episodes, rules, stock] = await Promise.all([
    Promise.all(types.map((t) => loadCustomerEpisodes(env.DB, view.customer_id, t, onDate))).then((lists) =>
      lists.flat(),
    ),
    loadRules(env.DB),
    loadStock(env.DB, skus),
  ]);
  // Vector recall ranks precedents of equal circumstances; it searches this customer's namespace only.
  const memory = episodicMemoryFor(env);
  const scores = new Map<string, number>();
  for (const ex of open.filter((x) => x.type === "carrier_delay")) {
    for (const r of await memory.recall({
      customer_id: view.customer_id,
      exception_type: ex.type,
      text: circumstanceText(delayCircumstances(ex)),
      topK: 10,
      onDate: ex.detected_at,
    })) {
      scores.set(r.episode_id, Math.max(scores.get(r.episode_id) ?? 0, r.score));
    }
  }
  return {
    episodes,
    rules,
    similarity: (id) => scores.get(id) ?? 0,
    availableStock: (sku) => stock.filter((s) => s.sku === sku).reduce((sum, s) => sum + Math.max(0, s.available), 0),
  };
}

/**
 * Exception agent (DESIGN §6, §7): records what the order itself shows (a price off contract,
 * a backorder), decides every open exception by the playbook table first, then — for several
 * at once, the never-seen, or a decision missing a fact it needs (`needsInvestigation`) — runs
 * the model's tool loop, which may explain and advise but never overrides a policy limit. It opens an escalation for each
 * resolution a human must decide, and returns the order to where it was once nothing is left
 * open. Exceptions the order shows from the start are dated from its
 * business start, so a replayed order decides as it did then.
 */
export async function exceptionAgent({ env, view, span, tracer, handoff }: AgentInput): Promise<AgentOutput> {
  const events: OrderEventBody[] = [];
  const detected: RecordedException[] = detectOrderExceptions(view).map((ex, i) => ({
    ...ex,
    exception_id: exceptionId(view, view.exceptions.length + i + 1),
    detected_at: view.business_start,
  }));
  for (const ex of detected) events.push({ type: "exception.opened", data: ex });
  const open = [...view.exceptions.filter((x) => x.status === "open"), ...detected];
  span.set({ "exception.detected": detected.length, "exception.open": open.length });

  const ctx = open.length ? await playbookContext(env, view, open) : null;
  const playbook = new Map(open.map((ex) => [ex.exception_id, resolveException(ex, view, ctx!)]));
  const session = openModelSession(env, tracer, span);
  let investigation: Investigation | null = null;
  const task = investigationTask(open);
  if (needsInvestigation(open, playbook)) {
    const log = await env.ORDER.getByName(orderKeyOf(view)).eventLog();
    try {
      investigation = await investigate({
        env,
        view,
        open,
        playbook,
        session,
        interaction_id: `exceptions:${handoff.handoff_id}`,
        events: log,
        span,
      });
    } catch (err) {
      if (!(err instanceof ModelUnavailableError)) throw err;
      events.push(modelFallbackEvent(task, err, "the playbook's decision stands"));
    }
    span.set({
      "exception.investigated": investigation !== null,
      "exception.investigation_stopped": investigation?.stopped ?? "unavailable",
    });
  }
  const withheld: WithheldModelText[] = [];
  for (const ex of open) {
    const {
      resolution,
      advice,
      withheld: flagged,
    } = applyInvestigation(ex, playbook.get(ex.exception_id)!, investigation);
    withheld.push(...flagged);
    events.push({ type: "exception.resolved", data: { resolution: { exception_id: ex.exception_id, ...resolution } } });
    if (resolution.escalated) {
      events.push({
        type: "escalation.opened",
        data: {
          escalation_id: `ESC-${ex.exception_id}`,
          exception_id: ex.exception_id,
          reason: resolution.explanation,
          proposed_resolution: {
            resolution_type: resolution.resolution_type,
            amount: resolution.amount ?? null,
            discount_pct: resolution.discount_pct ?? null,
            model_advice: advice ? `${advice.resolution_type}: ${advice.explanation}` : null,
          },
        },
      });
    }
  }
  if (withheld.length) {
    events.push(modelFallbackEvent(task, withheld, "the playbook's explanation stands"));
    await auditWithheldText(env, { task, po_number: view.po_number, trace_id: span.context.traceId, withheld });
  }
  events.unshift(...modelCallEvents(session));

  const stillEscalated =
    view.exceptions.some((x) => x.status === "escalated") ||
    events.some((e) => e.type === "exception.resolved" && e.data.resolution.escalated);
  const resume =
    !stillEscalated && (view.status === "exception" || view.status === "quality-hold") && view.resume_status;
  const lastDetected =
    open
      .map((x) => x.detected_at)
      .sort()
      .at(-1) ?? view.business_start;
  return {
    events,
    status: resume ? { to: resume, reason: "every exception resolved", business_at: lastDetected } : null,
    summary: open.length
      ? `resolved ${open.map((x) => `${x.exception_id} (${x.type})`).join(", ")}`
      : "no exceptions found",
    next_stage: "comms",
  };
}
