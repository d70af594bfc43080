import { addHours } from "./business-dates";
import { CLOSED_BY_AMENDMENT } from "./order-view-model";
import type { OrderView } from "./order-view";

/** Hours to answer a customer who has no contract SLA. */
const DEFAULT_RESPONSE_HOURS = 24;

/** One customer notification the comms agent owes. */
export interface DueNotification {
  milestone: string;
  template: string;
  text: string;
  due_by: string;
  /**
   * A routine transition (status milestone, amendment) whose template says every fact: it is
   * sent in the tier's tone without a model. An exception's outcome is worded by the model.
   */
  routine: boolean;
}

const TIER_TONE: Record<string, [string, string]> = {
  strategic: ["Hello from your account team,", "We are glad to walk through this on a call at your convenience."],
  key: ["Hello,", "Thank you for your continued partnership."],
  standard: ["Hello,", "Thank you for your order."],
};

/**
 * A draft in the tone the handbook sets for the customer's tier: its greeting, the draft as
 * is, the contract's SLA commitment and the tier's closing. Every fact stays the draft's.
 */
export function inTierTone(
  draft: string,
  tier: string,
  sla: { delivery_window_days: number; response_time_hours: number } | null,
): string {
  const [hello, close] = TIER_TONE[tier] ?? TIER_TONE.standard!;
  const commitment = sla
    ? ` Our commitment: delivery within ${sla.delivery_window_days} days of your order date and a response within ${sla.response_time_hours} hours.`
    : "";
  return `${hello}\n\n${draft}${commitment}\n\n${close}`;
}

function statusMilestone(view: OrderView): { milestone: string; template: string } | null {
  switch (view.status) {
    case "confirmed":
      return { milestone: "order_confirmed", template: "order_confirmed" };
    case "backordered":
      return { milestone: "order_backordered", template: "order_backordered" };
    case "awaiting-approval":
      return { milestone: "order_awaiting_approval", template: "order_awaiting_approval" };
    case "rejected":
      return { milestone: "order_rejected", template: "order_rejected" };
    case "partially-shipped":
    case "shipped":
      return {
        milestone: `order_shipped:${view.shipments.filter((s) => s.status !== "planned").length}`,
        template: "order_shipped",
      };
    case "delivered":
      return { milestone: "order_delivered", template: "order_delivered" };
    default:
      return null;
  }
}

function orderText(view: OrderView, template: string): string {
  const greeting = `Purchase order ${view.po_number}${view.customer ? ` for ${view.customer}` : ""}`;
  const sla = view.sla ? ` Your contract's delivery window is ${view.sla.delivery_window_days} days.` : "";
  const risk = view.sla_risk
    ? ` The expected delivery (${view.eta}) falls outside that window; we will keep you informed.`
    : "";
  const eta = view.eta ?? "to be confirmed";
  switch (template) {
    case "order_confirmed":
      return (
        `${greeting} is confirmed: ${view.lines.length} line(s), total $${view.total.toFixed(2)}, ` +
        `${view.shipments.length} shipment(s), expected delivery ${eta}.${sla}${risk}`
      );
    case "order_backordered": {
      const items = view.backorders.map((b) => `${b.qty} x ${b.sku} (supplier ETA ${b.supplier_eta ?? "pending"})`);
      return `${greeting} is backordered: ${items.join(", ")}. Expected delivery ${eta}.${sla}${risk}`;
    }
    case "order_shipped": {
      const out = view.shipments.filter((s) => s.status === "shipped" || s.status === "delivered");
      const list = out
        .map((s) => `${s.carrier ?? "carrier"} ${s.tracking ?? ""} (ETA ${s.eta ?? "pending"})`.replace("  ", " "))
        .join(", ");
      const rest = view.backorders.length ? " The backordered items follow when restocked." : "";
      return `${greeting} has shipped: ${out.length} of ${view.shipments.length} shipment(s) on the way — ${list}.${rest}`;
    }
    case "order_delivered":
      return `${greeting} has been delivered in full. Thank you for your business.`;
    case "order_awaiting_approval":
      return `${greeting} has been received and is awaiting internal approval of a split shipment. We will confirm shipping dates shortly.${sla}`;
    default:
      return `${greeting} could not be accepted: ${view.validation.errors.map((e) => `${e.field} ${e.message}`).join("; ")}.`;
  }
}

/**
 * The notifications an order owes that it has not yet sent: one for its current status
 * milestone, one for each cancellation or change, and one for each resolved exception. Each is due within the contract's
 * response time (or a procedural rule's tighter deadline), counted from the business time of
 * the milestone: when the status began, or when the exception was detected.
 */
export function dueNotifications(
  view: OrderView,
  responseHours = view.sla?.response_time_hours ?? DEFAULT_RESPONSE_HOURS,
): DueNotification[] {
  const sent = new Set(view.notifications.map((n) => n.milestone));
  const due: DueNotification[] = [];
  const status = statusMilestone(view);
  if (status && !sent.has(status.milestone)) {
    due.push({
      ...status,
      text: orderText(view, status.template),
      due_by: addHours(view.status_since, responseHours),
      routine: true,
    });
  }
  for (const esc of view.escalations) {
    const milestone = `decision:${esc.escalation_id}`;
    // Closed because the order was cancelled: the cancellation's own notice says so.
    if (esc.status !== "decided" || sent.has(milestone) || esc.decided_by === CLOSED_BY_AMENDMENT) continue;
    const r = esc.exception_id ? view.resolutions.find((x) => x.exception_id === esc.exception_id) : undefined;
    const type = view.exceptions.find((x) => x.exception_id === esc.exception_id)?.type.replace(/_/g, " ") ?? "issue";
    const resolved = r?.resolution_type.replace(/_/g, " ") ?? esc.decision;
    const amount = r?.amount !== undefined ? ` of $${r.amount.toFixed(2)}` : "";
    const discount = r?.discount_pct !== undefined ? ` with a ${r.discount_pct}% discount` : "";
    const outcome = esc.exception_id
      ? `our team has decided on the ${type}: ${resolved}${amount}${discount}. ${r?.explanation ?? ""}`
      : esc.decision === "reject"
        ? "we will ship it complete once all items are in stock rather than in several shipments."
        : `the split shipment is approved and ${view.shipments.length} shipment(s) are being prepared; expected delivery ${view.eta ?? "to be confirmed"}.`;
    due.push({
      milestone,
      template: `decision_${esc.decision}`,
      text: `Update on purchase order ${view.po_number}: ${outcome}`.trim(),
      due_by: addHours(view.status_since, responseHours),
      routine: false,
    });
  }
  for (const a of view.amendments) {
    if (!sent.has(a.milestone))
      due.push({
        milestone: a.milestone,
        template: `order_${a.kind}`,
        text: a.text,
        due_by: addHours(a.at, responseHours),
        routine: true,
      });
  }
  for (const r of view.resolutions) {
    const milestone = `resolution:${r.exception_id}`;
    if (sent.has(milestone)) continue;
    const ex = view.exceptions.find((x) => x.exception_id === r.exception_id);
    const amount = r.amount !== undefined ? ` Amount: $${r.amount.toFixed(2)}.` : "";
    const next = r.escalated ? " Our operations team is reviewing it and will follow up." : "";
    const handled = `${ex?.type.replace(/_/g, " ") ?? "an issue"} handled by ${r.resolution_type.replace(/_/g, " ")}`;
    due.push({
      milestone,
      template: `resolution_${r.resolution_type}`,
      text: `Update on purchase order ${view.po_number}: ${handled}.${amount} ${r.explanation}${next}`,
      due_by: addHours(ex?.detected_at ?? view.business_start, r.notify_within_hours ?? responseHours),
      routine: false,
    });
  }
  return due;
}
