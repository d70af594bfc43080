import { z } from "zod";
import { eventsFor } from "../shared/customer-view";
import { PrincipalKind } from "../shared/db/principals-repository";
import { applyEscalationDecision } from "../shared/escalation-decisions";
import { interpretShortfall } from "../shared/external-events";
import { decideCancel, decideChange } from "../shared/order-amendments";
import {
  decideAdmissionRelease,
  decideAgentDecision,
  decideCsat,
  decideDeadHandoff,
  decideExternal,
  decideSubmission,
  externalEventType,
} from "../shared/order-transitions";
import { openHandoffs, type OrderView } from "../shared/order-view";
import { QuestionCosts, withQuestionCosts } from "../shared/question-costs";
import { AgentDecision } from "../shared/schemas/handoff.schema";
import {
  CancelInput,
  ChangeInput,
  CsatInput,
  DeadHandoffInput,
  DecideInput,
  ExternalInput,
  ModelCallsInput,
  ShortfallInput,
  SubmitOrder,
} from "../shared/schemas/order-commands.schema";
import { publicEvent, type Actor, type OrderEventBody } from "../shared/schemas/order-event.schema";
import type { RecordedPurchaseOrder } from "../shared/schemas/purchase-order.schema";
import { parseTraceparent } from "../shared/tracing";
import { duplicateResult, recording, refusal, transitionResult, type TransitionResult } from "../shared/transition";
import { OrderJournal } from "./order-journal";
import { abandonmentEvents, auditAbandonment, requeueStalledHandoffs } from "./order-redrive";
import { addQuestion, readMeta, seedEvents, writeMeta } from "./order-store";

/** Why a command that needs an order is refused by an object where none was recorded. */
const NO_ORDER = "no order recorded in this object";

/**
 * One purchase order (DESIGN §2), and its single writer. It:
 * - appends every change as an event in its SQLite log and derives the view from the log;
 * - writes each handoff to an outbox in the same transaction as the event that issued it,
 *   sends it to its queue, and re-sends from an alarm whatever is left;
 * - applies every command as one `Transition` decided in src/shared (`apply`), and answers a
 *   `TransitionResult`; an agent's decision at most once per handoff id, illegal transitions refused;
 * - projects its view into D1 (order index, escalations) through the same outbox;
 * - streams a snapshot and then every stored event to WebSocket subscribers (Hibernation API).
 */
export class OrderObject extends OrderJournal {
  /** Records a newly received PO; a PO already here answers `duplicate` with the existing view. */
  async submit(input: SubmitOrder): Promise<TransitionResult> {
    const cmd = SubmitOrder.parse(input);
    if (this.view) return duplicateResult(this.view);
    return this.traced("OrderObject.submit", cmd.traceparent, cmd.received.po.po_number, (span) =>
      this.apply(decideSubmission(cmd), { actor: "api", trace_id: span.context.traceId }, span.traceparent),
    );
  }

  /**
   * Applies an agent's decision for one handoff, once. A second decision for the same handoff
   * (a redelivered message, a retried consumer) changes nothing and answers `duplicate`. It
   * answers once the decision is stored, before the outbox is sent: the agent's queue batch (one
   * at a time per queue under wrangler dev) does not wait on the next handoff's send or on D1.
   */
  async applyDecision(input: AgentDecision): Promise<TransitionResult> {
    const d = AgentDecision.parse(input);
    const view = this.currentView();
    if (!openHandoffs(this.events).some((h) => h.handoff_id === d.handoff_id)) return duplicateResult(view);
    return this.traced(`OrderObject.applyDecision ${d.stage}`, d.traceparent, view.po_number, async (span) => {
      const t = decideAgentDecision(view, d);
      if (t.refused) span.set({ "order.decision_refused": t.refused });
      const meta = { actor: d.actor, trace_id: span.context.traceId, handoff_id: d.handoff_id };
      return this.apply(t, meta, span.traceparent, undefined, { answerOnceStored: true });
    });
  }

  /**
   * Applies a signed ERP or carrier event, once per webhook id. What the lifecycle forbids is
   * recorded as refused and changes nothing else; an event that opens an exception hands the
   * order to the exception agent.
   */
  async applyExternal(input: ExternalInput): Promise<TransitionResult> {
    const cmd = ExternalInput.parse(input);
    const view = this.currentView();
    const seenKey = `webhook:${cmd.source}:${cmd.webhook_id}`;
    if (readMeta(this.ctx.storage.sql, seenKey) !== null) return duplicateResult(view);
    return this.traced(`OrderObject.applyExternal ${cmd.source}`, cmd.traceparent, view.po_number, async (span) => {
      const t = decideExternal(view, cmd);
      span.set({ "webhook.id": cmd.webhook_id, "webhook.event_type": externalEventType(cmd) });
      if (t.refused) span.set({ "webhook.refused": t.refused });
      if (t.stale) span.set({ "webhook.stale": true });
      const meta = { actor: cmd.source, trace_id: span.context.traceId };
      return this.apply(t, meta, span.traceparent, (sql) => writeMeta(sql, seenKey, new Date().toISOString()));
    });
  }

  /**
   * Takes in this order's share of an inventory drop, once per stock movement. Answers `view:
   * null` when no order was recorded here (a movement that names no order), for the caller to set aside.
   */
  async applyShortfall(input: ShortfallInput): Promise<TransitionResult<OrderView | null>> {
    const cmd = ShortfallInput.parse(input);
    const view = this.view;
    if (!view) return transitionResult(refusal(NO_ORDER), null);
    const seenKey = `movement:${cmd.movement_id}`;
    if (readMeta(this.ctx.storage.sql, seenKey) !== null) return duplicateResult(view);
    return this.traced("OrderObject.applyShortfall", cmd.traceparent, view.po_number, (span) =>
      this.apply(
        interpretShortfall(view, cmd, cmd.backorder_eta),
        { actor: "erp", trace_id: span.context.traceId },
        span.traceparent,
        (sql) => writeMeta(sql, seenKey, new Date().toISOString()),
      ),
    );
  }

  /** Applies a person's decision on one of this order's escalations, once. */
  async decideEscalation(input: DecideInput): Promise<TransitionResult> {
    const cmd = DecideInput.parse(input);
    const view = this.currentView();
    return this.traced("OrderObject.decideEscalation", cmd.traceparent, view.po_number, (span) => {
      const at = new Date().toISOString();
      const t = applyEscalationDecision(view, cmd.escalation_id, cmd.decision, cmd.decided_by, at);
      return this.apply(t, { actor: "ops", trace_id: span.context.traceId }, span.traceparent);
    });
  }

  /**
   * Cancels the whole order or some of its lines' quantities (DESIGN §14). A whole order cancelled
   * again answers `duplicate` with its view: one cancellation, one release, one notice.
   */
  async cancel(input: CancelInput): Promise<TransitionResult> {
    const cmd = CancelInput.parse(input);
    return this.traced("OrderObject.cancel", cmd.traceparent, this.currentView().po_number, (span) => {
      const view = this.currentView();
      if (view.status === "cancelled" && !cmd.request.lines) return Promise.resolve(duplicateResult(view));
      const t = decideCancel(view, cmd, this.openStages());
      return this.apply(t, { actor: cmd.actor, trace_id: span.context.traceId }, span.traceparent);
    });
  }

  /** Changes the order's lines or requested date (DESIGN §14); a change that changes nothing answers `duplicate`. */
  async change(input: ChangeInput): Promise<TransitionResult> {
    const cmd = ChangeInput.parse(input);
    return this.traced("OrderObject.change", cmd.traceparent, this.currentView().po_number, (span) => {
      const view = this.currentView();
      const t = decideChange(view, cmd, this.openStages());
      if (!t) return Promise.resolve(duplicateResult(view));
      return this.apply(t, { actor: cmd.actor, trace_id: span.context.traceId }, span.traceparent);
    });
  }

  private openStages() {
    return openHandoffs(this.events).map((h) => h.stage);
  }

  /** Records a customer's satisfaction with how an exception was resolved; it reaches the episode. */
  async recordCsat(input: CsatInput): Promise<TransitionResult> {
    const cmd = CsatInput.parse(input);
    const trace_id = parseTraceparent(cmd.traceparent)?.traceId ?? null;
    return this.apply(decideCsat(this.currentView(), cmd), { actor: "api", trace_id }, null);
  }

  /** Records model calls made for this order outside the pipeline (a status question), so its costs add up. */
  async recordModelCalls(input: ModelCallsInput): Promise<TransitionResult> {
    const cmd = ModelCallsInput.parse(input);
    const trace_id = parseTraceparent(cmd.traceparent)?.traceId ?? null;
    return this.apply(recording(cmd.events), { actor: "api", trace_id }, null);
  }

  /**
   * Counts a status question's model calls on the order without an event (see `QuestionCosts`):
   * the running totals live in the object's meta table and are folded into the view.
   */
  async accountQuestion(input: QuestionCosts): Promise<void> {
    const question = QuestionCosts.parse(input);
    const view = this.currentView();
    if (question.calls === 0) return;
    addQuestion(this.ctx.storage.sql, question);
    this.view = withQuestionCosts(view, question);
  }

  /** AdmissionControl lets a waiting PO in: its pipeline starts now. Refused when it was not waiting. */
  async startPipeline(): Promise<TransitionResult<OrderView | null>> {
    const view = this.view;
    const t = decideAdmissionRelease(view, Date.now());
    if (!view || t.refused) return transitionResult(t, view);
    return this.traced("OrderObject.startPipeline", null, view.po_number, (span) =>
      this.apply(t, { actor: "api", trace_id: view.trace_id }, span.traceparent),
    );
  }

  /** Loads a seed order's history as it stands; does nothing when the order already exists. */
  async importHistory(history: { actor: Actor; at: string; body: OrderEventBody }[]): Promise<boolean> {
    if (this.view) return false;
    await this.importEvents(seedEvents(history));
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

  /** The view and the event log as `kind` may see it, in one call where a route needs both. */
  async readWithEvents(kind: PrincipalKind) {
    return this.view ? { view: this.view, events: eventsFor(PrincipalKind.parse(kind), this.events) } : null;
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
      const t = recording(abandonmentEvents(abandoned));
      await this.apply(t, { actor: "api", trace_id: view.trace_id }, null, auditAbandonment(view.po_number, abandoned));
    } else if (redriven.length) await this.flushOutbox();
    return { redriven, abandoned: abandoned.map((a) => a.handoff_id) };
  }

  /**
   * Records a handoff the dead-letter queue received after its retries ran out, so the view
   * shows it (`dead_handoffs`) until a redrive answers it. Refused when there is no order or the
   * handoff was answered meanwhile; `duplicate` when it is already recorded.
   */
  async recordDeadHandoff(input: DeadHandoffInput): Promise<TransitionResult<OrderView | null>> {
    const cmd = DeadHandoffInput.parse(input);
    const view = this.view;
    if (!view) return transitionResult(refusal(NO_ORDER), null);
    const t = decideDeadHandoff(view, this.events, cmd);
    return t ? this.apply(t, { actor: "api", trace_id: view.trace_id }, null) : duplicateResult(view);
  }
}
