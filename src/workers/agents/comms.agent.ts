import { screenModelText, type WithheldModelText } from "../../shared/guardrails";
import { ModelUnavailableError } from "../../shared/models/errors";
import { dueNotifications, inTierTone } from "../../shared/notifications";
import type { CustomerDigest } from "../../shared/prompts/customer-digest";
import { notificationRequest } from "../../shared/prompts/task-requests";
import type { OrderEventBody } from "../../shared/schemas/order-event.schema";
import { auditWithheldText, modelCallEvents, modelFallbackEvent, openModelSession } from "../model-session";
import type { AgentInput, AgentOutput } from "./agent";

/** Text of a model answer: its text blocks joined. */
const answerText = (content: { type: string; text?: string }[]) =>
  content
    .flatMap((b) => (b.type === "text" && b.text ? [b.text] : []))
    .join("\n")
    .trim();

/**
 * Comms agent: one customer notification per milestone not yet told (confirmation, backorder,
 * pending approval, shipping, delivery, each resolution), each due within the contract's
 * response time or a rule's tighter deadline. The facts come from a deterministic draft. A
 * routine one is sent in the tier's tone from the template, with no model: a model would only
 * restate it. An exception's outcome or a person's decision is put in the customer's tone by
 * the `customer_communication` task (Haiku). The draft is sent as it is when the model gives
 * no answer, and when its text is flagged by the guardrails (kept only in the audit trail);
 * either way the view says so.
 */
export async function commsAgent({ env, view, reads, span, tracer, handoff }: AgentInput): Promise<AgentOutput> {
  const due = dueNotifications(view);
  span.set({ "comms.notifications": due.length });
  if (!due.length) return { events: [], status: null, summary: "nothing new to tell", next_stage: null };

  const session = openModelSession(env, tracer, span);
  const tier = (await reads.customer(view.customer_id))?.tier ?? "standard";
  // What a prompt may say of the customer (its contract and parts) is read only once a model writes.
  let digest: CustomerDigest | undefined;
  span.set({ "comms.templated": due.filter((n) => n.routine).length });
  const sent_at = new Date().toISOString();
  const events: OrderEventBody[] = [];
  const withheld: WithheldModelText[] = [];
  for (const [i, n] of due.entries()) {
    if (n.routine) {
      const text = inTierTone(n.text, tier, view.sla);
      events.push({
        type: "notification.sent",
        data: {
          milestone: n.milestone,
          channel: "email",
          sent_at,
          template: n.template,
          model: null,
          text,
          due_by: n.due_by,
        },
      });
      continue;
    }
    const brief = { milestone: n.milestone, tier, draft: n.text, sla: view.sla, due_by: n.due_by };
    let text = n.text;
    let model: string | null = null;
    digest ??= await reads.customerDigest(view.customer_id, view.order_date);
    try {
      const response = await session.gateway.run(
        "customer_communication",
        notificationRequest({ digest, brief, po_number: view.po_number, interaction_id: `${handoff.handoff_id}:${i}` }),
      );
      const screened = screenModelText(answerText(response.content) || n.text, n.text);
      text = screened.text;
      if (screened.withheld) {
        withheld.push(screened.withheld);
        events.push(modelFallbackEvent("customer_communication", [screened.withheld], "the template draft was sent"));
      } else {
        model = response.model;
      }
    } catch (err) {
      if (!(err instanceof ModelUnavailableError)) throw err;
      events.push(modelFallbackEvent("customer_communication", err, "the template draft was sent"));
    }
    events.push({
      type: "notification.sent",
      data: { milestone: n.milestone, channel: "email", sent_at, template: n.template, model, text, due_by: n.due_by },
    });
  }
  if (withheld.length)
    await auditWithheldText(env, {
      task: "customer_communication",
      po_number: view.po_number,
      trace_id: span.context.traceId,
      withheld,
    });
  return {
    events: [...modelCallEvents(session), ...events],
    status: null,
    summary: `sent ${due.map((n) => n.milestone).join(", ")}`,
    next_stage: null,
  };
}
