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
