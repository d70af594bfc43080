import { and, eq } from "drizzle-orm";
import { deleteOlderThan } from "./d1-limits";
import { database } from "./reference-repository";
import * as schema from "./schema";

/** One row of the audit trail. */
export interface AuditEntry {
  kind: string;
  principalId?: string | null;
  poNumber?: string | null;
  traceId?: string | null;
  detail: Record<string, unknown>;
}

export async function recordAudit(db: D1Database, entry: AuditEntry): Promise<void> {
  await database(db)
    .insert(schema.auditLog)
    .values({
      at: new Date().toISOString(),
      kind: entry.kind,
      principalId: entry.principalId ?? null,
      poNumber: entry.poNumber ?? null,
      traceId: entry.traceId ?? null,
      detail: entry.detail,
    });
}

/** A stored answer to an `Idempotency-Key`. */
export interface StoredAnswer {
  bodyHash: string;
  status: number;
  response: string;
}

export async function findIdempotentAnswer(db: D1Database, principalId: string, key: string): Promise<StoredAnswer | null> {
  const row = await database(db)
    .select()
    .from(schema.idempotencyKeys)
    .where(and(eq(schema.idempotencyKeys.principalId, principalId), eq(schema.idempotencyKeys.key, key)))
    .get();
  return row ? { bodyHash: row.bodyHash, status: row.status, response: row.response } : null;
}

/** Keeps the first answer given for a key; a concurrent second write loses quietly. */
export async function storeIdempotentAnswer(db: D1Database, principalId: string, key: string, answer: StoredAnswer): Promise<void> {
  await database(db)
    .insert(schema.idempotencyKeys)
    .values({ principalId, key, ...answer, createdAt: new Date().toISOString() })
    .onConflictDoNothing();
}

/** Deletes audit rows recorded before `cutoff` (an ISO instant), within `maxStatements` statements. */
export function purgeAuditBefore(db: D1Database, cutoff: string, maxStatements: number): Promise<number> {
  return deleteOlderThan(db, { table: "audit_log", column: "at" }, cutoff, maxStatements);
}

/** Deletes stored `Idempotency-Key` answers created before `cutoff` (an ISO instant). */
export function purgeIdempotencyKeysBefore(db: D1Database, cutoff: string, maxStatements: number): Promise<number> {
  return deleteOlderThan(db, { table: "idempotency_keys", column: "created_at" }, cutoff, maxStatements);
}
