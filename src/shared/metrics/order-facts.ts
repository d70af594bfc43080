import { isSlaRisk, slaDate } from "../allocation";
import type { OrderView } from "../order-view-model";
import { OPEN_RESOLUTION } from "./figures";

/** What the metrics need of one order, projected into its order index row. */
export interface OrderMetricFacts {
  /** Intake to settled (no handoff pending, past `received`), in ms; null until it settles. */
  settledMs: number | null;
  /** The contract's delivery date; null without a contract window or for an order that will not ship. */
  slaDue: string | null;
  /** The day its last shipment was delivered; null until every shipment is. */
  deliveredOn: string | null;
  /** 1 when planning saw the SLA at risk or a shipment on its way is now due after the contract date. */
  slaRisk: number;
  /** Notifications that went out after their `due_by`. */
  lateNotifications: number;
}

const NOT_SHIPPING = new Set<OrderView["status"]>(["rejected", "cancelled"]);

export function orderMetricFacts(view: OrderView): OrderMetricFacts {
  const settled = view.pending_handoffs === 0 && view.status !== "received" && view.admission !== "waiting";
  const shipments = view.shipments.filter((s) => s.status !== "cancelled");
  const delivered = shipments.length > 0 && shipments.every((s) => s.status === "delivered");
  const window = view.sla?.delivery_window_days;
  const lateEta = shipments.some(
    (s) =>
      s.status !== "delivered" && s.eta !== null && window !== undefined && isSlaRisk(s.eta, view.order_date, window),
  );
  const deliveredDays = shipments.map((s) => (s.carrier_event_at ?? view.updated_at).slice(0, 10)).sort();
  return {
    settledMs: settled ? Math.max(0, Date.parse(view.updated_at) - Date.parse(view.received_at)) : null,
    slaDue: view.sla && !NOT_SHIPPING.has(view.status) ? slaDate(view.order_date, view.sla.delivery_window_days) : null,
    deliveredOn: delivered ? deliveredDays[deliveredDays.length - 1]! : null,
    slaRisk: view.sla_risk || lateEta ? 1 : 0,
    lateNotifications: view.notifications.filter((n) => Date.parse(n.sent_at) > Date.parse(n.due_by)).length,
  };
}

export interface ExceptionFact {
  exceptionId: string;
  type: string;
  resolutionType: string;
  escalated: number;
}

/** Each exception of the order with its resolution (`open` until it has one) and whether a person was asked. */
export function exceptionFacts(view: OrderView): ExceptionFact[] {
  return view.exceptions.map((x) => {
    const r = view.resolutions.find((res) => res.exception_id === x.exception_id);
    return {
      exceptionId: x.exception_id,
      type: x.type,
      resolutionType: r?.resolution_type ?? OPEN_RESOLUTION,
      escalated: r?.escalated ? 1 : 0,
    };
  });
}
