import { openHandoffs } from "../shared/order-view";
import type { Handoff } from "../shared/schemas/handoff.schema";
import type { OrderEvent, OrderEventBody, Stage } from "../shared/schemas/order-event.schema";
import { formatTraceparent, newSpanId } from "../shared/tracing";
import { enqueueOutbox, readMeta, readOutbox, writeMeta } from "./order-store";

/** Times a stalled handoff is re-issued before it is left for operations. */
export const MAX_REDRIVES = 3;

/** A handoff the sweep stops re-issuing. */
export interface AbandonedHandoff {
  handoff_id: string;
  stage: Stage;
  redrives: number;
}

/**
 * Puts handoffs issued before `cutoff` and never answered back in the outbox under their own
 * ids (a late original still applies once), counting re-issues. One re-issued `MAX_REDRIVES`
 * times and not yet recorded as abandoned is answered in `abandoned`, once.
 */
export function requeueStalledHandoffs(
  ctx: DurableObjectState,
  order: { customer_id: string; po_number: string },
  events: readonly OrderEvent[],
  cutoff: number,
): { redriven: string[]; abandoned: AbandonedHandoff[] } {
  const sql = ctx.storage.sql;
  const queued = new Set(readOutbox(sql).map((r) => r.id));
  const alreadyAbandoned = new Set(events.flatMap((e) => (e.type === "handoff.abandoned" ? [e.data.handoff_id] : [])));
  const redriven: string[] = [];
  const abandoned: AbandonedHandoff[] = [];
  for (const h of openHandoffs(events)) {
    const issued = events.find((e) => e.type === "handoff.issued" && e.data.handoff_id === h.handoff_id);
    if (!issued || queued.has(h.handoff_id) || alreadyAbandoned.has(h.handoff_id) || Date.parse(issued.at) > cutoff)
      continue;
    const key = `redrives:${h.handoff_id}`;
    const count = Number(readMeta(sql, key) ?? "0");
    if (count >= MAX_REDRIVES) {
      abandoned.push({ handoff_id: h.handoff_id, stage: h.stage, redrives: count });
      continue;
    }
    const traceparent = issued.trace_id ? formatTraceparent({ traceId: issued.trace_id, spanId: newSpanId() }) : null;
    const handoff: Handoff = {
      handoff_id: h.handoff_id,
      customer_id: order.customer_id,
      po_number: order.po_number,
      stage: h.stage,
      traceparent,
      issued_at: issued.at,
    };
    ctx.storage.transactionSync(() => {
      enqueueOutbox(sql, { id: h.handoff_id, kind: "queue", stage: h.stage, body: handoff }, Date.now());
      writeMeta(sql, key, String(count + 1));
    });
    redriven.push(h.handoff_id);
  }
  return { redriven, abandoned };
}

/** The escalation a person sees for an abandoned handoff (`GET /v1/escalations`). */
export function abandonedEscalationId(handoffId: string): string {
  return `ESC-HANDOFF-${handoffId}`;
}

/**
 * What the order records when it gives up on handoffs: each is marked abandoned (the view's
 * `abandoned_handoffs`, projected to D1 so the sweep passes over it) and opens an escalation of
 * kind "abandoned handoff" for a person.
 */
export function abandonmentEvents(abandoned: readonly AbandonedHandoff[]): OrderEventBody[] {
  return abandoned.flatMap((a): OrderEventBody[] => [
    { type: "handoff.abandoned", data: a },
    {
      type: "escalation.opened",
      data: {
        escalation_id: abandonedEscalationId(a.handoff_id),
        exception_id: null,
        reason: `abandoned handoff: the ${a.stage} handoff went unanswered after ${a.redrives} re-issues`,
        proposed_resolution: {
          resolution_type: "redrive_handoff",
          kind: "abandoned_handoff",
          handoff_id: a.handoff_id,
          stage: a.stage,
        },
      },
    },
  ]);
}

/** The audit row of handoffs given up on, written to D1 through the outbox with the events that record them. */
export function auditAbandonment(poNumber: string, abandoned: readonly AbandonedHandoff[]): (sql: SqlStorage) => void {
  const detail = { handoffs: abandoned, escalation_ids: abandoned.map((a) => abandonedEscalationId(a.handoff_id)) };
  return (sql) =>
    enqueueOutbox(
      sql,
      {
        id: `audit:${crypto.randomUUID()}` as const,
        kind: "audit",
        body: { kind: "handoff.abandoned", poNumber, detail },
      },
      Date.now(),
    );
}
