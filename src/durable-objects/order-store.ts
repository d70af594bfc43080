import type { Actor, OrderEvent, OrderEventBody, Stage } from "../shared/schemas/order-event.schema";
import { OrderEventBody as OrderEventBodySchema } from "../shared/schemas/order-event.schema";

/** SQLite tables of one OrderObject, made idempotently on every start. */
export function migrateOrderStore(sql: SqlStorage): void {
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
}

/** Reads the whole event log, oldest first, checking each stored body against its schema. */
export function readEvents(sql: SqlStorage): OrderEvent[] {
  return sql
    .exec<{ seq: number; at: string; type: string; actor: string; data: string; trace_id: string | null; handoff_id: string | null }>(
      "SELECT seq, at, type, actor, data, trace_id, handoff_id FROM events ORDER BY seq",
    )
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

export function insertEvent(sql: SqlStorage, e: OrderEvent): void {
  sql.exec(
    "INSERT INTO events (seq, at, type, actor, data, trace_id, handoff_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
    e.seq,
    e.at,
    e.type,
    e.actor,
    JSON.stringify(e.data),
    e.trace_id,
    e.handoff_id,
  );
}

/** An outbox row: a handoff for a queue, or the marker that D1's projection is stale. */
export type OutboxItem =
  | { id: string; kind: "queue"; stage: Stage; body: unknown }
  | { id: "projection"; kind: "projection"; body: null }
  | { id: "admission-release"; kind: "admission"; body: null }
  | { id: `episode:${string}`; kind: "episode"; body: string }
  | { id: `stock:${string}`; kind: "stock"; body: string };

export function enqueueOutbox(sql: SqlStorage, item: OutboxItem, now: number): void {
  sql.exec(
    "INSERT OR REPLACE INTO outbox (id, kind, body, created_at, attempts) VALUES (?, ?, ?, ?, 0)",
    item.id,
    item.kind,
    JSON.stringify(item.kind === "queue" ? { stage: item.stage, body: item.body } : item.body),
    now,
  );
}

export function readOutbox(sql: SqlStorage): { id: string; kind: string; body: string; attempts: number }[] {
  return sql
    .exec<{ id: string; kind: string; body: string; attempts: number }>("SELECT id, kind, body, attempts FROM outbox ORDER BY created_at, id")
    .toArray();
}

export function removeOutbox(sql: SqlStorage, id: string): void {
  sql.exec("DELETE FROM outbox WHERE id = ?", id);
}

export function countOutboxAttempt(sql: SqlStorage, id: string): void {
  sql.exec("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", id);
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
