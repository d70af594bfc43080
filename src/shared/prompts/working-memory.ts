import { estimateTokens } from "../models/tokens";
import type { OrderView } from "../order-view";
import { QUARANTINED } from "../guardrails";
import type { publicEvent } from "../schemas/order-event.schema";

/** The context budget for any model call about one PO (DESIGN: working memory, 6,000 tokens). */
const WORKING_MEMORY_BUDGET_TOKENS = 6_000;

/** Only what a line needs, so a customer's projected log serves as well as the full one. */
type PublicEvent = Pick<ReturnType<typeof publicEvent>, "at" | "type"> & { data: object };

/** The order facts a model may see: no free text that was quarantined, no internal bookkeeping. */
export function orderFacts(view: OrderView) {
  return {
    po_number: view.po_number,
    customer: view.customer,
    status: view.status,
    order_date: view.order_date,
    requested_delivery_date: view.requested_delivery_date,
    lines: view.lines.map((l) => ({
      sku: l.sku,
      description: l.description === QUARANTINED ? null : l.description,
      qty: l.qty,
      unit_price: l.unit_price,
      qty_shipped: l.qty_shipped,
    })),
    total: view.total,
    currency: view.currency,
    payment_terms: view.payment_terms,
    sla: view.sla,
    shipments: view.shipments.map((s) => ({
      shipment_id: s.shipment_id,
      status: s.status,
      carrier: s.carrier,
      tracking: s.tracking,
      ship_date: s.ship_date,
      eta: s.eta,
      carrier_status: s.carrier_status ?? null,
      location: s.location ?? null,
    })),
    backorders: view.backorders,
    eta: view.eta,
    sla_risk: view.sla_risk,
    exceptions: view.exceptions.map((x) => ({
      exception_id: x.exception_id,
      type: x.type,
      status: x.status,
      detected_at: x.detected_at,
    })),
    resolutions: view.resolutions.map((r) => ({
      exception_id: r.exception_id,
      resolution_type: r.resolution_type,
      escalated: r.escalated,
      amount: r.amount ?? null,
      discount_pct: r.discount_pct ?? null,
    })),
    notes: view.notes === null || view.validation.quarantined_fields.includes("notes") ? null : view.notes,
  };
}

/** One line per event, the most a model needs about history. */
function eventLine(e: PublicEvent): string {
  const d = e.data as Record<string, unknown>;
  const detail =
    e.type === "status.changed"
      ? `${String(d.from)} -> ${String(d.to)}`
      : e.type === "exception.opened"
        ? String(d.type)
        : e.type === "shipment.dispatched"
          ? `${String(d.carrier)} ${String(d.tracking)}`
          : e.type === "shipment.tracking_updated"
            ? `${String(d.status)} at ${String(d.location)}`
            : e.type === "notification.sent"
              ? String(d.milestone)
              : "";
  return `${e.at.slice(0, 16)} ${e.type}${detail ? ` ${detail}` : ""}`;
}

/**
 * Working memory for one PO: its facts, then its history newest first until the budget is
 * spent; older events are summarised as counts by type. Quarantined text is never included,
 * and the tokens used are reported so the caller can record them.
 */
export function buildWorkingMemory(
  view: OrderView,
  events: readonly PublicEvent[],
  budget = WORKING_MEMORY_BUDGET_TOKENS,
) {
  const facts = orderFacts(view);
  let tokens = estimateTokens(JSON.stringify(facts));
  const shown: string[] = [];
  const meaningful = events.filter((e) => e.type !== "handoff.issued" && e.type !== "handoff.completed");
  let i = meaningful.length - 1;
  for (; i >= 0; i--) {
    const line = eventLine(meaningful[i]!);
    const cost = estimateTokens(line);
    if (tokens + cost > budget) break;
    tokens += cost;
    shown.unshift(line);
  }
  const older = meaningful.slice(0, i + 1);
  const summary = older.length
    ? Object.entries(
        older.reduce<Record<string, number>>((acc, e) => {
          acc[e.type] = (acc[e.type] ?? 0) + 1;
          return acc;
        }, {}),
      )
        .map(([t, n]) => `${n} x ${t}`)
        .join(", ")
    : null;
  return {
    context: { order: facts, history: shown, earlier_history_summary: summary },
    tokens,
    events_included: shown.length,
    events_summarised: older.length,
  };
}
