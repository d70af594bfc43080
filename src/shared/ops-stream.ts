import { z } from "zod";
import { OrderStatus } from "./order-lifecycle";
import type { OrderEvent } from "./schemas/order-event.schema";

const EscalationMessage = z.object({
  type: z.enum(["escalation.opened", "escalation.decided"]),
  at: z.string(),
  escalation_id: z.string(),
  customer_id: z.string().nullable(),
  po_number: z.string().nullable(),
});
export type EscalationMessage = z.infer<typeof EscalationMessage>;

/**
 * A message of the operations stream (`GET /v1/ops/stream`, DESIGN §12): one per event an
 * OrderObject commits, and one per escalation opened or decided. `hello` greets a new socket.
 */
export const OpsMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("order.event"),
    at: z.string(),
    customer_id: z.string(),
    po_number: z.string(),
    event_type: z.string(),
    status: OrderStatus,
  }),
  EscalationMessage,
  z.object({ type: z.literal("hello") }),
]);
export type OpsMessage = z.infer<typeof OpsMessage>;

/**
 * The stream's messages for the events one commit stored: an `order.event` for each, carrying
 * the order's status once that event applied (`before` is the status ahead of the commit, null
 * for a new order), and an escalation message for each escalation the commit opened or decided.
 */
export function orderOpsMessages(
  order: { customer_id: string; po_number: string },
  before: OrderStatus | null,
  events: readonly OrderEvent[],
): OpsMessage[] {
  const messages: OpsMessage[] = [];
  let status = before;
  for (const e of events) {
    if (e.type === "order.received") status = "received";
    if (e.type === "status.changed") status = e.data.to;
    // Every stored log starts with order.received, so a status is known from the first event on.
    if (status === null) continue;
    messages.push({ type: "order.event", at: e.at, ...order, event_type: e.type, status });
    if (e.type === "escalation.opened" || e.type === "escalation.decided") {
      messages.push({ type: e.type, at: e.at, escalation_id: e.data.escalation_id, ...order });
    }
  }
  return messages;
}
