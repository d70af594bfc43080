import { and, asc, eq } from "drizzle-orm";
import { database } from "./client";
import * as schema from "./schema";

/**
 * Opens an escalation for human intake: a document that is a PO but has gaps no rule may fill.
 * It has no order yet; the person who completes it places one. Idempotent per escalation id.
 */
export async function openIntakeEscalation(
  db: D1Database,
  e: {
    escalationId: string;
    poNumber: string | null;
    customerId: string | null;
    reason: string;
    proposed: Record<string, unknown>;
  },
): Promise<void> {
  await database(db)
    .insert(schema.escalations)
    .values({
      escalationId: e.escalationId,
      poNumber: e.poNumber ?? "(none)",
      customerId: e.customerId ?? "(unknown)",
      exceptionId: null,
      reason: e.reason,
      proposedResolution: e.proposed,
      status: "open",
      createdAt: new Date().toISOString(),
    })
    .onConflictDoNothing();
}

/** The order an escalation row names, null where an intake escalation has none yet (stored as placeholders). */
export function escalationOrder(row: { poNumber: string; customerId: string }) {
  return {
    po_number: row.poNumber === "(none)" ? null : row.poNumber,
    customer_id: row.customerId === "(unknown)" ? null : row.customerId,
  };
}

/** Open (or all) escalations, oldest first, as `GET /v1/escalations` lists them. */
export async function listEscalations(db: D1Database, status: "open" | "decided" | "all") {
  const t = schema.escalations;
  const query = database(db).select().from(t);
  const rows = await (status === "all" ? query : query.where(eq(t.status, status)))
    .orderBy(asc(t.createdAt), asc(t.escalationId))
    .all();
  return rows.map((r) => ({
    id: r.escalationId,
    ...escalationOrder(r),
    exception_id: r.exceptionId,
    reason: r.reason,
    proposed_resolution: r.proposedResolution,
    status: r.status,
    created_at: r.createdAt,
  }));
}

export async function findEscalation(db: D1Database, id: string) {
  return database(db).select().from(schema.escalations).where(eq(schema.escalations.escalationId, id)).get();
}

/** Closes an intake escalation, which has no order to record the decision. */
export async function closeIntakeEscalation(db: D1Database, id: string): Promise<boolean> {
  const t = schema.escalations;
  const result = await database(db)
    .update(t)
    .set({ status: "decided" })
    .where(and(eq(t.escalationId, id), eq(t.status, "open")))
    .run();
  return (result.meta.changes ?? 0) > 0;
}
