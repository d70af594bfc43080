import { database } from "./reference-repository";
import * as schema from "./schema";

/**
 * Opens an escalation for human intake: a document that is a PO but has gaps no rule may fill.
 * It has no order yet; the person who completes it places one. Idempotent per escalation id.
 */
export async function openIntakeEscalation(
  db: D1Database,
  e: { escalationId: string; poNumber: string | null; customerId: string | null; reason: string; proposed: Record<string, unknown> },
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
