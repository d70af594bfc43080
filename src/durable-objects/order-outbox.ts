import { projectOrderToD1 } from "../shared/db/order-projection";
import { releaseReservations } from "../shared/db/reservation-repository";
import { shipStock } from "../shared/db/stock-repository";
import { CLOSED_BY_AMENDMENT } from "../shared/order-view-model";
import { orderKeyOf } from "../shared/order-key";
import type { OrderView } from "../shared/order-view";
import { z } from "zod";
import { recordAudit } from "../shared/db/audit-repository";
import { Handoff } from "../shared/schemas/handoff.schema";
import { Stage, type OrderEvent, type OrderEventBody } from "../shared/schemas/order-event.schema";
import { ADMISSION_SINGLETON } from "./admission.do";
import { OutboundDue } from "../shared/edi/outbound/outbound-document";
import { sendOutbound } from "../shared/edi/outbound/send-outbound";
import { rememberException } from "../shared/memory/remember-exception";
import {
  countOutboxAttempt,
  enqueueOutbox,
  nextOutboxDue,
  OutboxAudit,
  readOutbox,
  removeOutbox,
  type OutboxRow,
} from "./order-store";

/**
 * Exceptions whose episode these events complete or change: a resolution that needed no one,
 * a person's decision, a customer's satisfaction.
 */
export function episodesTouched(events: readonly OrderEvent[]): string[] {
  const ids = events.flatMap((e) => {
    if (e.type === "exception.resolved" && !e.data.resolution.escalated) return [e.data.resolution.exception_id];
    // An escalation an amendment closed teaches nothing about how to resolve its exception.
    if (e.type === "escalation.decided" && e.data.exception_id && e.data.decided_by !== CLOSED_BY_AMENDMENT)
      return [e.data.exception_id];
    if (e.type === "csat.recorded") return [e.data.exception_id];
    return [];
  });
  return [...new Set(ids)];
}

/** Shipments these events dispatched: their goods leave stock, releasing the order's reservation. */
export function shipmentsDispatched(events: readonly OrderEvent[]): string[] {
  return events.flatMap((e) => (e.type === "shipment.dispatched" ? [e.data.shipment_id] : []));
}

/**
 * Whole cancellations among these events: each gives back everything the order holds. A partial
 * cancellation or a change hands the order to fulfillment, which gives back the earlier plan's
 * holds itself before reserving, so no release can land after the re-plan's reservations.
 */
export function reservationsReleased(events: readonly OrderEvent[]): number[] {
  return events.flatMap((e) => (e.type === "order.cancelled" && e.data.whole ? [e.seq] : []));
}

/** How long the alarm waits before re-sending a row that failed once; it doubles with each further failure. */
export const OUTBOX_RETRY_MS = 5_000;
/** The longest wait between two attempts at one row. */
export const OUTBOX_MAX_BACKOFF_MS = 10 * 60_000;
/**
 * Failed sends of one row before it is given up on (about half an hour of backed-off attempts):
 * a queue row is dead-lettered, an audit row dropped, any other row reported once and kept.
 */
export const OUTBOX_MAX_ATTEMPTS = 10;

/** How long a row waits after its `attempts`-th failure. */
export function outboxBackoffMs(attempts: number): number {
  return Math.min(OUTBOX_MAX_BACKOFF_MS, OUTBOX_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

const QUEUE_OF: Record<Stage, "INTAKE_QUEUE" | "FULFILLMENT_QUEUE" | "EXCEPTIONS_QUEUE" | "COMMS_QUEUE"> = {
  intake: "INTAKE_QUEUE",
  fulfillment: "FULFILLMENT_QUEUE",
  exceptions: "EXCEPTIONS_QUEUE",
  comms: "COMMS_QUEUE",
};

const QueueRowBody = z.object({ stage: Stage, body: Handoff });

/**
 * Rows whose sends must keep their order: documents take the partner's next control number as
 * they go, and stock shipped and holds released touch the same rows. Every other row is its own
 * idempotent effect (a handoff, the projection, which keeps the newest version, an audit row,
 * an episode, the admission release), so a drain sends those at once: a transition's handoff,
 * projection and audit row cost the agent waiting on `apply` one round trip, not three.
 */
const SENT_IN_TURN: ReadonlySet<OutboxRow["kind"]> = new Set(["edi", "stock", "release"]);

/** What the flush needs from its OrderObject, read at each use (tests swap the object's env). */
export interface OutboxHost {
  ctx: DurableObjectState;
  env(): Env;
  view(): OrderView | null;
  /** Commits events in one transaction with `alsoWrite`, as the object commits any change. */
  record(bodies: OrderEventBody[], alsoWrite: (sql: SqlStorage) => void): void;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Carries out one outbox row. Throws when the send failed. */
async function send(env: Env, view: OrderView | null, row: OutboxRow): Promise<void> {
  if (row.kind === "queue") {
    const { stage, body } = QueueRowBody.parse(JSON.parse(row.body));
    await env[QUEUE_OF[stage]].send(body, { contentType: "json" });
  } else if (row.kind === "audit") {
    await recordAudit(env.DB, OutboxAudit.parse(JSON.parse(row.body)));
  } else if (row.kind === "edi") {
    await sendOutbound(env, OutboundDue.parse(JSON.parse(row.body)));
  } else if (!view) {
    return;
  } else if (row.kind === "stock") {
    const shipmentId = z.string().parse(JSON.parse(row.body));
    const shipment = view.shipments.find((x) => x.shipment_id === shipmentId);
    if (shipment)
      await shipStock(env.DB, {
        shipment_id: shipment.shipment_id,
        customer_id: view.customer_id,
        po_number: view.po_number,
        warehouse: shipment.warehouse,
        lines: shipment.lines,
        at: new Date().toISOString(),
      });
  } else if (row.kind === "release") {
    await releaseReservations(env.DB, view);
  } else if (row.kind === "episode") {
    await rememberException(env, view, z.string().parse(JSON.parse(row.body)));
  } else if (row.kind === "admission") {
    await env.ADMISSION.getByName(ADMISSION_SINGLETON).release(orderKeyOf(view));
  } else {
    await projectOrderToD1(env.DB, view);
  }
}

/**
 * Sends the outbox: handoffs to their queues, the view to D1's indexes, shipped goods out of
 * stock, an amended order's reservations back, finished exceptions to episodic memory, documents
 * due to trading partners (`sendOutbound`), a settled order's release to AdmissionControl, audit
 * rows to D1 (`SENT_IN_TURN` says which go one after another). One flush runs at a time per
 * object: a send awaits I/O, during which another request or the alarm may commit, and a second reader of the same rows would send them again
 * (an agent run twice). A flush asked for while one runs joins it, and the running one reads
 * again until nothing new is due. A row is deleted only if its version is the one sent; a failed
 * row waits out a doubling backoff (the alarm is set for the next due row). After
 * `OUTBOX_MAX_ATTEMPTS` failures a queue row is dead-lettered: recorded in the order's log (the
 * view's `dead_handoffs`), audited in D1, and the order's admission slot released (the
 * stalled-handoff sweep re-issues the handoff). Stock, release, episode, projection, EDI document
 * and admission rows are idempotent side effects nothing else would redo: they are never given up on, only reported
 * once (a log line and an `outbox.stuck` audit row) and retried at the longest backoff.
 */
export class OutboxFlusher {
  private running: Promise<void> | null = null;
  private includeWaiting = false;
  /** When the alarm this object set will fire; null once it fired, or when unknown (after a restart). */
  private armedAt: number | null = null;

  constructor(private readonly host: OutboxHost) {}

  /** Has the alarm fire within `OUTBOX_RETRY_MS` of a commit; one due by then stays (each alarm write is a commit of its own). */
  armAfterCommit(): void {
    const at = Date.now() + OUTBOX_RETRY_MS;
    if (this.armedAt !== null && this.armedAt <= at) return;
    this.armedAt = at;
    void this.host.ctx.storage.setAlarm(at);
  }

  /** The alarm fired (or the object started with `at` set): the next commit arms it again unless `at` is soon. */
  alarmSetFor(at: number | null): void {
    this.armedAt = at;
  }

  /**
   * Sends what is due, or joins the flush already running. `includeWaiting` (the alarm) also
   * sends rows still backing off: the alarm is set for the earliest of them, or fires after a restart.
   */
  flush(options: { includeWaiting?: boolean } = {}): Promise<void> {
    if (options.includeWaiting) this.includeWaiting = true;
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    const sql = this.host.ctx.storage.sql;
    const tried = new Set<string>();
    const fresh = () => {
      const now = Date.now();
      return readOutbox(sql).filter(
        (r) => !tried.has(`${r.id}@${r.version}`) && (this.includeWaiting || r.due_at <= now),
      );
    };
    try {
      for (;;) {
        const rows = fresh();
        this.includeWaiting = false;
        if (rows.length === 0) {
          await this.rearm();
          // Checked with no await before `finally`: a flush asked for after this starts a new drain.
          if (fresh().length === 0) return;
          continue;
        }
        for (const row of rows) tried.add(`${row.id}@${row.version}`);
        const inTurn = rows.filter((r) => SENT_IN_TURN.has(r.kind));
        const sent: OutboxRow[] = [];
        await Promise.all([
          ...rows.filter((r) => !SENT_IN_TURN.has(r.kind)).map((r) => this.attempt(r, sent)),
          (async () => {
            for (const row of inTurn) await this.attempt(row, sent);
          })(),
        ]);
        // Deleted together, one storage commit for the round rather than one per row; a row sent and not
        // yet deleted when the object dies is sent again, which every send allows.
        for (const row of sent) removeOutbox(sql, row);
      }
    } finally {
      this.running = null;
    }
  }

  /** Sends one row, adding it to `sent` when it went; a failure is counted or given up on here. */
  private async attempt(row: OutboxRow, sent: OutboxRow[]): Promise<void> {
    const sql = this.host.ctx.storage.sql;
    try {
      await send(this.host.env(), this.host.view(), row);
      sent.push(row);
    } catch (err) {
      const attempts = row.attempts + 1;
      console.warn(
        JSON.stringify({ msg: "outbox send failed", id: row.id, kind: row.kind, attempts, error: String(err) }),
      );
      if (attempts >= OUTBOX_MAX_ATTEMPTS && (row.kind === "queue" || row.kind === "audit"))
        this.deadLetter(row, attempts, String(err));
      else if (attempts === OUTBOX_MAX_ATTEMPTS) this.reportStuck(row, attempts, String(err));
      else countOutboxAttempt(sql, row, Date.now() + outboxBackoffMs(attempts));
    }
  }

  /** Tells operations, once, that a side effect keeps failing; it stays in the outbox and is retried. */
  private reportStuck(row: OutboxRow, attempts: number, reason: string): void {
    const sql = this.host.ctx.storage.sql;
    // Enqueued again while it was being sent: it starts over, and nothing is stuck yet.
    if (readOutbox(sql).find((r) => r.id === row.id)?.version !== row.version) return;
    const detail = { id: row.id, kind: row.kind, attempts, reason: reason.slice(0, 500) };
    console.error(JSON.stringify({ msg: "outbox row keeps failing; still retrying", ...detail }));
    const po = this.host.view()?.po_number ?? null;
    this.host.ctx.storage.transactionSync(() => {
      countOutboxAttempt(sql, row, Date.now() + outboxBackoffMs(attempts));
      enqueueOutbox(
        sql,
        {
          id: `audit:${crypto.randomUUID()}` as const,
          kind: "audit",
          body: { kind: "outbox.stuck", poNumber: po, detail },
        },
        Date.now(),
      );
    });
  }

  private deadLetter(row: OutboxRow, attempts: number, reason: string): void {
    const sql = this.host.ctx.storage.sql;
    const current = readOutbox(sql).find((r) => r.id === row.id);
    if (current?.version !== row.version) return;
    if (row.kind === "audit") {
      // An audit row that cannot be written is not audited again (that would never end); the log keeps it.
      console.error(
        JSON.stringify({ msg: "outbox audit row dead-lettered", id: row.id, attempts, body: row.body, error: reason }),
      );
      removeOutbox(sql, row);
      return;
    }
    const stage = QueueRowBody.safeParse(safeJson(row.body)).data?.stage ?? null;
    const data = { id: row.id, kind: row.kind, stage, via: "outbox" as const, attempts, reason: reason.slice(0, 500) };
    const po = this.host.view()?.po_number ?? null;
    // As the dead-letter queue's consumer does: an order whose handoff is given up on must not hold a pipeline slot.
    this.host.record([{ type: "handoff.dead_lettered", data }], (tx) => {
      removeOutbox(tx, row);
      enqueueOutbox(
        tx,
        {
          id: `audit:${crypto.randomUUID()}` as const,
          kind: "audit",
          body: { kind: "outbox.dead_lettered", poNumber: po, detail: data },
        },
        Date.now(),
      );
      enqueueOutbox(tx, { id: "admission-release", kind: "admission", body: null }, Date.now());
    });
  }

  /** Sets the alarm for the next due row; with none left it stays, to fire once and find nothing (cheaper than clearing it). */
  private async rearm(): Promise<void> {
    const due = nextOutboxDue(this.host.ctx.storage.sql);
    if (due === null) return;
    this.armedAt = Math.max(due, Date.now());
    await this.host.ctx.storage.setAlarm(this.armedAt);
  }
}
