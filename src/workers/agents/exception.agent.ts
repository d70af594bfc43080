import { detectOrderExceptions, resolveByPlaybook } from "../../shared/playbook";
import type { AgentInput, AgentOutput } from "./agent";

/**
 * Exception agent (deterministic core of DESIGN §6): finds what the order already shows (a
 * price off contract, a backorder), resolves each by the playbook table, and opens an
 * escalation for every resolution the table sends to a human. Exceptions the order shows from
 * the start are dated from its business start, so a replayed order decides as it did then.
 */
export async function exceptionAgent({ view, span }: AgentInput): Promise<AgentOutput> {
  const detected = detectOrderExceptions(view);
  span.set({ "exception.detected": detected.length });
  const events: AgentOutput["events"] = [];
  detected.forEach((ex, i) => {
    const exception_id = `${view.po_number}-EX${view.exceptions.length + i + 1}`;
    events.push({ type: "exception.opened", data: { exception_id, type: ex.type, detected_at: view.business_start, details: ex.details } });
    const resolution = resolveByPlaybook(ex, view);
    if (!resolution) return;
    events.push({ type: "exception.resolved", data: { resolution: { exception_id, ...resolution } } });
    if (resolution.escalated) {
      events.push({
        type: "escalation.opened",
        data: {
          escalation_id: `ESC-${exception_id}`,
          exception_id,
          reason: resolution.explanation,
          proposed_resolution: { resolution_type: resolution.resolution_type, amount: resolution.amount ?? null },
        },
      });
    }
  });
  return {
    events,
    status: null,
    summary: detected.length ? `resolved ${detected.map((d) => d.type).join(", ")}` : "no exceptions found",
    next_stage: "comms",
  };
}
