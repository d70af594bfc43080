/**
 * Plays one case of the suite (DESIGN §11) through the system's public API: each step's
 * request, then a wait until the orders it moved have settled; at the end the final views are
 * read and the case is scored against its expectations.
 */
import { type Answer, type ApiClient, sleep } from "./api-client";
import { type CaseInstance, stepPoNumber, submittedPoNumbers } from "./case-instance";
import { evaluateExpectations, type Outcome, outcomeOf, referencedOrders } from "./expectations";
import { awaitMemory, memoryTarget } from "./memory-watch";
import type { CaseRun, StepRecord } from "./report-types";
import { type StepContext, StepRequests } from "./step-requests";
import { type Step, stepKind } from "./suite-schema";

/** How long to wait for an order to settle, and how often to look. */
export interface PlayerOptions extends StepContext {
  settleTimeoutMs: number;
  pollIntervalMs: number;
}

/** Plays one case and scores it. */
export class CasePlayer {
  private readonly steps: StepRecord[] = [];
  private readonly pos: string[] = [];
  private readonly errors: string[] = [];
  /** Waits that ran out: an order that did not settle, a memory write that did not land. */
  private readonly timeouts: string[] = [];
  private readonly requests: StepRequests;

  constructor(
    private readonly api: ApiClient,
    private readonly inst: CaseInstance,
    private readonly o: PlayerOptions,
  ) {
    this.requests = new StepRequests(api, o);
  }

  private note(po: string | null) {
    if (po && !this.pos.includes(po)) this.pos.push(po);
  }

  /**
   * Polls the order until no handoff is pending and it has left `received`, seen twice in a row
   * at the same version (a decision may hand off just after it answers). Answers the settle time.
   */
  async settle(po: string): Promise<{ settled: boolean; ms: number; view: Record<string, unknown> | null }> {
    const started = Date.now();
    let last: Record<string, unknown> | null = null;
    let stableAt: unknown = null;
    while (Date.now() - started < this.o.settleTimeoutMs) {
      const view = await this.api.view(po);
      if (view) {
        const quiet = view.pending_handoffs === 0 && view.status !== "received";
        if (quiet && stableAt === view.version) return { settled: true, ms: Date.now() - started, view };
        stableAt = quiet ? view.version : null;
        last = view;
      }
      await sleep(this.o.pollIntervalMs);
    }
    this.timeouts.push(
      `${po} did not settle within ${this.o.settleTimeoutMs} ms (last status ${String(last?.status)}, pending ${String(last?.pending_handoffs)})`,
    );
    return { settled: false, ms: Date.now() - started, view: last };
  }

  /** Waits until memory holds what a remembering step taught it (memory-watch.ts). */
  private async remembered(step: Step, index: number, po: string): Promise<void> {
    const target = memoryTarget(step, await this.api.view(po));
    if (!target) {
      this.errors.push(`step ${index} (${stepKind(step)}): ${po} has no such exception to remember`);
      return;
    }
    const waited = await awaitMemory(this.api, target, {
      opsToken: this.o.opsToken,
      timeoutMs: this.o.settleTimeoutMs,
      pollIntervalMs: this.o.pollIntervalMs,
    });
    if (!waited.ok) this.timeouts.push(`step ${index}: memory did not hold ${waited.missing} within ${waited.ms} ms`);
  }

  private async exceptionCount(po: string | null): Promise<number | null> {
    if (!po) return null;
    const view = await this.api.view(po);
    return Array.isArray(view?.exceptions) ? view.exceptions.length : 0;
  }

  private async play(step: Step, index: number): Promise<StepRecord> {
    const kind = stepKind(step);
    // Exceptions before a webhook, to tell whether it opened one (for the resolution latency).
    const before =
      kind === "erp_event" || kind === "carrier_event" ? await this.exceptionCount(stepPoNumber(step)) : null;
    const started = Date.now();
    let answer: Answer;
    let settleFor: string[] = [];
    switch (kind) {
      case "submit_po": {
        const { answer: a, placed } = await this.requests.submit(step);
        answer = a;
        settleFor = placed;
        for (const po of submittedPoNumbers(step)) this.note(po);
        for (const po of placed) this.note(po);
        break;
      }
      case "erp_event":
        answer = await this.api.webhook("erp", step.erp_event, this.requests.webhookId(step, index), step.signing);
        break;
      case "carrier_event":
        answer = await this.requests.carrierEvent(step, this.requests.webhookId(step, index));
        break;
      case "status_query": {
        const q = step.status_query!;
        answer = await this.api.request("POST", `/v1/orders/${encodeURIComponent(q.po_number)}/status-query`, {
          token: q.token,
          json: q.question === undefined ? {} : { question: q.question },
        });
        break;
      }
      case "decide_escalation":
        answer = await this.requests.decide(step);
        break;
      case "csat":
        answer = await this.requests.csat(step);
        break;
    }
    const po = stepPoNumber(step);
    this.note(po);
    // An event for no order (an inventory update) may still move the case's orders: settle them all.
    if (kind !== "submit_po" && kind !== "status_query" && answer.status >= 200 && answer.status < 300)
      settleFor = po ? [po] : [...this.pos];
    const settled = step.wait === false ? [] : await Promise.all(settleFor.map((p) => this.settle(p)));
    if (step.remembers && po && answer.status >= 200 && answer.status < 300) await this.remembered(step, index, po);
    const exceptionsAfter = (s: { view: Record<string, unknown> | null }) =>
      Array.isArray(s.view?.exceptions) ? s.view.exceptions.length : 0;
    const openedExceptions = settled.some(
      (s) => exceptionsAfter(s) > (kind === "submit_po" ? 0 : (before ?? Number.POSITIVE_INFINITY)),
    );
    return {
      index,
      kind,
      status: answer.status,
      body: answer.body,
      trace_id: answer.trace_id,
      request_ms: answer.elapsed_ms,
      settle_ms: settled.length ? Math.max(...settled.map((s) => s.ms)) : null,
      total_ms: Date.now() - started,
      opened_exceptions: openedExceptions,
      po_number: po,
    };
  }

  /** Plays every step, then reads the final views and scores the expectations. */
  async run(): Promise<Omit<CaseRun, "trial" | "namespace">> {
    const c = this.inst.case;
    const started = Date.now();
    for (const [i, step] of c.steps.entries()) {
      try {
        const record = await this.play(step, i);
        if (record.status === 0) this.errors.push(`step ${i} (${record.kind}): ${JSON.stringify(record.body)}`);
        this.steps.push(record);
      } catch (err) {
        this.errors.push(`step ${i} threw: ${String(err)}`);
        this.steps.push({
          index: i,
          kind: stepKind(step),
          status: 0,
          body: { error: String(err) },
          trace_id: null,
          request_ms: 0,
          settle_ms: null,
          total_ms: 0,
          opened_exceptions: false,
          po_number: null,
        });
      }
    }
    const firstPo = c.steps.map(stepPoNumber).find((p) => p !== null) ?? null;
    const named = referencedOrders(Object.keys(c.expect));
    const touched = new Set(this.pos);
    const views = new Map<string, Record<string, unknown> | null>();
    await Promise.all(
      [...new Set([...(firstPo ? [firstPo] : []), ...this.pos, ...named])].map(async (po) =>
        views.set(po, await this.api.view(po)),
      ),
    );
    const orders = new Map<string, unknown>();
    for (const po of named) orders.set(po, views.get(po) ?? undefined);
    const results = evaluateExpectations(c.expect, {
      order: firstPo ? (views.get(firstPo) ?? undefined) : undefined,
      orders,
      steps: this.steps.map((s) => ({ status: s.status, body: s.body })),
    });
    const traceOf = (path: string): string | null => {
      const step = /^steps\[(\d+)\]/.exec(path);
      if (step) return this.steps[Number(step[1])]?.trace_id ?? null;
      const po = path.startsWith("orders.") ? path.split(".")[1]! : firstPo;
      const view = po ? views.get(po) : null;
      return typeof view?.trace_id === "string" ? view.trace_id : null;
    };
    const outcome: Outcome = outcomeOf(results);
    const suitePo = (po: string) => this.inst.suitePo.get(po) ?? po;
    return {
      id: c.id,
      category: c.category,
      channels: [...new Set(c.steps.flatMap((s) => (s.submit_po ? [s.submit_po.channel] : [])))],
      outcome,
      held: results.filter((r) => r.ok).length,
      total: results.length,
      failed: results
        .filter((r) => !r.ok)
        .map((r) => ({
          path: r.path,
          expected: r.expected,
          actual: r.actual === undefined ? "(absent)" : r.actual,
          trace_id: traceOf(r.path),
        })),
      errors: this.errors,
      timeouts: this.timeouts,
      escalation_expected: c.escalates ?? false,
      duration_ms: Date.now() - started,
      steps: this.steps,
      orders: [...views.entries()].map(([po, view]) => ({
        po_number: po,
        suite_po_number: suitePo(po),
        touched: touched.has(po),
        view,
      })),
    };
  }
}
