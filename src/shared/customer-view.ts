import type { PrincipalKind } from "./db/principals-repository";
import type { OrderView } from "./order-view";
import type { Resolution } from "./schemas/exception.schema";
import { publicEvent, type OrderEvent } from "./schemas/order-event.schema";

/**
 * What a customer may see of its own order (DESIGN §1: customer views carry no operations
 * notes, model advice or sources). Operations see the full view and log; a customer sees
 * its order without where the PO came from (EDI sender, e-mail address), admission state,
 * dead or abandoned handoffs, escalations (operations' notes and who decided), resolutions' model advice (explanation,
 * confidence, cited episodes and rules) and exceptions' internal details.
 */
export type CustomerOrderView = Omit<
  OrderView,
  "source" | "admission" | "escalations" | "exceptions" | "resolutions" | "dead_handoffs" | "abandoned_handoffs"
> & {
  exceptions: Omit<OrderView["exceptions"][number], "details">[];
  resolutions: CustomerResolution[];
};

/** A resolution as its customer sees it: what was decided and what it is worth. */
export type CustomerResolution = Pick<
  Resolution,
  "exception_id" | "resolution_type" | "escalated" | "amount" | "discount_pct" | "decision"
>;

/** A stored event as `/events` and the WebSocket send it; a customer's carries projected data. */
export type ShownEvent = Omit<ReturnType<typeof publicEvent>, "data"> & { data: object };

/**
 * Which events a customer sees. Every event type must be decided here (the compiler checks), so
 * a new kind of event is never shown to customers by default: system bookkeeping (handoffs,
 * admission, dead and abandoned handoffs, stale or refused partner events), people's decisions
 * and model calls are operations' alone.
 */
export const SHOWN_TO_CUSTOMER: Readonly<Record<OrderEvent["type"], boolean>> = {
  "order.received": true,
  "order.rejected": true,
  "intake.validated": true,
  "fulfillment.planned": true,
  "status.changed": true,
  "exception.opened": true,
  "exception.resolved": true,
  "shipment.dispatched": true,
  "shipment.delivered": true,
  "shipment.tracking_updated": true,
  "stock.shortfall": true,
  "invoice.recorded": true,
  "csat.recorded": true,
  "notification.sent": true,
  "order.cancelled": true,
  "order.changed": true,
  "escalation.opened": false,
  "escalation.decided": false,
  "model.called": false,
  "model.fallback": false,
  "external.stale": false,
  "external.refused": false,
  "handoff.issued": false,
  "handoff.completed": false,
  "handoff.dead_lettered": false,
  "handoff.abandoned": false,
  "admission.waiting": false,
  "admission.released": false,
  "decision.refused": false,
};

function customerResolution(r: Resolution): CustomerResolution {
  return {
    exception_id: r.exception_id,
    resolution_type: r.resolution_type,
    escalated: r.escalated,
    ...(r.amount !== undefined ? { amount: r.amount } : {}),
    ...(r.discount_pct !== undefined ? { discount_pct: r.discount_pct } : {}),
    ...(r.decision !== undefined ? { decision: r.decision } : {}),
  };
}

/** Projects the full order view to what its customer may see. */
export function customerView(view: OrderView): CustomerOrderView {
  const {
    source: _source,
    admission: _admission,
    escalations: _escalations,
    dead_handoffs: _dead,
    abandoned_handoffs: _abandoned,
    exceptions,
    resolutions,
    ...rest
  } = view;
  return {
    ...rest,
    exceptions: exceptions.map(({ details: _details, ...x }) => x),
    resolutions: resolutions.map(customerResolution),
  };
}

/** Projects one stored event to what the order's customer may see, or null when it is operations' alone. */
export function customerEvent(e: OrderEvent): ShownEvent | null {
  if (!SHOWN_TO_CUSTOMER[e.type]) return null;
  const shown = publicEvent(e);
  switch (e.type) {
    case "order.received": {
      const { source: _source, admission: _admission, ...data } = e.data;
      return { ...shown, data };
    }
    case "exception.opened": {
      const { details: _details, ...data } = e.data;
      return { ...shown, data };
    }
    case "status.changed": {
      // The reason is operations' wording (an ERP's note, who approved an escalation).
      const { reason: _reason, ...data } = e.data;
      return { ...shown, data };
    }
    case "order.cancelled": {
      // Which escalations closed, who sent it (an EDI sender) and the stated reason are operations' wording.
      const { escalations_closed: _closed, source: _source, reason: _reason, ...data } = e.data;
      return { ...shown, data };
    }
    case "order.changed": {
      const { note: _note, source: _source, ...data } = e.data;
      return { ...shown, data };
    }
    case "exception.resolved":
      return { ...shown, data: { resolution: customerResolution(e.data.resolution) } };
    default:
      return shown;
  }
}

/** Whether a principal sees the full order (operations) or the customer's projection. */
export const seesFullOrder = (kind: PrincipalKind): boolean => kind === "ops";

/** The order view as this principal may see it. */
export function viewFor(kind: PrincipalKind, view: OrderView): OrderView | CustomerOrderView {
  return seesFullOrder(kind) ? view : customerView(view);
}

/** The event log as this principal may see it, oldest first. */
export function eventsFor(kind: PrincipalKind, events: readonly OrderEvent[]): ShownEvent[] {
  return seesFullOrder(kind) ? events.map(publicEvent) : events.flatMap((e) => customerEvent(e) ?? []);
}
