import { z } from "zod";
import type { Actor, OrderEvent, OrderEventBody, Stage } from "../shared/schemas/order-event.schema";
import { OrderEventBody as OrderEventBodySchema } from "../shared/schemas/order-event.schema";
import type { OutboundDue } from "../shared/edi/outbound/outbound-document";
import { addQuestionCosts, NO_QUESTION_COSTS, QuestionCosts } from "../shared/question-costs";
import { addColumnIfMissing, type LatestSchema, type SqlMigration } from "./sql-migrations";

/**
 * The OrderObject's schema, step by step (see `applyMigrations`). Steps 1 and 2 are what objects
 * created before steps were numbered made on every start, so they accept finding their work done.
 */
export const ORDER_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: "events, meta and outbox",
    up(sql) {
      sql.exec(`CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        data TEXT NOT NULL,
        trace_id TEXT,
        handoff_id TEXT
      )`);
      sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0
      )`);
    },
  },
  {
    version: 2,
    name: "outbox rows versioned and backed off",
    up(sql) {
      addColumnIfMissing(sql, "outbox", "version", "INTEGER NOT NULL DEFAULT 0");
      addColumnIfMissing(sql, "outbox", "due_at", "INTEGER NOT NULL DEFAULT 0");
    },
  },
  {
    version: 3,
    name: "outbox WITHOUT ROWID",
    // A rowid table keyed by TEXT also keeps an index of the key: each insert and delete wrote 2 rows, now 1.
    up(sql) {
      const keyed = (name: string) => `CREATE TABLE ${name} (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 0,
        due_at INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID`;
      // Every new object runs this step: with nothing to copy, a RENAME's rewrite of the schema costs more than it saves.
      if (sql.exec("SELECT 1 FROM outbox LIMIT 1").toArray().length === 0) {
        sql.exec("DROP TABLE outbox");
        sql.exec(keyed("outbox"));
        return;
      }
      sql.exec(keyed("outbox_keyed"));
      sql.exec(`INSERT INTO outbox_keyed (id, kind, body, created_at, attempts, version, due_at)
        SELECT id, kind, body, created_at, attempts, version, due_at FROM outbox`);
      sql.exec("DROP TABLE outbox");
      sql.exec("ALTER TABLE outbox_keyed RENAME TO outbox");
    },
  },
];

/** What `ORDER_MIGRATIONS` make, for a new object in one `exec` (see `LatestSchema`). */
export const ORDER_SCHEMA: LatestSchema = {
  version: 3,
  statements: `CREATE TABLE events (
      seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL,
      trace_id TEXT, handoff_id TEXT
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE outbox (
      id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0, due_at INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;`,
};

/** Reads the whole event log, oldest first, checking each stored body against its schema. */
export function readEvents(sql: SqlStorage): OrderEvent[] {
  return sql
    .exec<{
      seq: number;
      at: string;
      type: string;
      actor: string;
      data: string;
      trace_id: string | null;
      handoff_id: string | null;
    }>("SELECT seq, at, type, actor, data, trace_id, handoff_id FROM events ORDER BY seq")
    .toArray()
    .map((r) => ({
      ...OrderEventBodySchema.parse({ type: r.type, data: JSON.parse(r.data) }),
      seq: r.seq,
      at: r.at,
      actor: r.actor as Actor,
      trace_id: r.trace_id,
      handoff_id: r.handoff_id,
    }));
}

/** Appends events in one statement however many a commit stores: one bound JSON array read with `json_each`. */
export function insertEvents(sql: SqlStorage, events: readonly OrderEvent[]): void {
  const rows = events.map((e) => ({ ...e, data: JSON.stringify(e.data) }));
  sql.exec(
    `INSERT INTO events (seq, at, type, actor, data, trace_id, handoff_id)
     SELECT value ->> 'seq', value ->> 'at', value ->> 'type', value ->> 'actor', value ->> 'data', value ->> 'trace_id',
       value ->> 'handoff_id'
     FROM json_each(?)`,
    JSON.stringify(rows),
  );
}

/** An audit row written to D1 through the outbox, so a failed write is retried like any send. */
export const OutboxAudit = z.object({
  kind: z.string(),
  poNumber: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type OutboxAudit = z.infer<typeof OutboxAudit>;

/** An outbox row: a handoff for a queue, the marker that D1's projection is stale, or a side effect to carry out. */
export type OutboxItem =
  | { id: string; kind: "queue"; stage: Stage; body: unknown }
  | { id: "projection"; kind: "projection"; body: null }
  | { id: "admission-release"; kind: "admission"; body: null }
  | { id: `episode:${string}`; kind: "episode"; body: string }
  | { id: `stock:${string}`; kind: "stock"; body: string }
  | { id: `release:${string}`; kind: "release"; body: null }
  | { id: `audit:${string}`; kind: "audit"; body: OutboxAudit }
  | { id: `edi:${number}:${string}`; kind: "edi"; body: OutboundDue };

const OutboxKind = z.enum(["queue", "projection", "admission", "episode", "stock", "release", "audit", "edi"]);

/** A stored outbox row as the flush reads it; `version` changes whenever the row is enqueued again. */
export interface OutboxRow {
  id: string;
  kind: OutboxItem["kind"];
  body: string;
  attempts: number;
  version: number;
  due_at: number;
}

/**
 * Writes a row to send now. Enqueuing an id already waiting replaces its body, starts its
 * attempts over and bumps its version, so a flush that read the old one leaves it in place.
 */
export function enqueueOutbox(sql: SqlStorage, item: OutboxItem, now: number): void {
  sql.exec(
    `INSERT INTO outbox (id, kind, body, created_at, attempts, version, due_at) VALUES (?, ?, ?, ?, 0, 0, ?)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, body = excluded.body, created_at = excluded.created_at,
       attempts = 0, version = outbox.version + 1, due_at = excluded.due_at`,
    item.id,
    item.kind,
    JSON.stringify(item.kind === "queue" ? { stage: item.stage, body: item.body } : item.body),
    now,
    now,
  );
}

/** Every outbox row, oldest first. */
export function readOutbox(sql: SqlStorage): OutboxRow[] {
  return sql
    .exec<Omit<OutboxRow, "kind"> & { kind: string }>(
      "SELECT id, kind, body, attempts, version, due_at FROM outbox ORDER BY created_at, id",
    )
    .toArray()
    .map((r) => ({ ...r, kind: OutboxKind.parse(r.kind) }));
}

/** Deletes a row that was sent, unless it was enqueued again since it was read. */
export function removeOutbox(sql: SqlStorage, row: Pick<OutboxRow, "id" | "version">): void {
  sql.exec("DELETE FROM outbox WHERE id = ? AND version = ?", row.id, row.version);
}

/** Counts a failed send and holds the row until `dueAt`; a row enqueued again since it was read keeps its fresh start. */
export function countOutboxAttempt(sql: SqlStorage, row: Pick<OutboxRow, "id" | "version">, dueAt: number): void {
  sql.exec(
    "UPDATE outbox SET attempts = attempts + 1, due_at = ? WHERE id = ? AND version = ?",
    dueAt,
    row.id,
    row.version,
  );
}

/** When the next row falls due, or null when the outbox is empty. */
export function nextOutboxDue(sql: SqlStorage): number | null {
  return sql.exec<{ due: number | null }>("SELECT MIN(due_at) AS due FROM outbox").one().due;
}

/** Gives new event bodies their envelope, continuing the log's sequence. */
export function envelope(
  bodies: readonly OrderEventBody[],
  lastSeq: number,
  meta: { actor: Actor; trace_id: string | null; handoff_id: string | null; at: string },
): OrderEvent[] {
  return bodies.map((b, i) => ({ ...b, seq: lastSeq + i + 1, ...meta }) as OrderEvent);
}

export function readMeta(sql: SqlStorage, key: string): string | null {
  return sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
}

export function writeMeta(sql: SqlStorage, key: string, value: string): void {
  sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value);
}

/** The meta key of the order's status-question totals (`QuestionCosts`). */
const QUESTION_COSTS = "question_costs";

/** The order's status-question totals so far. */
export function readQuestionCosts(sql: SqlStorage): QuestionCosts {
  const stored = readMeta(sql, QUESTION_COSTS);
  return stored === null ? NO_QUESTION_COSTS : QuestionCosts.parse(JSON.parse(stored));
}

/** Adds one status question's model calls to the order's totals. */
export function addQuestion(sql: SqlStorage, question: QuestionCosts): void {
  writeMeta(sql, QUESTION_COSTS, JSON.stringify(addQuestionCosts(readQuestionCosts(sql), question)));
}

/** A seed order's history as events of a new log, each body checked against its schema. */
export function seedEvents(history: readonly { actor: Actor; at: string; body: OrderEventBody }[]): OrderEvent[] {
  return history.map(
    (h, i) =>
      ({
        ...OrderEventBodySchema.parse(h.body),
        seq: i + 1,
        at: h.at,
        actor: h.actor,
        trace_id: null,
        handoff_id: null,
      }) as OrderEvent,
  );
}
