import { loadCustomerDigest } from "../../shared/db/reference-reads";
import {
  DiagnoseInput,
  EscalateInput,
  ProposeInput,
  RecallInput,
  type Investigation,
} from "../../shared/investigation/investigation.schema";
import { investigationTask } from "../../shared/investigation/investigation-policy";
import { recallEpisodes } from "../../shared/memory/episode-store";
import { circumstanceText } from "../../shared/memory/episodic-memory";
import { episodicMemoryFor } from "../../shared/memory/memory-backend";
import { delayCircumstances } from "../../shared/playbook/carrier-delay";
import type { ModelUnavailableError } from "../../shared/models/errors";
import { defineTool, toolset } from "../../shared/models/tool-loop";
import type { OrderView } from "../../shared/order-view";
import { stablePrefix } from "../../shared/prompts/task-requests";
import { tagged } from "../../shared/prompts/tagged";
import { buildWorkingMemory } from "../../shared/prompts/working-memory";
import type { Span } from "../../shared/tracing";
import type { PlaybookResolution } from "../../shared/playbook/resolution";
import type { RecordedException } from "../../shared/schemas/exception.schema";
import type { ModelSession } from "../model-session";

/** Spend at most this on one exception investigation; the loop stops when it is crossed. */
export const INVESTIGATION_COST_CEILING_USD = 0.25;

const TASK =
  "Task: investigate the open exceptions of this purchase order. " +
  "Use diagnose_exception for each, recall_similar_episodes for this customer's history, " +
  "then propose_resolution for each (or escalate_to_human when a person must decide). " +
  "The playbook's decision is shown by diagnose_exception: you may explain it and handle what it does not cover, " +
  "but you cannot change a policy limit (thresholds, mandatory escalations).";

/**
 * The exception agent's manual tool-use loop (DESIGN §7) on the routed tier: Sonnet for one
 * exception, Opus for several at once or a never-seen one. The tools are bound to this order
 * and its customer, so recall can never reach another customer's episodes whatever the model
 * asks. Throws {@link ModelUnavailableError} when the model gives no answer: the caller lets
 * the playbook's decision stand.
 */
export async function investigate(input: {
  env: Env;
  view: OrderView;
  open: readonly RecordedException[];
  playbook: ReadonlyMap<string, PlaybookResolution>;
  session: ModelSession;
  interaction_id: string;
  /** The order's log, for its working memory (6,000-token budget, no quarantined text). */
  events: Parameters<typeof buildWorkingMemory>[1];
  span: Span;
}): Promise<Investigation> {
  const { env, view, open, playbook, session } = input;
  const known = new Map(open.map((x) => [x.exception_id, x]));
  const proposals = new Map<string, ProposeInput>();
  const escalations = new Map<string, EscalateInput>();
  const memory = episodicMemoryFor(env);
  const mustBeOpen = (id: string) => {
    const ex = known.get(id);
    if (!ex) throw new Error(`${id} is not an open exception of ${view.po_number}`);
    return ex;
  };
  const tools = toolset([
    defineTool({
      name: "diagnose_exception",
      // The order's facts are in the first message already; repeating them here would be paid again every turn.
      description: "The exception's details and the playbook's decision for it (the order is in the order context).",
      input: DiagnoseInput,
      run: ({ exception_id }) => ({
        exception_id,
        exception: mustBeOpen(exception_id),
        playbook_decision: playbook.get(exception_id),
      }),
    }),
    defineTool({
      name: "recall_similar_episodes",
      description:
        "This customer's most similar past exceptions and how they were resolved (never another customer's).",
      input: RecallInput,
      run: async ({ exception_id, query }) => {
        const ex = mustBeOpen(exception_id);
        const text =
          query ??
          (ex.type === "carrier_delay"
            ? circumstanceText(delayCircumstances(ex))
            : `${ex.type} ${JSON.stringify(ex.details)}`);
        const found = await recallEpisodes(env.DB, memory, {
          customer_id: view.customer_id,
          exception_type: ex.type,
          text,
          topK: 5,
          onDate: ex.detected_at,
        });
        return {
          episodes: found.map((f) => ({
            episode_id: f.episode.episode_id,
            score: Math.round(f.score * 1000) / 1000,
            resolution_type: f.episode.resolution_type,
            discount_pct: f.episode.discount_pct,
            customer_satisfaction: f.episode.customer_satisfaction,
            lesson: f.episode.lesson,
          })),
        };
      },
    }),
    defineTool({
      name: "propose_resolution",
      description: "Propose how to resolve one exception, with your confidence.",
      input: ProposeInput,
      run: (p) => {
        mustBeOpen(p.exception_id);
        proposals.set(p.exception_id, p);
        return { recorded: true, note: "policy limits of the playbook apply to the final decision" };
      },
    }),
    defineTool({
      name: "escalate_to_human",
      description: "Hand one exception to the operations team with your reason.",
      input: EscalateInput,
      run: (e) => {
        mustBeOpen(e.exception_id);
        escalations.set(e.exception_id, e);
        return { recorded: true };
      },
    }),
  ]);
  const digest = await loadCustomerDigest(env.DB, view.customer_id, view.order_date);
  const opened = open.map((x) => ({ exception_id: x.exception_id, type: x.type, detected_at: x.detected_at }));
  const memoryContext = buildWorkingMemory(view, input.events);
  input.span.set({
    "exception.context_tokens": memoryContext.tokens,
    "exception.events_included": memoryContext.events_included,
    "exception.events_summarised": memoryContext.events_summarised,
  });
  const result = await session.gateway.runToolLoop(
    investigationTask(open),
    () => ({
      system: stablePrefix(digest),
      tools: tools.definitions,
      messages: [
        {
          role: "user",
          content: `${TASK}\n\n${tagged("open_exceptions", opened)}\n\n${tagged("order_context", memoryContext.context)}`,
        },
      ],
      max_tokens: 1_200,
      metadata: { po_number: view.po_number, interaction_id: input.interaction_id },
    }),
    {
      tools: tools.handlers,
      costCeilingUsd: INVESTIGATION_COST_CEILING_USD,
      maxTurns: 6,
      // Every open exception proposed or escalated is all applyInvestigation reads: a turn after it would only be paid for.
      until: () => open.every((x) => proposals.has(x.exception_id) || escalations.has(x.exception_id)),
    },
  );
  return { model: result.final.model, proposals, escalations, stopped: result.stopped };
}
