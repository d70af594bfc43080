import { sha256Hex } from "../hashing";
import { deleteOlderThan } from "./d1-limits";

/** One row of the audit trail. */
export interface AuditEntry {
  kind: string;
  principalId?: string | null;
  poNumber?: string | null;
  traceId?: string | null;
  detail: Record<string, unknown>;
}

/** Appends one row to the audit trail. */
export async function recordAudit(db: D1Database, entry: AuditEntry): Promise<void> {
  await auditStatement(db, entry).run();
}

/** Appends several rows to the audit trail atomically (one `db.batch`): a long text's main row and its parts. */
export async function recordAudits(db: D1Database, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length) await db.batch(entries.map((entry) => auditStatement(db, entry)));
}

/**
 * One audit row as a statement for the caller's `db.batch`. With `onlyIf` (an SQL condition
 * and its parameters) the row is written only while the condition holds inside that batch.
 */
export function auditStatement(
  db: D1Database,
  entry: AuditEntry,
  onlyIf?: { sql: string; params: (string | number | null)[] },
): D1PreparedStatement {
  const values = [
    new Date().toISOString(),
    entry.kind,
    entry.principalId ?? null,
    entry.poNumber ?? null,
    entry.traceId ?? null,
    JSON.stringify(entry.detail),
  ];
  const columns = "INSERT INTO audit_log (at, kind, principal_id, po_number, trace_id, detail)";
  return onlyIf
    ? db.prepare(`${columns} SELECT ?, ?, ?, ?, ?, ? WHERE ${onlyIf.sql}`).bind(...values, ...onlyIf.params)
    : db.prepare(`${columns} VALUES (?, ?, ?, ?, ?, ?)`).bind(...values);
}

/** Above this, an audit row's detail (JSON, UTF-8) leaves its long text to part rows: D1 rows hold at most 2,000,000 bytes. */
const AUDIT_DETAIL_BYTES = 1_500_000;
/** Characters per part row: even all escaped as `\u00XX` (six bytes each) a part stays under 1 MB. */
const PART_CHARS = 150_000;

const utf8Bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/**
 * The audit rows keeping `entry` with a long text (a raw interchange) in `detail[field]`. When
 * the row would pass D1's row size the text moves to rows of kind `<kind>.part`, each naming
 * `part` and `parts`; the main row keeps the text's SHA-256, its length and how many parts
 * hold it, and `part_of` (copied into each part) ties them together.
 */
export async function auditEntriesWithText(
  entry: AuditEntry,
  field: string,
  text: string,
  partOf: Record<string, unknown>,
): Promise<AuditEntry[]> {
  const inline = { ...entry, detail: { ...entry.detail, [field]: text } };
  if (utf8Bytes(inline.detail) <= AUDIT_DETAIL_BYTES) return [inline];
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + PART_CHARS);
    // Never split a surrogate pair: each part stays well-formed text.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  const summary = {
    [field]: null,
    [`${field}_sha256`]: await sha256Hex(text),
    [`${field}_chars`]: text.length,
    [`${field}_parts`]: parts.length,
  };
  return [
    { ...entry, detail: { ...entry.detail, ...summary } },
    ...parts.map((part, i) => ({
      ...entry,
      kind: `${entry.kind}.part`,
      detail: { ...partOf, field, part: i + 1, parts: parts.length, text: part },
    })),
  ];
}

/** Deletes audit rows recorded before `cutoff` (an ISO instant), within `maxStatements` statements. */
export function purgeAuditBefore(db: D1Database, cutoff: string, maxStatements: number): Promise<number> {
  return deleteOlderThan(db, { table: "audit_log", column: "at" }, cutoff, maxStatements);
}
