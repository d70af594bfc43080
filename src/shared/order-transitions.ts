import { renumberExceptions } from "./exception-ids";
import { interpretCarrierEvent, interpretErpEvent } from "./external-events";
import { canTransition } from "./order-lifecycle";
import { openHandoffs, type OrderView } from "./order-view";
import type { AgentDecision } from "./schemas/handoff.schema";
import type { CsatInput, DeadHandoffInput, ExternalInput, SubmitOrder } from "./schemas/order-commands.schema";
import type { OrderEvent, OrderEventBody } from "./schemas/order-event.schema";
import { recording, refusal, type StatusChange, type Transition } from "./transition";

/**
 * The transitions of the OrderObject's commands, decided from the order's view alone (the
 * external events, shortfalls and escalation decisions have theirs in `external-events` and
 * `escalation-decisions`). The object applies what these answer, and nothing else.
 */

/** A PO as received: recorded and handed to intake, left waiting for admission, or rejected at intake. */
export function decideSubmission(cmd: SubmitOrder): Transition {
  const admission = cmd.rejection || !cmd.admission ? "none" : cmd.admission.decision;
  const events: OrderEventBody[] = [{ type: "order.received", data: { ...cmd.received, admission } }];
  if (cmd.rejection) {
    events.push({ type: "order.rejected", data: cmd.rejection });
    const status: StatusChange = {
      to: "rejected",
      reason: "failed validation at intake",
      business_at: cmd.received.business_start,
    };
    return { events, status, next_stage: null, refused: null };
  }
  if (cmd.admission?.decision === "waiting") {
    events.push({ type: "admission.waiting", data: { position: cmd.admission.position } });
    return { events, status: null, next_stage: null, refused: null };
  }
  return { events, status: null, next_stage: "intake", refused: null };
}

/**
 * An agent's decision on its handoff: its events (exceptions renumbered after any opened since the
 * agent read the view), its status and the handoff closed, or, when the lifecycle forbids the
 * status, only the record that the decision was refused (which closes the handoff too).
 */
export function decideAgentDecision(view: OrderView, d: AgentDecision): Transition {
  if (d.status && !canTransition(view.status, d.status.to)) {
    const reason = `illegal transition ${view.status} -> ${d.status.to}`;
    return refusal(reason, [{ type: "decision.refused", data: { handoff_id: d.handoff_id, stage: d.stage, reason } }]);
  }
  const events = renumberExceptions(
    view,
    d.events,
    view.exceptions.map((x) => x.exception_id),
  );
  events.push({ type: "handoff.completed", data: { handoff_id: d.handoff_id, stage: d.stage, summary: d.summary } });
  const status = d.status
    ? { to: d.status.to, reason: d.status.reason, business_at: d.status.business_at ?? view.business_start }
    : null;
  return { events, status, next_stage: d.next_stage, refused: null };
}

/** The event type a webhook carries, as the order's log and the trace name it. */
export function externalEventType(cmd: ExternalInput): string {
  return cmd.source === "carrier" ? `carrier.${cmd.event.status}` : cmd.event.type;
}

/**
 * A signed ERP or carrier event. What the lifecycle forbids is recorded as refused and changes
 * nothing else; an event older than what the order knows is recorded as stale.
 */
export function decideExternal(view: OrderView, cmd: ExternalInput): Transition {
  let t: Transition;
  if (cmd.source === "carrier") {
    const shipment = view.shipments.find((s) => s.tracking === cmd.event.tracking);
    t = shipment
      ? interpretCarrierEvent(view, shipment, cmd.event)
      : refusal(`no shipment tracked as ${cmd.event.tracking}`);
  } else {
    t = interpretErpEvent(view, cmd.event);
  }
  const record = { source: cmd.source, webhook_id: cmd.webhook_id, event_type: externalEventType(cmd) };
  if (t.refused !== null)
    return refusal(t.refused, [{ type: "external.refused", data: { ...record, reason: t.refused } }]);
  if (t.stale) {
    const events: OrderEventBody[] = [{ type: "external.stale", data: { ...record, ...t.stale } }];
    return { events, status: null, next_stage: null, refused: null, stale: t.stale };
  }
  return t;
}

/** A customer's satisfaction with how a resolved exception went; it reaches the episode through the outbox. */
export function decideCsat(view: OrderView, cmd: CsatInput): Transition {
  const ex = view.exceptions.find((x) => x.exception_id === cmd.exception_id);
  if (!ex) return refusal(`no exception ${cmd.exception_id} on ${view.po_number}`);
  if (ex.status !== "resolved") return refusal(`exception ${cmd.exception_id} is not resolved yet`);
  const { exception_id, customer_satisfaction } = cmd;
  return recording([{ type: "csat.recorded", data: { exception_id, customer_satisfaction } }]);
}

/** AdmissionControl lets a waiting PO in at `now`: its pipeline starts with a handoff to intake. */
export function decideAdmissionRelease(view: OrderView | null, now: number): Transition {
  if (view?.admission !== "waiting") return refusal("the order is not waiting for admission");
  // Cancelled while it waited: nothing to start, and AdmissionControl gives the place up at once.
  if (view.status === "cancelled") return refusal("the order was cancelled while it waited for admission");
  const waited_ms = Math.max(0, now - Date.parse(view.received_at));
  return { ...recording([{ type: "admission.released", data: { waited_ms } }]), next_stage: "intake" };
}

/**
 * A handoff the dead-letter queue received after its retries ran out, shown in the view's
 * `dead_handoffs` until a redrive answers it. Null when it is already recorded (a redelivery).
 */
export function decideDeadHandoff(
  view: OrderView,
  events: readonly OrderEvent[],
  cmd: DeadHandoffInput,
): Transition | null {
  if (!openHandoffs(events).some((h) => h.handoff_id === cmd.handoff_id))
    return refusal(`handoff ${cmd.handoff_id} was answered`);
  if (view.dead_handoffs.some((d) => d.id === cmd.handoff_id && d.via === "dead_letter_queue")) return null;
  const data = {
    id: cmd.handoff_id,
    kind: "queue",
    stage: cmd.stage,
    via: "dead_letter_queue" as const,
    attempts: cmd.attempts,
    reason: cmd.reason,
  };
  return recording([{ type: "handoff.dead_lettered", data }]);
}
