import { z } from "zod";
import { OrderStatus } from "../order-lifecycle";
import { Actor, OrderEventBody, Stage } from "./order-event.schema";

/** A queue message handing a PO to the next agent; the order is its customer and PO number (`orderKey`). */
export const Handoff = z.object({
  handoff_id: z.string().min(1),
  customer_id: z.string().min(1),
  po_number: z.string().min(1),
  stage: Stage,
  traceparent: z.string().nullable(),
  issued_at: z.string(),
});
export type Handoff = z.infer<typeof Handoff>;

/** What an agent decided for one handoff, applied by the OrderObject at most once. */
export const AgentDecision = z.object({
  handoff_id: z.string().min(1),
  stage: Stage,
  actor: Actor,
  status: z.object({ to: OrderStatus, reason: z.string(), business_at: z.string().optional() }).nullable(),
  events: z.array(OrderEventBody),
  summary: z.string(),
  next_stage: Stage.nullable(),
  traceparent: z.string().nullable(),
});
export type AgentDecision = z.infer<typeof AgentDecision>;
