import { projectOrderToD1 } from "../shared/db/order-projection";
import { shipStock } from "../shared/db/stock-repository";
import { orderKeyOf } from "../shared/order-key";
import type { OrderView } from "../shared/order-view";
import { Handoff } from "../shared/schemas/handoff.schema";
import type { OrderEvent, Stage } from "../shared/schemas/order-event.schema";
import { ADMISSION_SINGLETON } from "./admission.do";
import { rememberException } from "../workers/memory/remember-exception";
import { countOutboxAttempt, readOutbox, removeOutbox } from "./order-store";

/**
 * Exceptions whose episode these events complete or change: a resolution that needed no one,
 * a person's decision, a customer's satisfaction.
 */
export function episodesTouched(events: readonly OrderEvent[]): string[] {
  const ids = events.flatMap((e) => {
    if (e.type === "exception.resolved" && !e.data.resolution.escalated) return [e.data.resolution.exception_id];
    if (e.type === "escalation.decided" && e.data.exception_id) return [e.data.exception_id];
    if (e.type === "csat.recorded") return [e.data.exception_id];
    return [];
  });
  return [...new Set(ids)];
}

/** Shipments these events dispatched: their goods leave stock, releasing the order's reservation. */
export function shipmentsDispatched(events: readonly OrderEvent[]): string[] {
  return events.flatMap((e) => (e.type === "shipment.dispatched" ? [e.data.shipment_id] : []));
}

/** How long the alarm waits before re-sending what the outbox still holds. */
export const OUTBOX_RETRY_MS = 5_000;

const QUEUE_OF: Record<Stage, "INTAKE_QUEUE" | "FULFILLMENT_QUEUE" | "EXCEPTIONS_QUEUE" | "COMMS_QUEUE"> = {
  intake: "INTAKE_QUEUE",
  fulfillment: "FULFILLMENT_QUEUE",
  exceptions: "EXCEPTIONS_QUEUE",
  comms: "COMMS_QUEUE",
};

/**
 * Sends every outbox row: handoffs to their queues, the view to D1's indexes, shipped goods
 * out of stock, finished exceptions to episodic memory, a settled order's release to AdmissionControl. A row is deleted only once sent; what fails stays for
 * the alarm, which is re-armed while anything is left.
 */
export async function deliverOutbox(ctx: DurableObjectState, env: Env, view: OrderView | null): Promise<void> {
  const sql = ctx.storage.sql;
  for (const row of readOutbox(sql)) {
    try {
      if (row.kind === "queue") {
        const { stage, body } = JSON.parse(row.body) as { stage: Stage; body: unknown };
        await env[QUEUE_OF[stage]].send(Handoff.parse(body), { contentType: "json" });
      } else if (row.kind === "stock" && view) {
        const shipment = view.shipments.find((x) => x.shipment_id === (JSON.parse(row.body) as string));
        if (shipment) await shipStock(env.DB, { shipment_id: shipment.shipment_id, customer_id: view.customer_id, po_number: view.po_number, warehouse: shipment.warehouse, lines: shipment.lines, at: new Date().toISOString() });
      } else if (row.kind === "episode" && view) {
        await rememberException(env, view, JSON.parse(row.body) as string);
      } else if (row.kind === "admission" && view) {
        await env.ADMISSION.getByName(ADMISSION_SINGLETON).release(orderKeyOf(view));
      } else if (view) {
        await projectOrderToD1(env.DB, view);
      }
      removeOutbox(sql, row.id);
    } catch (err) {
      countOutboxAttempt(sql, row.id);
      console.warn(JSON.stringify({ msg: "outbox send failed; the alarm will retry", id: row.id, attempts: row.attempts + 1, error: String(err) }));
    }
  }
  if (readOutbox(sql).length === 0) await ctx.storage.deleteAlarm();
  else await ctx.storage.setAlarm(Date.now() + OUTBOX_RETRY_MS);
}
