import { openHandoffs } from "../shared/order-view";
import type { Handoff } from "../shared/schemas/handoff.schema";
import type { OrderEvent } from "../shared/schemas/order-event.schema";
import { formatTraceparent, newSpanId } from "../shared/tracing";
import { enqueueOutbox, readMeta, readOutbox, writeMeta } from "./order-store";

/** Times a stalled handoff is re-issued before it is left for operations. */
export const MAX_REDRIVES = 3;

/**
 * Puts handoffs issued before `cutoff` and never answered back in the outbox under their own
 * ids (a late original still applies once), counting re-issues; one re-issued `MAX_REDRIVES`
 * times is abandoned, left pending and visible for operations.
 */
export function requeueStalledHandoffs(ctx: DurableObjectState, order: { customer_id: string; po_number: string }, events: readonly OrderEvent[], cutoff: number): { redriven: string[]; abandoned: string[] } {
  const sql = ctx.storage.sql;
  const queued = new Set(readOutbox(sql).map((r) => r.id));
  const redriven: string[] = [];
  const abandoned: string[] = [];
  for (const h of openHandoffs(events)) {
    const issued = events.find((e) => e.type === "handoff.issued" && e.data.handoff_id === h.handoff_id);
    if (!issued || queued.has(h.handoff_id) || Date.parse(issued.at) > cutoff) continue;
    const key = `redrives:${h.handoff_id}`;
    const count = Number(readMeta(sql, key) ?? "0");
    if (count >= MAX_REDRIVES) {
      abandoned.push(h.handoff_id);
      continue;
    }
    const traceparent = issued.trace_id ? formatTraceparent({ traceId: issued.trace_id, spanId: newSpanId() }) : null;
    const handoff: Handoff = { handoff_id: h.handoff_id, customer_id: order.customer_id, po_number: order.po_number, stage: h.stage, traceparent, issued_at: issued.at };
    ctx.storage.transactionSync(() => {
      enqueueOutbox(sql, { id: h.handoff_id, kind: "queue", stage: h.stage, body: handoff }, Date.now());
      writeMeta(sql, key, String(count + 1));
    });
    redriven.push(h.handoff_id);
  }
  return { redriven, abandoned };
}
