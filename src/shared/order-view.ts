import { roundUsd } from "./money";
import { AMENDMENT_FOLDS } from "./order-amendments-view";
import { EXCEPTION_FOLDS } from "./order-view-exceptions";
import { FULFILLMENT_FOLDS } from "./order-view-fulfillment";
import { addFlags, type EventOf, type Fold, type OrderView, receivedView } from "./order-view-model";
import type { OrderEvent, Stage } from "./schemas/order-event.schema";

export type { OrderView } from "./order-view-model";

const AGENTS = ["intake", "fulfillment", "exception", "comms"] as const;

/** Handoffs issued and not yet answered by a decision: the view's `pending_handoffs`. */
export function openHandoffs(events: readonly OrderEvent[]): { handoff_id: string; stage: Stage }[] {
  const applied = new Set(
    events.flatMap((e) => (e.type === "handoff.completed" || e.type === "decision.refused" ? [e.data.handoff_id] : [])),
  );
  return events
    .filter((e): e is Extract<OrderEvent, { type: "handoff.issued" }> => e.type === "handoff.issued")
    .map((e) => e.data)
    .filter((h) => !applied.has(h.handoff_id));
}

/** Open handoffs, plus the one a PO waiting for admission is owed (none once it is cancelled): zero means settled. */
export function pendingHandoffs(view: OrderView, events: readonly OrderEvent[]): number {
  return openHandoffs(events).length + (view.admission === "waiting" && view.status !== "cancelled" ? 1 : 0);
}

/** A late original or a redrive answered the handoff after all: it is no longer dead or abandoned. */
const answered = (view: OrderView, e: { data: { handoff_id: string } }) => {
  view.dead_handoffs = view.dead_handoffs.filter((d) => d.id !== e.data.handoff_id);
  view.abandoned_handoffs = view.abandoned_handoffs.filter((a) => a.handoff_id !== e.data.handoff_id);
};
const recordOnly = () => {};

type LaterEvent = Exclude<OrderEvent["type"], "order.received">;

/**
 * How every event after `order.received` changes the view. A record over all event types, so
 * an event type without its fold does not compile; events kept for the record fold to nothing.
 */
const FOLDS: { [K in LaterEvent]: Fold<K> } = {
  ...FULFILLMENT_FOLDS,
  ...EXCEPTION_FOLDS,
  ...AMENDMENT_FOLDS,
  "order.rejected": (view, e) => {
    view.validation.status = "rejected";
    view.validation.errors = e.data.errors;
    view.validation.warnings = e.data.warnings;
  },
  "status.changed": (view, e) => {
    const held = (s: string) => s === "exception" || s === "quality-hold";
    if (held(e.data.to) && !held(e.data.from)) view.resume_status = e.data.from;
    view.status = e.data.to;
    view.status_since = e.data.business_at ?? view.business_start;
    if (e.data.to === "awaiting-approval") addFlags(view, ["awaiting_approval"]);
    else view.flags = view.flags.filter((f) => f !== "awaiting_approval");
  },
  "notification.sent": (view, e) => {
    view.notifications.push(e.data);
  },
  "model.called": (view, e) => {
    view.llm_calls += 1;
    view.cost_usd = roundUsd(view.cost_usd + e.data.cost_usd);
    if (e.data.cost_basis === "billed") view.cost_basis = "billed";
  },
  "model.fallback": (view) => addFlags(view, ["model_fallback"]),
  "admission.waiting": (view) => {
    view.admission = "waiting";
  },
  "admission.released": (view) => {
    view.admission = "admitted";
  },
  "handoff.dead_lettered": (view, e) => {
    view.dead_handoffs = [...view.dead_handoffs.filter((d) => d.id !== e.data.id), { ...e.data, at: e.at }];
  },
  "handoff.abandoned": (view, e) => {
    view.abandoned_handoffs = [
      ...view.abandoned_handoffs.filter((a) => a.handoff_id !== e.data.handoff_id),
      { ...e.data, at: e.at },
    ];
  },
  "handoff.completed": answered,
  "decision.refused": answered,
  "handoff.issued": recordOnly,
  "invoice.recorded": recordOnly,
  "external.refused": recordOnly,
  "external.stale": recordOnly,
};

function foldAs<K extends LaterEvent>(view: OrderView, e: EventOf<K>): void {
  const fold: Fold<K> = FOLDS[e.type];
  fold(view, e);
}

/** Applies one event to a view in place. The first event must be `order.received`. */
export function applyOrderEvent(view: OrderView | null, e: OrderEvent): OrderView {
  if (e.type === "order.received") return receivedView(e);
  if (!view) throw new Error(`event ${e.seq} (${e.type}) precedes order.received`);
  view.version = e.seq;
  view.updated_at = e.at;
  if ((AGENTS as readonly string[]).includes(e.actor) && !view.agents_invoked.includes(e.actor)) {
    view.agents_invoked.push(e.actor);
  }
  foldAs(view, e);
  return view;
}

/** Folds a whole event log into the order view. */
export function projectOrderView(events: readonly OrderEvent[]): OrderView {
  let view: OrderView | null = null;
  for (const e of events) view = applyOrderEvent(view, e);
  if (!view) throw new Error("an order view needs at least its order.received event");
  view.pending_handoffs = pendingHandoffs(view, events);
  return view;
}
