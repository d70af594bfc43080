import { z } from "zod";
import { EscalationDecision } from "../escalation-decisions";
import { PrincipalKind } from "../db/principals-repository";
import { Satisfaction } from "../memory/memory.schema";
import { AmendmentSource, CancelRequest, ChangeRequest } from "./amendment.schema";
import { ViewLine } from "./fulfillment.schema";
import { OrderEventBody, OrderReceived, Stage } from "./order-event.schema";
import { CarrierEvent, ErpEventForOrder } from "./webhook.schema";

/** RPC inputs of the OrderObject, checked with zod at the object's boundary. */

/** Input of `submit`: a PO as received, accepted for the pipeline or already rejected. */
export const SubmitOrder = z.object({
  /** Admission is decided by the object from the answer below, so it is not the caller's to set. */
  received: OrderReceived.omit({ admission: true }),
  /** AdmissionControl's answer for an accepted PO: `waiting` records it without starting the pipeline. */
  admission: z
    .discriminatedUnion("decision", [
      z.object({ decision: z.literal("admitted") }),
      z.object({ decision: z.literal("waiting"), position: z.number().int().positive() }),
    ])
    .nullable(),
  rejection: z
    .object({ errors: z.array(z.object({ field: z.string(), message: z.string() })), warnings: z.array(z.string()) })
    .nullable(),
  traceparent: z.string().nullable(),
});
export type SubmitOrder = z.infer<typeof SubmitOrder>;

/** Input of `applyExternal`: a verified, schema-checked webhook event. */
export const ExternalInput = z.discriminatedUnion("source", [
  z.object({
    source: z.literal("erp"),
    webhook_id: z.string().min(1),
    event: ErpEventForOrder,
    traceparent: z.string().nullable(),
  }),
  z.object({
    source: z.literal("carrier"),
    webhook_id: z.string().min(1),
    event: CarrierEvent,
    traceparent: z.string().nullable(),
  }),
]);
export type ExternalInput = z.infer<typeof ExternalInput>;

/** A WebSocket subscriber's identity, kept across hibernation. */
export const Subscriber = z.object({
  principal_id: z.string(),
  customer_id: z.string().nullable(),
  kind: PrincipalKind,
});
export type Subscriber = z.infer<typeof Subscriber>;

/** Input of `recordModelCalls`: only model-call bookkeeping may be written this way. */
export const ModelCallsInput = z.object({
  events: z.array(
    OrderEventBody.refine((e) => e.type === "model.called" || e.type === "model.fallback", {
      message: "only model.called and model.fallback events",
    }),
  ),
  traceparent: z.string().nullable(),
});
export type ModelCallsInput = z.infer<typeof ModelCallsInput>;

/** Input of `decideEscalation`: a person's decision, validated at the API. */
export const DecideInput = z.object({
  escalation_id: z.string().min(1),
  decision: EscalationDecision,
  decided_by: z.string().min(1),
  traceparent: z.string().nullable(),
});
export type DecideInput = z.infer<typeof DecideInput>;

/** Input of `recordCsat`. */
export const CsatInput = z.object({
  exception_id: z.string().min(1),
  customer_satisfaction: Satisfaction,
  traceparent: z.string().nullable(),
});
export type CsatInput = z.infer<typeof CsatInput>;

/** Input of `applyShortfall`: this order's share of an inventory drop, once per movement. */
export const ShortfallInput = z.object({
  movement_id: z.string().min(1),
  sku: z.string(),
  warehouse: z.string(),
  qty: z.number().int().positive(),
  supplier_eta: z.string().nullable(),
  occurred_at: z.string(),
  backorder_eta: z.string(),
  traceparent: z.string().nullable(),
});
export type ShortfallInput = z.infer<typeof ShortfallInput>;

/** Input of `recordDeadHandoff`: a handoff the dead-letter queue received after its retries ran out. */
export const DeadHandoffInput = z.object({
  handoff_id: z.string().min(1),
  stage: Stage,
  attempts: z.number().int().nonnegative(),
  reason: z.string().max(500),
});
export type DeadHandoffInput = z.infer<typeof DeadHandoffInput>;

/** What every amendment RPC carries besides its request: where it came from, who, and when in business time. */
const AmendmentCaller = {
  source: AmendmentSource,
  actor: z.enum(["api", "ops"]),
  business_at: z.iso.datetime({ offset: true }),
  traceparent: z.string().nullable(),
};

/** Input of `cancel`: the whole order, or some lines' quantities (DESIGN §14). */
/**
 * Input of `cancel`: the request and, for each SKU a partial cancellation leaves some of, that
 * line priced by the contract at the quantity that remains (`priced`; a smaller quantity can fall
 * below a tier).
 */
export const CancelInput = z.object({
  request: CancelRequest,
  priced: z.array(ViewLine).default([]),
  ...AmendmentCaller,
});
export type CancelInput = z.infer<typeof CancelInput>;

/**
 * Input of `change`: the request and, for each line it names, that line priced by the contract
 * at its new quantity (`priced`, one per SKU; the caller reads the catalog and contract).
 */
export const ChangeInput = z.object({ request: ChangeRequest, priced: z.array(ViewLine), ...AmendmentCaller });
export type ChangeInput = z.infer<typeof ChangeInput>;
