import { z } from "zod";
import { JsonObject } from "./json.schema";
import { MODEL_UNAVAILABLE_REASONS } from "../models/errors";
import { OrderStatus } from "../order-lifecycle";
import { AMENDMENT_EVENTS } from "./amendment-event.schema";
import { EXCEPTION_EVENTS } from "./exception.schema";
import { BackorderLine, Shipment, ViewLine } from "./fulfillment.schema";
import { Channel, RecordedPurchaseOrder } from "./purchase-order.schema";
import { Sla } from "./reference.schema";

/** The pipeline stages; each is one agent behind one queue. */
export const Stage = z.enum(["intake", "fulfillment", "exceptions", "comms"]);
export type Stage = z.infer<typeof Stage>;

/** Who wrote an event: the API, an agent, an external system or a person. */
export const Actor = z.enum(["api", "intake", "fulfillment", "exception", "comms", "erp", "carrier", "ops", "seed"]);
export type Actor = z.infer<typeof Actor>;

const FieldError = z.object({ field: z.string(), message: z.string() });

const ContractTerms = z.object({ contract_id: z.string(), payment_terms: z.string(), sla: Sla });

/** A PO as it arrived, with what intake found in its text: the data of `order.received`. */
export const OrderReceived = z.object({
  po: RecordedPurchaseOrder,
  channel: Channel,
  customer: z
    .object({ customer_id: z.string(), name: z.string(), tier: z.string(), allow_partial_shipment: z.boolean() })
    .nullable(),
  received_at: z.string(),
  order_date: z.string(),
  business_start: z.string(),
  sanitized: z.boolean(),
  attacks_detected: z.array(z.string()),
  quarantined_fields: z.array(z.string()),
  source: JsonObject.optional(),
  admission: z.enum(["none", "admitted", "waiting"]).default("none"),
});

/** Every kind of event an order's log can hold, each with its own data shape. */
export const OrderEventBody = z.discriminatedUnion("type", [
  z.object({ type: z.literal("order.received"), data: OrderReceived }),
  z.object({
    type: z.literal("order.rejected"),
    data: z.object({ errors: z.array(FieldError), warnings: z.array(z.string()) }),
  }),
  z.object({
    type: z.literal("intake.validated"),
    data: z.object({
      lines: z.array(ViewLine),
      total: z.number(),
      contract: ContractTerms.nullable(),
      payment_terms: z.string().nullable(),
      sla: Sla.nullable(),
      flags: z.array(z.string()),
      warnings: z.array(z.string()),
    }),
  }),
  z.object({
    type: z.literal("fulfillment.planned"),
    data: z.object({
      plan: z.enum(["single", "split", "backorder"]),
      shipments: z.array(Shipment),
      backorders: z.array(BackorderLine),
      eta: z.string().nullable(),
      sla_risk: z.boolean(),
      flags: z.array(z.string()),
    }),
  }),
  z.object({
    type: z.literal("status.changed"),
    /** `business_at`: when it happened in business time (the document's or event's own date). */
    data: z.object({ from: OrderStatus, to: OrderStatus, reason: z.string(), business_at: z.string().optional() }),
  }),
  ...EXCEPTION_EVENTS,
  ...AMENDMENT_EVENTS,
  z.object({
    type: z.literal("shipment.dispatched"),
    data: z.object({ shipment_id: z.string(), carrier: z.string(), tracking: z.string(), shipped_at: z.string() }),
  }),
  z.object({
    type: z.literal("shipment.delivered"),
    data: z.object({ shipment_id: z.string(), delivered_at: z.string() }),
  }),
  z.object({
    type: z.literal("shipment.tracking_updated"),
    data: z.object({
      shipment_id: z.string(),
      tracking: z.string(),
      status: z.string(),
      location: z.string(),
      occurred_at: z.string(),
      estimated_delivery: z.string().nullable(),
    }),
  }),
  z.object({
    type: z.literal("stock.shortfall"),
    /** Stock the order held is gone (an ERP inventory drop): planned shipments shrink, the rest is backordered. */
    data: z.object({
      movement_id: z.string(),
      sku: z.string(),
      warehouse: z.string(),
      qty: z.number().int().positive(),
      backorder: BackorderLine,
    }),
  }),
  z.object({
    type: z.literal("invoice.recorded"),
    data: z.object({
      invoice_id: z.string(),
      occurred_at: z.string(),
      lines: z.array(z.object({ sku: z.string(), qty: z.number().int(), unit_price: z.number() })),
    }),
  }),
  z.object({
    type: z.literal("model.called"),
    /** One ledgered model call made for this order; the view sums them per order. */
    data: z.object({
      interaction_id: z.string(),
      task: z.string(),
      model: z.string(),
      tier: z.string(),
      input_tokens: z.number().int(),
      output_tokens: z.number().int(),
      cache_write_tokens: z.number().int(),
      cache_read_tokens: z.number().int(),
      latency_ms: z.number(),
      cost_usd: z.number(),
      cost_basis: z.enum(["modeled", "billed"]),
      routing_reason: z.string(),
    }),
  }),
  z.object({
    type: z.literal("model.fallback"),
    /**
     * A model call gave nothing usable (it failed, or its text was flagged and withheld) and
     * the deterministic decision or draft stood in (DESIGN §7). `kind` and `http_status` say
     * why, for operations; events written before they existed carry `reason` alone.
     */
    data: z.object({
      task: z.string(),
      reason: z.string(),
      kind: z.enum([...MODEL_UNAVAILABLE_REASONS, "output_withheld"]).optional(),
      http_status: z.number().int().nullable().optional(),
    }),
  }),
  z.object({
    type: z.literal("external.stale"),
    /** A late event older than what the order already knows: kept for the record, applied to nothing (DESIGN §5.3). */
    data: z.object({
      source: z.enum(["erp", "carrier"]),
      webhook_id: z.string(),
      event_type: z.string(),
      occurred_at: z.string(),
      known_at: z.string(),
    }),
  }),
  z.object({
    type: z.literal("external.refused"),
    data: z.object({
      source: z.enum(["erp", "carrier"]),
      webhook_id: z.string(),
      event_type: z.string(),
      reason: z.string(),
    }),
  }),
  z.object({
    type: z.literal("notification.sent"),
    data: z.object({
      milestone: z.string(),
      channel: z.string(),
      sent_at: z.string(),
      template: z.string().nullable(),
      model: z.string().nullable(),
      text: z.string(),
      due_by: z.string(),
    }),
  }),
  z.object({
    type: z.literal("handoff.issued"),
    data: z.object({ handoff_id: z.string(), stage: Stage }),
  }),
  z.object({
    type: z.literal("handoff.completed"),
    data: z.object({ handoff_id: z.string(), stage: Stage, summary: z.string() }),
  }),
  z.object({
    type: z.literal("handoff.dead_lettered"),
    /**
     * A send given up on: an outbox row that kept failing (`via: "outbox"`, `id` the row's id)
     * or a queued handoff that exhausted its retries (`via: "dead_letter_queue"`).
     */
    data: z.object({
      id: z.string(),
      kind: z.string(),
      stage: Stage.nullable(),
      via: z.enum(["outbox", "dead_letter_queue"]),
      attempts: z.number().int().nonnegative(),
      reason: z.string(),
    }),
  }),
  z.object({
    type: z.literal("handoff.abandoned"),
    /** A handoff re-issued `redrives` times and still unanswered: left for a person, with an escalation. */
    data: z.object({ handoff_id: z.string(), stage: Stage, redrives: z.number().int().nonnegative() }),
  }),
  z.object({
    type: z.literal("admission.waiting"),
    data: z.object({ position: z.number().int().positive() }),
  }),
  z.object({
    type: z.literal("admission.released"),
    data: z.object({ waited_ms: z.number().nonnegative() }),
  }),
  z.object({
    type: z.literal("decision.refused"),
    data: z.object({ handoff_id: z.string(), stage: Stage, reason: z.string() }),
  }),
]);
export type OrderEventBody = z.infer<typeof OrderEventBody>;

/** A stored event: its body plus the envelope the OrderObject adds. */
export type OrderEvent = OrderEventBody & {
  seq: number;
  at: string;
  actor: Actor;
  trace_id: string | null;
  handoff_id: string | null;
};

/** The body of `{"events": [...]}` answers and WebSocket event frames (DESIGN §4). */
export function publicEvent(e: OrderEvent) {
  return { seq: e.seq, at: e.at, type: e.type, actor: e.actor, data: e.data, trace_id: e.trace_id };
}
