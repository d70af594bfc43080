import { dueNotifications } from "../../shared/notifications";
import type { AgentInput, AgentOutput } from "./agent";

/**
 * Comms agent: one customer notification per milestone not yet told (confirmation, backorder,
 * pending approval, each resolution), each due within the contract's response time.
 */
export async function commsAgent({ view, span }: AgentInput): Promise<AgentOutput> {
  const due = dueNotifications(view);
  const sent_at = new Date().toISOString();
  span.set({ "comms.notifications": due.length });
  return {
    events: due.map((n) => ({
      type: "notification.sent" as const,
      data: { milestone: n.milestone, channel: "email", sent_at, template: n.template, model: null, text: n.text, due_by: n.due_by },
    })),
    status: null,
    summary: due.length ? `sent ${due.map((n) => n.milestone).join(", ")}` : "nothing new to tell",
    next_stage: null,
  };
}
