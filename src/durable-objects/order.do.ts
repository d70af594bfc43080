import { DurableObject } from "cloudflare:workers";
import { recordSpans } from "../shared/db/spans-repository";
import { renumberExceptions } from "../shared/exception-ids";
import {
  interpretCarrierEvent,
  interpretErpEvent,
  interpretShortfall,
  type ExternalOutcome,
} from "../shared/external-events";
import { canTransition } from "../shared/order-lifecycle";
import { applyOrderEvent, openHandoffs, pendingHandoffs, projectOrderView, type OrderView } from "../shared/order-view";
import { AgentDecision, type Handoff } from "../shared/schemas/handoff.schema";
import { eventsFor } from "../shared/customer-view";
import {
  OrderEventBody,
  publicEvent,
  type Actor,
  type OrderEvent,
  type Stage,
} from "../shared/schemas/order-event.schema";
import type { RecordedPurchaseOrder } from "../shared/schemas/purchase-order.schema";
import { addQuestionCosts, NO_QUESTION_COSTS, QuestionCosts, withQuestionCosts } from "../shared/question-costs";
import { parseTraceparent, Tracer, type Span } from "../shared/tracing";
import { z } from "zod";
import { applyEscalationDecision } from "../shared/escalation-decisions";
import { PrincipalKind } from "../shared/db/principals-repository";
import {
  CsatInput,
  DeadHandoffInput,
  DecideInput,
  ExternalInput,
  ModelCallsInput,
  ShortfallInput,
  SubmitOrder,
} from "./order.commands";
import { episodesTouched, OUTBOX_RETRY_MS, OutboxFlusher, shipmentsDispatched } from "./order-outbox";
import { abandonedEscalationId, abandonmentEvents, requeueStalledHandoffs } from "./order-redrive";
import { acceptSubscriber, broadcast } from "./order-subscribers";
import {
  enqueueOutbox,
  envelope,
  insertEvent,
  ORDER_MIGRATIONS,
  readEvents,
  readMeta,
  readOutbox,
  writeMeta,
} from "./order-store";
import { applyMigrations } from "./sql-migrations";

const ADMISSION_RELEASED = "admission_released_at";
/** The meta key of the order's status-question totals (`QuestionCosts`). */
const QUESTION_COSTS = "question_costs";

/** A handoff being issued; it is addressed to the order once the order's view is known. */
type IssuedHandoff = Omit<Handoff, "po_number" | "customer_id">;

/**
 * One purchase order (DESIGN §2), and its single writer. It:
 * - appends every change as an event in its SQLite log and derives the view from the log;
 * - writes each handoff to an outbox in the same transaction as the event that issued it,
 *   sends it to its queue, and re-sends from an alarm whatever is left;
 * - applies an agent's decision at most once per handoff id, refusing illegal transitions;
 * - projects its view into D1 (order index, escalations) through the same outbox;
 * - streams a snapshot and then every stored event to WebSocket subscribers (Hibernation API).
 */
export class OrderObject extends DurableObject<Env> {
  private events: OrderEvent[] = [];
  private view: OrderView | null = null;
  private readonly tracer = new Tracer();
  private readonly outbox = new OutboxFlusher({
    ctx: this.ctx,
    env: () => this.env,
    view: () => this.view,
    record: (bodies, alsoWrite) =>
      this.commit(
        bodies,
        { actor: "api", trace_id: this.view?.trace_id ?? null, handoff_id: null },
        null,
        null,
        alsoWrite,
      ),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      applyMigrations(ctx.storage, ORDER_MIGRATIONS);
      this.events = readEvents(ctx.storage.sql);
      this.view = this.events.length ? withQuestionCosts(projectOrderView(this.events), this.questionCosts()) : null;
      if (readOutbox(ctx.storage.sql).length > 0 && (await ctx.storage.getAlarm()) === null) {
        await ctx.storage.setAlarm(Date.now());
      }
    });
  }

  /** Records a newly received PO. Returns `created: false` with the existing view for a PO already here. */
  async submit(input: SubmitOrder): Promise<{ created: boolean; view: OrderView }> {
    const cmd = SubmitOrder.parse(input);
    if (this.view) return { created: false, view: this.view };
    return this.traced("OrderObject.submit", cmd.traceparent, cmd.received.po.po_number, async (span) => {
      const admission = cmd.rejection || !cmd.admission ? "none" : cmd.admission.decision;
      const bodies: OrderEventBody[] = [{ type: "order.received", data: { ...cmd.received, admission } }];
      let next: Stage | null = "intake";
      if (cmd.admission?.decision === "waiting" && !cmd.rejection) {
        bodies.push({ type: "admission.waiting", data: { position: cmd.admission.position } });
        next = null;
      }
      if (cmd.rejection) {
        bodies.push({ type: "order.rejected", data: cmd.rejection });
        bodies.push({
          type: "status.changed",
          data: {
            from: "received",
            to: "rejected",
            reason: "failed validation at intake",
            business_at: cmd.received.business_start,
          },
        });
        next = null;
      }
      this.commit(bodies, { actor: "api", trace_id: span.context.traceId, handoff_id: null }, next, span.traceparent);
      await this.flushOutbox();
      return { created: true, view: this.currentView() };
    });
  }

  /**
   * Applies an agent's decision for one handoff, once. A second decision for the same handoff
   * (a redelivered message, a retried consumer) changes nothing and answers `applied: false`.
   */
  async applyDecision(input: AgentDecision): Promise<{ applied: boolean; view: OrderView }> {
    const d = AgentDecision.parse(input);
    const view = this.currentView();
    if (!openHandoffs(this.events).some((h) => h.handoff_id === d.handoff_id)) return { applied: false, view };
    return this.traced(`OrderObject.applyDecision ${d.stage}`, d.traceparent, view.po_number, async (span) => {
      const meta = { actor: d.actor, trace_id: span.context.traceId, handoff_id: d.handoff_id };
      if (d.status && !canTransition(view.status, d.status.to)) {
        const reason = `illegal transition ${view.status} -> ${d.status.to}`;
        span.set({ "order.decision_refused": reason });
        this.commit(
          [{ type: "decision.refused", data: { handoff_id: d.handoff_id, stage: d.stage, reason } }],
          meta,
          null,
          span.traceparent,
        );
      } else {
        const bodies = renumberExceptions(
          view,
          d.events,
          view.exceptions.map((x) => x.exception_id),
        );
        if (d.status && d.status.to !== view.status) {
          bodies.push({
            type: "status.changed",
            data: {
              from: view.status,
              to: d.status.to,
              reason: d.status.reason,
              business_at: d.status.business_at ?? view.business_start,
            },
          });
        }
        bodies.push({
          type: "handoff.completed",
          data: { handoff_id: d.handoff_id, stage: d.stage, summary: d.summary },
        });
        this.commit(bodies, meta, d.next_stage, span.traceparent);
      }
      await this.flushOutbox();
      return { applied: true, view: this.currentView() };
    });
  }

  /**
   * Applies a signed ERP or carrier event, once per webhook id. What the lifecycle forbids is
   * recorded as refused and changes nothing else; an event that opens an exception hands the
   * order to the exception agent.
   */
  async applyExternal(
    input: ExternalInput,
  ): Promise<{ applied: boolean; duplicate: boolean; refused: string | null; stale: boolean; view: OrderView }> {
    const cmd = ExternalInput.parse(input);
    const view = this.currentView();
    const seenKey = `webhook:${cmd.source}:${cmd.webhook_id}`;
    if (readMeta(this.ctx.storage.sql, seenKey) !== null)
      return { applied: false, duplicate: true, refused: null, stale: false, view };
    return this.traced(`OrderObject.applyExternal ${cmd.source}`, cmd.traceparent, view.po_number, async (span) => {
      let outcome: ExternalOutcome;
      if (cmd.source === "carrier") {
        const shipment = view.shipments.find((s) => s.tracking === cmd.event.tracking);
        outcome = shipment
          ? interpretCarrierEvent(view, shipment, cmd.event)
          : { events: [], status: null, next_stage: null, refused: `no shipment tracked as ${cmd.event.tracking}` };
      } else {
        outcome = interpretErpEvent(view, cmd.event);
      }
      const eventType = cmd.source === "carrier" ? `carrier.${cmd.event.status}` : cmd.event.type;
      const meta = { actor: cmd.source, trace_id: span.context.traceId, handoff_id: null } as const;
      const remember = (sql: SqlStorage) => writeMeta(sql, seenKey, new Date().toISOString());
      span.set({ "webhook.id": cmd.webhook_id, "webhook.event_type": eventType });
      if (outcome.refused) {
        span.set({ "webhook.refused": outcome.refused });
        this.commit(
          [
            {
              type: "external.refused",
              data: { source: cmd.source, webhook_id: cmd.webhook_id, event_type: eventType, reason: outcome.refused },
            },
          ],
          meta,
          null,
          span.traceparent,
          remember,
        );
      } else if (outcome.stale) {
        span.set({ "webhook.stale": true });
        this.commit(
          [
            {
              type: "external.stale",
              data: { source: cmd.source, webhook_id: cmd.webhook_id, event_type: eventType, ...outcome.stale },
            },
          ],
          meta,
          null,
          span.traceparent,
          remember,
        );
      } else {
        const bodies = [...outcome.events];
        if (outcome.status) bodies.push({ type: "status.changed", data: { from: view.status, ...outcome.status } });
        this.commit(bodies, meta, outcome.next_stage, span.traceparent, remember);
      }
      await this.flushOutbox();
      const stale = outcome.stale !== undefined;
      return {
        applied: !outcome.refused && !stale,
        duplicate: false,
        refused: outcome.refused,
        stale,
        view: this.currentView(),
      };
    });
  }

  /**
   * Takes in this order's share of an inventory drop, once per stock movement. Answers `view:
   * null` when no order was recorded here (a movement that names no order), for the caller to set aside.
   */
  async applyShortfall(input: ShortfallInput): Promise<{ applied: boolean; view: OrderView | null }> {
    const cmd = ShortfallInput.parse(input);
    const view = this.view;
    if (!view) return { applied: false, view: null };
    const seenKey = `movement:${cmd.movement_id}`;
    if (readMeta(this.ctx.storage.sql, seenKey) !== null) return { applied: false, view };
    return this.traced("OrderObject.applyShortfall", cmd.traceparent, view.po_number, async (span) => {
      const outcome = interpretShortfall(view, cmd, cmd.backorder_eta);
      const bodies = [...outcome.events];
      if (outcome.status) bodies.push({ type: "status.changed", data: { from: view.status, ...outcome.status } });
      this.commit(
        bodies,
        { actor: "erp", trace_id: span.context.traceId, handoff_id: null },
        outcome.next_stage,
        span.traceparent,
        (sql) => writeMeta(sql, seenKey, new Date().toISOString()),
      );
      await this.flushOutbox();
      return { applied: true, view: this.currentView() };
    });
  }

  /** Applies a person's decision on one of this order's escalations, once. */
  async decideEscalation(input: DecideInput): Promise<{ applied: boolean; refused: string | null; view: OrderView }> {
    const cmd = DecideInput.parse(input);
    const view = this.currentView();
    return this.traced("OrderObject.decideEscalation", cmd.traceparent, view.po_number, async (span) => {
      const outcome = applyEscalationDecision(
        view,
        cmd.escalation_id,
        cmd.decision,
        cmd.decided_by,
        new Date().toISOString(),
      );
      if (outcome.refused) return { applied: false, refused: outcome.refused, view };
      const bodies = [...outcome.events];
      if (outcome.status) bodies.push({ type: "status.changed", data: { from: view.status, ...outcome.status } });
      this.commit(
        bodies,
        { actor: "ops", trace_id: span.context.traceId, handoff_id: null },
        outcome.next_stage,
        span.traceparent,
      );
      await this.flushOutbox();
      return { applied: true, refused: null, view: this.currentView() };
    });
  }

  /** Records a customer's satisfaction with how an exception was resolved; it reaches the episode. */
  async recordCsat(input: CsatInput): Promise<{ applied: boolean; refused: string | null; view: OrderView }> {
    const cmd = CsatInput.parse(input);
    const view = this.currentView();
    const ex = view.exceptions.find((x) => x.exception_id === cmd.exception_id);
    if (!ex) return { applied: false, refused: `no exception ${cmd.exception_id} on ${view.po_number}`, view };
    if (ex.status !== "resolved")
      return { applied: false, refused: `exception ${cmd.exception_id} is not resolved yet`, view };
    this.commit(
      [
        {
          type: "csat.recorded",
          data: { exception_id: cmd.exception_id, customer_satisfaction: cmd.customer_satisfaction },
        },
      ],
      { actor: "api", trace_id: parseTraceparent(cmd.traceparent)?.traceId ?? null, handoff_id: null },
      null,
      null,
    );
    await this.flushOutbox();
    return { applied: true, refused: null, view: this.currentView() };
  }

  /** Records model calls made for this order outside the pipeline (a status question), so its costs add up. */
  async recordModelCalls(input: ModelCallsInput): Promise<OrderView> {
    const cmd = ModelCallsInput.parse(input);
    const view = this.currentView();
    if (cmd.events.length === 0) return view;
    this.commit(
      cmd.events,
      { actor: "api", trace_id: parseTraceparent(cmd.traceparent)?.traceId ?? null, handoff_id: null },
      null,
      null,
    );
    await this.flushOutbox();
    return this.currentView();
  }

  /**
   * Counts a status question's model calls on the order without an event (see `QuestionCosts`):
   * the running totals live in the object's meta table and are folded into the view.
   */
  async accountQuestion(input: QuestionCosts): Promise<void> {
    const question = QuestionCosts.parse(input);
    const view = this.currentView();
    if (question.calls === 0) return;
    writeMeta(this.ctx.storage.sql, QUESTION_COSTS, JSON.stringify(addQuestionCosts(this.questionCosts(), question)));
    this.view = withQuestionCosts(view, question);
  }

  private questionCosts(): QuestionCosts {
    const stored = readMeta(this.ctx.storage.sql, QUESTION_COSTS);
    return stored === null ? NO_QUESTION_COSTS : QuestionCosts.parse(JSON.parse(stored));
  }

  /** AdmissionControl lets a waiting PO in: its pipeline starts now. Answers false when it was not waiting. */
  async startPipeline(): Promise<boolean> {
    const view = this.view;
    if (view?.admission !== "waiting") return false;
    const waited_ms = Math.max(0, Date.now() - Date.parse(view.received_at));
    return this.traced("OrderObject.startPipeline", null, view.po_number, async (span) => {
      this.commit(
        [{ type: "admission.released", data: { waited_ms } }],
        { actor: "api", trace_id: view.trace_id, handoff_id: null },
        "intake",
        span.traceparent,
      );
      await this.flushOutbox();
      return true;
    });
  }

  /** Loads a seed order's history as it stands; does nothing when the order already exists. */
  async importHistory(history: { actor: Actor; at: string; body: OrderEventBody }[]): Promise<boolean> {
    if (this.view) return false;
    const bodies = history.map((h) => OrderEventBody.parse(h.body));
    const events = bodies.map(
      (b, i) =>
        ({
          ...b,
          seq: i + 1,
          at: history[i]!.at,
          actor: history[i]!.actor,
          trace_id: null,
          handoff_id: null,
        }) as OrderEvent,
    );
    // A seed history is not replayed against stock or memory: the seed inventory and episodes are what is left after it.
    this.store(events, null, undefined, { replay: true });
    await this.flushOutbox();
    return true;
  }

  /** The order view, or null when no PO was ever recorded here. */
  async read(): Promise<OrderView | null> {
    return this.view;
  }

  /** What an agent works from: the view, the PO exactly as recorded, and the handoffs still open. */
  async workingContext(): Promise<{ view: OrderView; po: RecordedPurchaseOrder; open_handoffs: string[] } | null> {
    const received = this.events.find((e) => e.type === "order.received");
    if (!this.view || !received || received.type !== "order.received") return null;
    return { view: this.view, po: received.data.po, open_handoffs: openHandoffs(this.events).map((h) => h.handoff_id) };
  }

  /** The event log in the public shape, oldest first. */
  async eventLog() {
    return this.events.map(publicEvent);
  }

  /** The event log as a principal of `kind` may see it: operations all of it, a customer its projection. */
  async eventLogFor(kind: PrincipalKind) {
    return eventsFor(PrincipalKind.parse(kind), this.events);
  }

  /**
   * Re-issues handoffs that were sent but never answered (a message dead-lettered after its
   * retries), each under its own id so a late original still applies once. Gives up on a
   * handoff after `MAX_REDRIVES`, once: it stays pending, is marked abandoned, audited, and
   * escalated to a person.
   */
  async redriveStalled(issuedBefore: string): Promise<{ redriven: string[]; abandoned: string[] }> {
    const view = this.view;
    if (!view) return { redriven: [], abandoned: [] };
    const { redriven, abandoned } = requeueStalledHandoffs(
      this.ctx,
      view,
      this.events,
      Date.parse(z.iso.datetime().parse(issuedBefore)),
    );
    if (abandoned.length) {
      const detail = { handoffs: abandoned, escalation_ids: abandoned.map((a) => abandonedEscalationId(a.handoff_id)) };
      this.commit(
        abandonmentEvents(abandoned),
        { actor: "api", trace_id: view.trace_id, handoff_id: null },
        null,
        null,
        (sql) =>
          enqueueOutbox(
            sql,
            {
              id: `audit:${crypto.randomUUID()}` as const,
              kind: "audit",
              body: { kind: "handoff.abandoned", poNumber: view.po_number, detail },
            },
            Date.now(),
          ),
      );
    }
    if (redriven.length || abandoned.length) await this.flushOutbox();
    return { redriven, abandoned: abandoned.map((a) => a.handoff_id) };
  }

  /**
   * Records a handoff the dead-letter queue received after its retries ran out, so the view
   * shows it (`dead_handoffs`) until a redrive answers it. Answers false when there is no order,
   * the handoff was answered meanwhile, or it is already recorded.
   */
  async recordDeadHandoff(input: DeadHandoffInput): Promise<boolean> {
    const cmd = DeadHandoffInput.parse(input);
    const view = this.view;
    if (!view || !openHandoffs(this.events).some((h) => h.handoff_id === cmd.handoff_id)) return false;
    if (view.dead_handoffs.some((d) => d.id === cmd.handoff_id && d.via === "dead_letter_queue")) return false;
    const data = {
      id: cmd.handoff_id,
      kind: "queue",
      stage: cmd.stage,
      via: "dead_letter_queue" as const,
      attempts: cmd.attempts,
      reason: cmd.reason,
    };
    this.commit(
      [{ type: "handoff.dead_lettered", data }],
      { actor: "api", trace_id: view.trace_id, handoff_id: null },
      null,
      null,
    );
    await this.flushOutbox();
    return true;
  }

  /** Re-sends outbox rows, those still backing off too; the alarm fires at least once, and sends are idempotent downstream. */
  override async alarm(): Promise<void> {
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
    ws.close(code === 1005 ? 1000 : code, "closing");
  }

  private currentView(): OrderView {
    if (!this.view) throw new Error("no order recorded in this object");
    return this.view;
  }

  /** Envelopes and stores events, issuing a handoff to `next` in the same transaction. */
  private commit(
    bodies: OrderEventBody[],
    meta: { actor: Actor; trace_id: string | null; handoff_id: string | null },
    next: Stage | null,
    traceparent: string | null,
    alsoWrite?: (sql: SqlStorage) => void,
  ): void {
    const at = new Date().toISOString();
    let handoff: IssuedHandoff | null = null;
    if (next) {
      handoff = { handoff_id: crypto.randomUUID(), stage: next, traceparent, issued_at: at };
      bodies = [...bodies, { type: "handoff.issued", data: { handoff_id: handoff.handoff_id, stage: next } }];
    }
    const events = envelope(bodies, this.events.at(-1)?.seq ?? 0, { ...meta, at });
    this.store(events, handoff, alsoWrite);
  }

  /** One storage transaction: events, the handoff's outbox row, the projection marker, the alarm. */
  private store(
    events: OrderEvent[],
    handoff: IssuedHandoff | null,
    alsoWrite?: (sql: SqlStorage) => void,
    options: { replay?: boolean } = {},
  ): void {
    let view = this.view ? structuredClone(this.view) : null;
    for (const e of events) view = applyOrderEvent(view, e);
    if (!view) throw new Error("nothing to store");
    const all = [...this.events, ...events];
    view.pending_handoffs = pendingHandoffs(view, all);
    const sql = this.ctx.storage.sql;
    const settledFirstTime =
      view.admission === "admitted" && view.pending_handoffs === 0 && readMeta(sql, ADMISSION_RELEASED) === null;
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      for (const e of events) insertEvent(sql, e);
      alsoWrite?.(sql);
      if (handoff) {
        enqueueOutbox(
          sql,
          {
            id: handoff.handoff_id,
            kind: "queue",
            stage: handoff.stage,
            body: { ...handoff, customer_id: view.customer_id, po_number: view.po_number },
          },
          now,
        );
      }
      enqueueOutbox(sql, { id: "projection", kind: "projection", body: null }, now);
      for (const shipmentId of options.replay ? [] : shipmentsDispatched(events)) {
        enqueueOutbox(sql, { id: `stock:${shipmentId}` as const, kind: "stock", body: shipmentId }, now);
      }
      for (const exceptionId of options.replay ? [] : episodesTouched(events)) {
        enqueueOutbox(sql, { id: `episode:${exceptionId}` as const, kind: "episode", body: exceptionId }, now);
      }
      if (settledFirstTime) {
        enqueueOutbox(sql, { id: "admission-release", kind: "admission", body: null }, now);
        writeMeta(sql, ADMISSION_RELEASED, new Date(now).toISOString());
      }
    });
    void this.ctx.storage.setAlarm(now + OUTBOX_RETRY_MS);
    this.events = all;
    this.view = view;
    broadcast(this.ctx, events);
  }

  /** Sends the outbox rows that are due; rows that fail stay for the alarm. */
  private flushOutbox(): Promise<void> {
    return this.outbox.flush();
  }

  private async traced<T>(
    name: string,
    traceparent: string | null,
    po: string,
    work: (span: Span) => Promise<T>,
  ): Promise<T> {
    const span = this.tracer.start(name, "internal", parseTraceparent(traceparent), { "order.po_number": po }, po);
    try {
      return await this.tracer.within(span, work);
    } finally {
      const spans = this.tracer.drain();
      this.ctx.waitUntil(
        recordSpans(this.env.DB, spans).catch((err) =>
          console.warn(JSON.stringify({ msg: "span write failed", error: String(err) })),
        ),
      );
    }
  }
}
