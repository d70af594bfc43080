import type { JsonObject } from "./schemas/json.schema";
import { laterInstant } from "./business-dates";
import { roundUsd } from "./money";
import type { OrderStatus } from "./order-lifecycle";
import type { Channel } from "./schemas/purchase-order.schema";
import type { Sla } from "./schemas/reference.schema";
import type {
  BackorderLine,
  ExceptionType,
  OrderEvent,
  Resolution,
  Shipment,
  Stage,
  ViewLine,
} from "./schemas/order-event.schema";

const AGENTS = ["intake", "fulfillment", "exception", "comms"] as const;

/** The order view of DESIGN §5.2, derived from the event log and nothing else. */
export interface OrderView {
  po_number: string;
  customer_id: string;
  customer: string | null;
  channel: Channel;
  /** Where the PO came from beyond its channel: EDI control numbers, the e-mail's sender. */
  source: JsonObject | null;
  status: OrderStatus;
  /** Business time the current status began (its event's own date), for notification deadlines. */
  status_since: string;
  /** The status to return to once the open exceptions are resolved. */
  resume_status: OrderStatus | null;
  order_date: string;
  received_at: string;
  business_start: string;
  requested_delivery_date: string | null;
  priority: "standard" | "expedite";
  allow_partial_shipment: boolean;
  notes: string | null;
  lines: ViewLine[];
  total: number;
  currency: "USD";
  contract_id: string | null;
  payment_terms: string | null;
  sla: Sla | null;
  validation: {
    status: "accepted" | "rejected" | "duplicate_detected";
    errors: { field: string; message: string }[];
    warnings: string[];
    sanitized: boolean;
    attacks_detected: string[];
    quarantined_fields: string[];
    /** Text in a PO is data, never a command: nothing in it is ever followed (DESIGN §5.1). */
    instruction_followed: false;
  };
  flags: string[];
  shipments: Shipment[];
  backorders: BackorderLine[];
  eta: string | null;
  sla_risk: boolean;
  exceptions: {
    exception_id: string;
    type: ExceptionType;
    status: "open" | "resolved" | "escalated";
    detected_at: string;
    details: JsonObject;
    customer_satisfaction?: "positive" | "neutral" | "negative";
  }[];
  resolutions: Resolution[];
  escalations: {
    escalation_id: string;
    exception_id: string | null;
    reason: string;
    status: "open" | "decided";
    created_at: string;
    proposed_resolution: JsonObject | null;
    decision?: "approve" | "reject" | "modify";
    decided_by?: string;
    note?: string | null;
  }[];
  notifications: {
    channel: string;
    sent_at: string;
    template: string | null;
    model: string | null;
    text: string;
    due_by: string;
    milestone: string;
  }[];
  agents_invoked: string[];
  /** Where the PO stands with AdmissionControl: `waiting` holds it out of the pipeline. */
  admission: "none" | "admitted" | "waiting";
  pending_handoffs: number;
  /** Sends given up on and not since made good (DESIGN §2: visible to operations, never silently dropped). */
  dead_handoffs: {
    id: string;
    kind: string;
    stage: Stage | null;
    via: "outbox" | "dead_letter_queue";
    attempts: number;
    reason: string;
    at: string;
  }[];
  /** Open handoffs the stalled-handoff sweep stopped re-issuing; each has an escalation for a person. */
  abandoned_handoffs: { handoff_id: string; stage: Stage; redrives: number; at: string }[];
  cost_usd: number;
  cost_basis: "modeled" | "billed";
  llm_calls: number;
  trace_id: string | null;
  version: number;
  updated_at: string;
}

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

/** Open handoffs, plus the one a PO waiting for admission is owed: zero means settled. */
export function pendingHandoffs(view: OrderView, events: readonly OrderEvent[]): number {
  return openHandoffs(events).length + (view.admission === "waiting" ? 1 : 0);
}

function addFlags(view: OrderView, flags: readonly string[]): void {
  for (const f of flags) if (!view.flags.includes(f)) view.flags.push(f);
}

/** Applies one event to a view in place. The first event must be `order.received`. */
export function applyOrderEvent(view: OrderView | null, e: OrderEvent): OrderView {
  if (e.type === "order.received") {
    const d = e.data;
    return {
      po_number: d.po.po_number,
      customer_id: d.po.customer_id,
      customer: d.customer?.name ?? null,
      channel: d.channel,
      source: d.source ?? null,
      status: "received",
      status_since: d.business_start,
      resume_status: null,
      order_date: d.order_date,
      received_at: d.received_at,
      business_start: d.business_start,
      requested_delivery_date: d.po.requested_delivery_date ?? null,
      priority: d.po.priority ?? "standard",
      allow_partial_shipment: d.po.allow_partial_shipment ?? d.customer?.allow_partial_shipment ?? false,
      notes: d.po.notes ?? null,
      lines: d.po.line_items.map((l) => ({
        sku: l.sku,
        description: l.description ?? "",
        qty: l.qty,
        unit_price: l.unit_price ?? 0,
        contract_price: null,
        list_price: null,
        qty_shipped: 0,
      })),
      total: 0,
      currency: "USD",
      contract_id: null,
      payment_terms: null,
      sla: null,
      validation: {
        status: "accepted",
        errors: [],
        warnings: [],
        sanitized: d.sanitized,
        attacks_detected: d.attacks_detected,
        quarantined_fields: d.quarantined_fields,
        instruction_followed: false,
      },
      flags: [],
      shipments: [],
      backorders: [],
      eta: null,
      sla_risk: false,
      exceptions: [],
      resolutions: [],
      escalations: [],
      notifications: [],
      agents_invoked: [],
      admission: d.admission,
      pending_handoffs: 0,
      dead_handoffs: [],
      abandoned_handoffs: [],
      cost_usd: 0,
      cost_basis: "modeled",
      llm_calls: 0,
      trace_id: e.trace_id,
      version: e.seq,
      updated_at: e.at,
    };
  }
  if (!view) throw new Error(`event ${e.seq} (${e.type}) precedes order.received`);
  view.version = e.seq;
  view.updated_at = e.at;
  if ((AGENTS as readonly string[]).includes(e.actor) && !view.agents_invoked.includes(e.actor)) {
    view.agents_invoked.push(e.actor);
  }
  switch (e.type) {
    case "order.rejected":
      view.validation.status = "rejected";
      view.validation.errors = e.data.errors;
      view.validation.warnings = e.data.warnings;
      break;
    case "intake.validated":
      view.lines = e.data.lines;
      view.total = e.data.total;
      view.contract_id = e.data.contract?.contract_id ?? null;
      view.payment_terms = e.data.payment_terms;
      view.sla = e.data.sla;
      view.validation.warnings = e.data.warnings;
      addFlags(view, e.data.flags);
      break;
    case "fulfillment.planned":
      view.shipments = e.data.shipments;
      view.backorders = e.data.backorders;
      view.eta = e.data.eta;
      view.sla_risk = e.data.sla_risk;
      addFlags(view, e.data.flags);
      break;
    case "status.changed":
      if (
        (e.data.to === "exception" || e.data.to === "quality-hold") &&
        e.data.from !== "exception" &&
        e.data.from !== "quality-hold"
      ) {
        view.resume_status = e.data.from;
      }
      view.status = e.data.to;
      view.status_since = e.data.business_at ?? view.business_start;
      if (e.data.to === "awaiting-approval") addFlags(view, ["awaiting_approval"]);
      else view.flags = view.flags.filter((f) => f !== "awaiting_approval");
      break;
    case "exception.opened":
      view.exceptions.push({ ...e.data, status: "open" });
      break;
    case "exception.resolved": {
      const r = e.data.resolution;
      view.resolutions.push(r);
      const ex = view.exceptions.find((x) => x.exception_id === r.exception_id);
      if (ex) ex.status = r.escalated ? "escalated" : "resolved";
      break;
    }
    case "escalation.opened":
      view.escalations.push({ ...e.data, status: "open", created_at: e.at });
      break;
    case "escalation.decided": {
      const d = e.data;
      const esc = view.escalations.find((x) => x.escalation_id === d.escalation_id);
      if (esc) Object.assign(esc, { status: "decided", decision: d.decision, decided_by: d.decided_by, note: d.note });
      if (d.exception_id) {
        const ex = view.exceptions.find((x) => x.exception_id === d.exception_id);
        if (ex) ex.status = "resolved";
        const r = view.resolutions.find((x) => x.exception_id === d.exception_id);
        if (r) {
          r.decision = d.decision;
          if (d.resolution) Object.assign(r, d.resolution);
        }
      }
      break;
    }
    case "csat.recorded": {
      const ex = view.exceptions.find((x) => x.exception_id === e.data.exception_id);
      if (ex) ex.customer_satisfaction = e.data.customer_satisfaction;
      break;
    }
    case "shipment.dispatched": {
      const s = view.shipments.find((x) => x.shipment_id === e.data.shipment_id);
      if (s) {
        s.carrier = e.data.carrier;
        s.tracking = e.data.tracking;
        s.status = "shipped";
        s.ship_date = e.data.shipped_at.slice(0, 10);
        // Allocation merges lines of one SKU, so a shipped quantity fills them in order.
        for (const sl of s.lines) {
          let left = sl.qty;
          for (const line of view.lines.filter((l) => l.sku === sl.sku)) {
            const take = Math.min(left, line.qty - line.qty_shipped);
            line.qty_shipped += take;
            left -= take;
          }
        }
      }
      break;
    }
    case "shipment.delivered": {
      const s = view.shipments.find((x) => x.shipment_id === e.data.shipment_id);
      if (s) {
        s.status = "delivered";
        s.carrier_event_at = laterInstant(s.carrier_event_at, e.data.delivered_at);
      }
      break;
    }
    case "shipment.tracking_updated": {
      const s = view.shipments.find((x) => x.shipment_id === e.data.shipment_id);
      if (s) {
        s.carrier_status = e.data.status;
        s.location = e.data.location;
        if (e.data.estimated_delivery) s.eta = e.data.estimated_delivery.slice(0, 10);
        s.carrier_event_at = laterInstant(s.carrier_event_at, e.data.occurred_at);
      }
      break;
    }
    case "stock.shortfall": {
      let left = e.data.qty;
      for (const s of [...view.shipments].reverse()) {
        if (s.status !== "planned" || s.warehouse !== e.data.warehouse) continue;
        for (const l of s.lines.filter((x) => x.sku === e.data.sku)) {
          const take = Math.min(left, l.qty);
          l.qty -= take;
          left -= take;
        }
        s.lines = s.lines.filter((l) => l.qty > 0);
        if (s.lines.length === 0) s.status = "cancelled";
      }
      const same = view.backorders.find(
        (b) => b.sku === e.data.sku && b.supplier_eta === e.data.backorder.supplier_eta,
      );
      if (same) same.qty += e.data.backorder.qty;
      else view.backorders.push({ ...e.data.backorder });
      view.eta =
        [view.eta, e.data.backorder.eta]
          .filter((d): d is string => d !== null)
          .sort()
          .at(-1) ?? null;
      addFlags(
        view,
        view.shipments.some((s) => s.status !== "cancelled") ? ["backorder", "split_required"] : ["backorder"],
      );
      break;
    }
    case "notification.sent":
      view.notifications.push(e.data);
      break;
    case "model.called":
      view.llm_calls += 1;
      view.cost_usd = roundUsd(view.cost_usd + e.data.cost_usd);
      if (e.data.cost_basis === "billed") view.cost_basis = "billed";
      break;
    case "model.fallback":
      addFlags(view, ["model_fallback"]);
      break;
    case "admission.waiting":
      view.admission = "waiting";
      break;
    case "admission.released":
      view.admission = "admitted";
      break;
    case "handoff.dead_lettered":
      view.dead_handoffs = [...view.dead_handoffs.filter((d) => d.id !== e.data.id), { ...e.data, at: e.at }];
      break;
    case "handoff.abandoned":
      view.abandoned_handoffs = [
        ...view.abandoned_handoffs.filter((a) => a.handoff_id !== e.data.handoff_id),
        { ...e.data, at: e.at },
      ];
      break;
    case "handoff.completed":
    case "decision.refused":
      // A late original or a redrive answered it after all: it is no longer dead or abandoned.
      view.dead_handoffs = view.dead_handoffs.filter((d) => d.id !== e.data.handoff_id);
      view.abandoned_handoffs = view.abandoned_handoffs.filter((a) => a.handoff_id !== e.data.handoff_id);
      break;
    case "handoff.issued":
    case "invoice.recorded":
    case "external.refused":
    case "external.stale":
      break;
  }
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
