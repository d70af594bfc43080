import { sql } from "drizzle-orm";
import { exceptionFacts, orderMetricFacts } from "../metrics/order-facts";
import type { OrderView } from "../order-view";
import { database } from "./client";
import * as schema from "./schema";

/**
 * Writes an order's view into D1's listing index (with the facts the metrics read), escalation
 * table, exception index and tracking index in one batch. Upserts with the view's version make a
 * late or repeated projection harmless.
 */
export async function projectOrderToD1(db: D1Database, view: OrderView): Promise<void> {
  const d = database(db);
  const row = {
    poNumber: view.po_number,
    customerId: view.customer_id,
    status: view.status,
    channel: view.channel,
    total: view.total,
    orderDate: view.order_date,
    createdAt: view.received_at,
    updatedAt: view.updated_at,
    version: view.version,
    pendingHandoffs: view.pending_handoffs,
    abandonedHandoffs: view.abandoned_handoffs.length,
    awaitingAdmission: view.admission === "waiting" ? 1 : 0,
    traceId: view.trace_id,
    ...orderMetricFacts(view),
  };
  const { poNumber: _po, customerId: _customer, channel: _channel, createdAt: _created, ...changing } = row;
  const indexUpsert = d
    .insert(schema.orderIndex)
    .values(row)
    .onConflictDoUpdate({
      target: [schema.orderIndex.customerId, schema.orderIndex.poNumber],
      // The first time an order settled is its intake-to-settled; a later webhook's work is not intake.
      // Only what changes: a key or an indexed column named here is rewritten in every index holding it (6 rows written, 2 without).
      set: { ...changing, settledMs: sql`coalesce(${schema.orderIndex.settledMs}, excluded.settled_ms)` },
      setWhere: sql`${schema.orderIndex.version} <= excluded.version`,
    });
  const escalationUpserts = view.escalations.map((e) => {
    const values = {
      escalationId: e.escalation_id,
      poNumber: view.po_number,
      customerId: view.customer_id,
      exceptionId: e.exception_id,
      reason: e.reason,
      proposedResolution: e.proposed_resolution,
      status: e.status,
      createdAt: e.created_at,
    };
    return d
      .insert(schema.escalations)
      .values(values)
      .onConflictDoUpdate({
        target: schema.escalations.escalationId,
        set: { status: e.status },
        // An escalation is decided once and never reopens: a projection arriving late cannot undo a decision.
        setWhere: sql`${schema.escalations.status} = 'open'`,
      });
  });
  const exceptionUpserts = exceptionFacts(view).map((x) => {
    const order = {
      customerId: view.customer_id,
      poNumber: view.po_number,
      receivedAt: view.received_at,
      version: view.version,
    };
    const values = { ...x, ...order };
    return d
      .insert(schema.exceptionIndex)
      .values(values)
      .onConflictDoUpdate({
        target: schema.exceptionIndex.exceptionId,
        set: { resolutionType: x.resolutionType, escalated: x.escalated, version: view.version },
        setWhere: sql`${schema.exceptionIndex.version} <= excluded.version`,
      });
  });
  const trackingUpserts = view.shipments
    .filter((s) => s.tracking && s.carrier)
    .map((s) => {
      const values = {
        tracking: s.tracking!,
        customerId: view.customer_id,
        poNumber: view.po_number,
        shipmentId: s.shipment_id,
        carrier: s.carrier!,
      };
      return d
        .insert(schema.shipmentIndex)
        .values(values)
        .onConflictDoUpdate({ target: schema.shipmentIndex.tracking, set: values });
    });
  await d.batch([indexUpsert, ...escalationUpserts, ...exceptionUpserts, ...trackingUpserts]);
}
