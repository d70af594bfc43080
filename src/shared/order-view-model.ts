import type { OrderStatus } from "./order-lifecycle";
import type { RecordedException, Resolution } from "./schemas/exception.schema";
import type { BackorderLine, Shipment, ViewLine } from "./schemas/fulfillment.schema";
import type { JsonObject } from "./schemas/json.schema";
import type { OrderEvent, Stage } from "./schemas/order-event.schema";
import type { Channel } from "./schemas/purchase-order.schema";
import type { Sla } from "./schemas/reference.schema";

/** An exception as the order view shows it: as recorded, with where it stands. */
export type ViewException = RecordedException & {
  status: "open" | "resolved" | "escalated";
  customer_satisfaction?: "positive" | "neutral" | "negative";
};

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
  exceptions: ViewException[];
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
  /** Cancellations and changes since the PO arrived, each with what the customer is told of it (`milestone`). */
  amendments: { kind: "cancelled" | "changed"; milestone: string; at: string; text: string }[];
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

/** A stored event of one of the types `K`. */
export type EventOf<K extends OrderEvent["type"]> = { [P in K]: Extract<OrderEvent, { type: P }> & { type: P } }[K];

/** How one kind of event changes the view, in place. */
export type Fold<K extends OrderEvent["type"]> = (view: OrderView, e: EventOf<K>) => void;

/** Adds flags the view does not have yet, keeping their order. */
export function addFlags(view: OrderView, flags: readonly string[]): void {
  for (const f of flags) if (!view.flags.includes(f)) view.flags.push(f);
}

/**
 * Who `escalation.decided` names when an amendment (a cancellation or a change) closes an
 * escalation: no person decided it, so no decision notice follows, no episode is learnt from it,
 * and a split approval closed so is not a rejected split.
 */
export const CLOSED_BY_AMENDMENT = "order-amendment";

/** Whether an escalation is the approval a split over $50,000 waits for (DESIGN §6), not an exception's. */
export const isSplitApproval = (esc: OrderView["escalations"][number]): boolean =>
  esc.exception_id === null && esc.proposed_resolution?.action === "approve_split_shipment";

/** The view an order starts as: its `order.received`, nothing decided yet. */
export function receivedView(e: EventOf<"order.received">): OrderView {
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
    amendments: [],
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
