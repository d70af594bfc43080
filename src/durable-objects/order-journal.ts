import { DurableObject } from "cloudflare:workers";
import { outboundDocumentsDue } from "../shared/edi/outbound/documents-due";
import { closeCodeToEcho } from "../shared/websocket-protocol";
import { orderOpsMessages } from "../shared/ops-stream";
import { applyOrderEvent, pendingHandoffs, projectOrderView, type OrderView } from "../shared/order-view";
import { withQuestionCosts } from "../shared/question-costs";
import type { Handoff } from "../shared/schemas/handoff.schema";
import type { Actor, OrderEvent, OrderEventBody, Stage } from "../shared/schemas/order-event.schema";
import { Tracer, type Span } from "../shared/tracing";
import { meteredContext, meteredEnv } from "../shared/usage/metered-env";
import { UsageMeter } from "../shared/usage/usage";
import { transitionBodies, transitionResult, type Transition, type TransitionResult } from "../shared/transition";
import { episodesTouched, OutboxFlusher, reservationsReleased, shipmentsDispatched } from "./order-outbox";
import {
  enqueueOutbox,
  envelope,
  insertEvents,
  ORDER_MIGRATIONS,
  ORDER_SCHEMA,
  readEvents,
  readMeta,
  readOutbox,
  readQuestionCosts,
  writeMeta,
} from "./order-store";
import { orderOpsBatch } from "./ops-hub.do";
import { acceptSubscriber, broadcast } from "./order-subscribers";
import { traced } from "./order-tracing";
import { applyMigrations } from "./sql-migrations";

const ADMISSION_RELEASED = "admission_released_at";

/** A handoff being issued; it is addressed to the order once the order's view is known. */
type IssuedHandoff = Omit<Handoff, "po_number" | "customer_id">;

/** The log and the view folded from it: what an OrderObject holds in memory. */
interface OrderState {
  events: OrderEvent[];
  view: OrderView | null;
}

/**
 * Stores enveloped events in one storage transaction with everything they set going: the
 * handoff's outbox row, the projection marker, stock leaving for dispatched shipments or given back
 * by an amendment, episodes
 * for finished exceptions (neither for a `replay`ed seed history: the seed stock and episodes are
 * what is left after it), and the order's admission slot released the first time it settles.
 * Answers the state after them; the caller sets the alarm and tells subscribers.
 */
function storeEvents(
  storage: DurableObjectStorage,
  state: OrderState,
  events: OrderEvent[],
  handoff: IssuedHandoff | null,
  alsoWrite?: (sql: SqlStorage) => void,
  options: { replay?: boolean } = {},
): OrderState & { view: OrderView } {
  let view = state.view ? structuredClone(state.view) : null;
  for (const e of events) view = applyOrderEvent(view, e);
  if (!view) throw new Error("nothing to store");
  const all = [...state.events, ...events];
  view.pending_handoffs = pendingHandoffs(view, all);
  const sql = storage.sql;
  const settledFirstTime =
    view.admission === "admitted" && view.pending_handoffs === 0 && readMeta(sql, ADMISSION_RELEASED) === null;
  const now = Date.now();
  const order = view;
  storage.transactionSync(() => {
    insertEvents(sql, events);
    alsoWrite?.(sql);
    for (const seq of options.replay ? [] : reservationsReleased(events)) {
      enqueueOutbox(sql, { id: `release:${seq}` as const, kind: "release", body: null }, now);
    }
    if (handoff) {
      const body = { ...handoff, customer_id: order.customer_id, po_number: order.po_number };
      enqueueOutbox(sql, { id: handoff.handoff_id, kind: "queue", stage: handoff.stage, body }, now);
    }
    enqueueOutbox(sql, { id: "projection", kind: "projection", body: null }, now);
    for (const shipmentId of options.replay ? [] : shipmentsDispatched(events)) {
      enqueueOutbox(sql, { id: `stock:${shipmentId}` as const, kind: "stock", body: shipmentId }, now);
    }
    for (const due of options.replay ? [] : outboundDocumentsDue(order, state.events, events)) {
      const id = `edi:${due.event_seq}:${due.document.type}` as const;
      enqueueOutbox(sql, { id, kind: "edi", body: due }, now);
    }
    for (const exceptionId of options.replay ? [] : episodesTouched(events)) {
      enqueueOutbox(sql, { id: `episode:${exceptionId}` as const, kind: "episode", body: exceptionId }, now);
    }
    if (settledFirstTime) {
      enqueueOutbox(sql, { id: "admission-release", kind: "admission", body: null }, now);
      writeMeta(sql, ADMISSION_RELEASED, new Date(now).toISOString());
    }
  });
  return { events: all, view };
}

/** Who and what trace a commit's events are recorded under. */
interface CommitMeta {
  actor: Actor;
  trace_id: string | null;
  handoff_id: string | null;
}

/**
 * Envelopes new event bodies after the log, issuing a handoff to `next` (its `handoff.issued`
 * event and outbox row) in the same transaction, and stores them (see `storeEvents`).
 */
function commitEvents(
  storage: DurableObjectStorage,
  state: OrderState,
  bodies: readonly OrderEventBody[],
  meta: CommitMeta,
  next: { stage: Stage; traceparent: string | null } | null,
  alsoWrite?: (sql: SqlStorage) => void,
): { stored: OrderEvent[]; state: OrderState & { view: OrderView } } {
  const at = new Date().toISOString();
  let handoff: IssuedHandoff | null = null;
  if (next) {
    handoff = { handoff_id: crypto.randomUUID(), stage: next.stage, traceparent: next.traceparent, issued_at: at };
    bodies = [...bodies, { type: "handoff.issued", data: { handoff_id: handoff.handoff_id, stage: next.stage } }];
  }
  const stored = envelope(bodies, state.events.at(-1)?.seq ?? 0, { ...meta, at });
  return { stored, state: storeEvents(storage, state, stored, handoff, alsoWrite) };
}

/**
 * The OrderObject's storage side, apart from its commands: the log and the view in memory,
 * storage migrations and loading in `blockConcurrencyWhile`, one-transaction commits of a
 * `Transition` (`apply`), the outbox and its alarm, WebSocket subscribers, and spans.
 */
export abstract class OrderJournal extends DurableObject<Env> {
  protected events: OrderEvent[] = [];
  protected view: OrderView | null = null;
  private readonly tracer = new Tracer();
  /** The last broadcast: each waits for the one before, so subscribers get events in order. */
  private broadcasting: Promise<void> = Promise.resolve();
  private readonly outbox: OutboxFlusher;

  /**
   * What the object takes from the platform (DESIGN §15): its storage and bindings are metered
   * from here on, and each traced command stamps the count on its span (`traced`).
   */
  private readonly meter: UsageMeter;

  constructor(state: DurableObjectState, env: Env) {
    const meter = new UsageMeter();
    super(state, meteredEnv(env, meter));
    this.meter = meter;
    // The runtime takes only its own state object in `super`; the metered one replaces it after.
    this.ctx = meteredContext(this.ctx, meter);
    const ctx = this.ctx;
    this.outbox = new OutboxFlusher({
      ctx,
      env: () => this.env,
      view: () => this.view,
      record: (bodies, alsoWrite) => {
        const before = this.view?.status ?? null;
        const meta = { actor: "api" as const, trace_id: this.view?.trace_id ?? null, handoff_id: null };
        this.tellOps(before, this.commit(bodies, meta, null, alsoWrite));
      },
    });
    ctx.blockConcurrencyWhile(async () => {
      applyMigrations(ctx.storage, ORDER_MIGRATIONS, ORDER_SCHEMA);
      this.events = readEvents(ctx.storage.sql);
      this.view = this.events.length
        ? withQuestionCosts(projectOrderView(this.events), readQuestionCosts(ctx.storage.sql))
        : null;
      if (readOutbox(ctx.storage.sql).length > 0) {
        const set = await ctx.storage.getAlarm();
        this.outbox.alarmSetFor(set ?? Date.now());
        if (set === null) await ctx.storage.setAlarm(Date.now());
      }
    });
  }

  /** Re-sends outbox rows, those still backing off too; the alarm fires at least once, and sends are idempotent downstream. */
  override async alarm(): Promise<void> {
    this.meter.add({ do_requests: 1 });
    this.outbox.alarmSetFor(null);
    await this.outbox.flush({ includeWaiting: true });
  }

  /** WebSocket upgrade; the Worker has authenticated the caller and passes who it is. */
  override async fetch(request: Request): Promise<Response> {
    return acceptSubscriber(this.ctx, request, this.view, this.events);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (message === "ping") ws.send(JSON.stringify({ type: "pong", version: this.view?.version ?? 0 }));
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(closeCodeToEcho(code), "closing");
  }

  protected currentView(): OrderView {
    if (!this.view) throw new Error("no order recorded in this object");
    return this.view;
  }

  /**
   * Applies a transition, the one way the order changes on a command: its event bodies and the
   * handoff to its next stage are stored in one transaction (see `commit`), the outbox is sent,
   * and the answer says how it went. A transition that appends and remembers nothing stores nothing.
   * `answerOnceStored`: answer once the transition is stored, sending the outbox after the answer
   * (the alarm set in the same turn re-sends whatever a lost object left).
   */
  protected async apply(
    t: Transition,
    meta: { actor: Actor; trace_id: string | null; handoff_id?: string },
    traceparent: string | null,
    alsoWrite?: (sql: SqlStorage) => void,
    options: { answerOnceStored?: boolean } = {},
  ): Promise<TransitionResult> {
    const bodies = transitionBodies(this.view, t);
    const next = t.refused === null && !t.stale ? t.next_stage : null;
    // A command that must be remembered (`alsoWrite`: a webhook or movement seen) is stored even when it appends nothing.
    if (bodies.length > 0 || next || alsoWrite) {
      const before = this.view?.status ?? null;
      const stored = this.commit(
        bodies,
        { handoff_id: null, ...meta },
        next && { stage: next, traceparent },
        alsoWrite,
      );
      // After the flush, so a console that refreshes on the message finds the D1 projection (escalations) written.
      const sent = this.flushOutbox().then(() => this.tellOps(before, stored));
      if (options.answerOnceStored) this.ctx.waitUntil(sent);
      else await sent;
    }
    return transitionResult(t, this.currentView());
  }

  /** Stores event bodies and the handoff to `next` in one transaction (see `commitEvents`), tells subscribers, answers the stored events. */
  private commit(
    bodies: OrderEventBody[],
    meta: CommitMeta,
    next: { stage: Stage; traceparent: string | null } | null,
    alsoWrite?: (sql: SqlStorage) => void,
  ): OrderEvent[] {
    const { stored, state } = commitEvents(this.ctx.storage, this.state(), bodies, meta, next, alsoWrite);
    this.stored(stored, state);
    return stored;
  }

  /** Tells the operations hub about a commit, batched with the isolate's others (`OpsBatch`) off the critical path; never throws. */
  private tellOps(before: OrderView["status"] | null, stored: readonly OrderEvent[]): void {
    const view = this.currentView();
    const order = { customer_id: view.customer_id, po_number: view.po_number };
    this.ctx.waitUntil(orderOpsBatch.add(this.env.OPS_HUB, orderOpsMessages(order, before, stored)));
  }

  /**
   * Stores a seed order's history as it stands. It is not replayed against stock or memory: the
   * seed inventory and episodes are what is left after it.
   */
  protected async importEvents(events: OrderEvent[]): Promise<void> {
    this.stored(events, storeEvents(this.ctx.storage, this.state(), events, null, undefined, { replay: true }));
    await this.flushOutbox();
  }

  private state(): OrderState {
    return { events: this.events, view: this.view };
  }

  /** Takes the state after stored events, arms the alarm that re-sends the outbox, and tells subscribers. */
  private stored(events: OrderEvent[], state: OrderState): void {
    this.outbox.armAfterCommit();
    this.events = state.events;
    this.view = state.view;
    this.broadcasting = this.broadcasting
      .then(() => broadcast(this.ctx, this.env.DB, events))
      .catch((err: unknown) => console.warn(JSON.stringify({ msg: "broadcast failed", error: String(err) })));
    this.ctx.waitUntil(this.broadcasting);
  }

  /** Sends the outbox rows that are due; rows that fail stay for the alarm. */
  protected flushOutbox(): Promise<void> {
    return this.outbox.flush();
  }

  protected traced<T>(
    name: string,
    traceparent: string | null,
    po: string,
    work: (span: Span) => Promise<T>,
  ): Promise<T> {
    return traced({ ctx: this.ctx, env: this.env, tracer: this.tracer }, name, traceparent, po, work);
  }
}
