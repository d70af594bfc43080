import type { OrderStatus } from "./order-lifecycle";
import type { OrderView } from "./order-view";
import type { OrderEventBody, Stage } from "./schemas/order-event.schema";

/** A move to another status, recorded as `status.changed` from the status the order has. */
export interface StatusChange {
  to: OrderStatus;
  reason: string;
  business_at: string;
}

/**
 * What one command does to an order, decided by a pure function from the order's view and
 * applied by the OrderObject in one storage transaction: `events`, then `status.changed` when
 * `status` moves the order, then `handoff.issued` for `next_stage`, with the handoff's outbox row
 * and the projection. A refused or stale transition appends only the `events` that record it
 * (possibly none) and answers why.
 */
export interface Transition {
  events: OrderEventBody[];
  status: StatusChange | null;
  next_stage: Stage | null;
  /** Why the command was refused; its `events`, if any, record the refusal and nothing else. */
  refused: string | null;
  /** An outside event older than what the order already knows (DESIGN §5.3): recorded as late, not applied. */
  stale?: { occurred_at: string; known_at: string };
}

/** A transition that changes nothing and says why. */
export const refusal = (reason: string, events: OrderEventBody[] = []): Transition => ({
  events,
  status: null,
  next_stage: null,
  refused: reason,
});

/** A transition that records events and moves nothing on. */
export const recording = (events: OrderEventBody[]): Transition => ({
  events,
  status: null,
  next_stage: null,
  refused: null,
});

/** How a command went: changed the order, refused, a repeat of one already applied, or an outside event come too late. */
type TransitionOutcome = "applied" | "refused" | "duplicate" | "stale";

/**
 * What every mutating OrderObject RPC answers: whether the command changed the order, how it
 * went, the refusal's reason, and the view afterwards. `view` is null only from the RPCs that may
 * reach an object where no order was recorded (a stock movement or a dead handoff naming none).
 */
export interface TransitionResult<V extends OrderView | null = OrderView> {
  applied: boolean;
  outcome: TransitionOutcome;
  refused: string | null;
  view: V;
}

/** The answer to a command the object has already applied (the same webhook, movement or handoff again). */
export function duplicateResult<V extends OrderView | null>(view: V): TransitionResult<V> {
  return { applied: false, outcome: "duplicate", refused: null, view };
}

/** The answer to a transition once stored, or refused without storing anything. */
export function transitionResult<V extends OrderView | null>(t: Transition, view: V): TransitionResult<V> {
  const outcome: TransitionOutcome = t.refused !== null ? "refused" : t.stale ? "stale" : "applied";
  return { applied: outcome === "applied", outcome, refused: t.refused, view };
}

/**
 * The event bodies a transition appends before its handoff: its events, then the status change
 * when it moves the order. A new order (no view yet) starts `received`.
 */
export function transitionBodies(view: OrderView | null, t: Transition): OrderEventBody[] {
  const from = view?.status ?? "received";
  if (t.refused !== null || t.stale || !t.status || t.status.to === from) return [...t.events];
  return [...t.events, { type: "status.changed", data: { from, ...t.status } }];
}
