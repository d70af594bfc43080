/**
 * The evaluation runner's core (DESIGN §11), shared by the Node entry point (`npm run eval`) and
 * the CI gate inside workerd: it plays each case's steps through the system's public API, waits
 * for every order to settle, scores the case against its expectations, and gathers the metrics.
 * It knows nothing of where the system runs: it is given a `send(Request)`.
 */
import { ApiClient, type Answer, type Send } from "./api-client";
import { instantiateCase, stepPoNumber, submittedPoNumbers, type CaseInstance } from "./case-instance";
import { evaluateExpectations, outcomeOf, referencedOrders, type Outcome } from "./expectations";
import { collectMetrics, type CaseRun, type EvaluationReport, type StepRecord } from "./metrics";
import { parseSuite, stepKind, type Case, type Step, type Suite } from "./suite-schema";

export type { EvaluationReport } from "./metrics";
export { formatMarkdown, formatTable } from "./report-format";
export { parseSuite } from "./suite-schema";

export interface RunnerOptions {
  send: Send;
  /** Standard Webhooks secrets (`whsec_…`) the system verifies ERP and carrier events with. */
  secrets: { erp: string; carrier: string };
  /** Base URL for the requests' URLs; in-process any origin does. */
  baseUrl?: string;
  opsToken?: string;
  /** Cases played at once (default 8). */
  concurrency?: number;
  /** Times the whole suite is played, each in its own namespace, for pass^k (default 1). */
  trials?: number;
  /** How long an order may take to settle after a step (default 60 s). */
  settleTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Four-digit run namespaces, one per trial; default chosen from the clock and probed. */
  namespaces?: string[];
  /** Plays only the cases this keeps. */
  filter?: (c: Case) => boolean;
  onProgress?: (line: string) => void;
  mode?: string;
}

const DEFAULT_OPS_TOKEN = "dev-ops-token";
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Runs `worker` over `items` with at most `limit` at once, keeping the order of results. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Plays one case and scores it. */
class CasePlayer {
  private readonly steps: StepRecord[] = [];
  private readonly pos: string[] = [];
  private readonly errors: string[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly inst: CaseInstance,
    private readonly o: Required<Pick<RunnerOptions, "settleTimeoutMs" | "pollIntervalMs" | "opsToken">> & {
      namespace: string;
      caseIndex: number;
    },
  ) {}

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
    this.errors.push(
      `${po} did not settle within ${this.o.settleTimeoutMs} ms (last status ${String(last?.status)}, pending ${String(last?.pending_handoffs)})`,
    );
    return { settled: false, ms: Date.now() - started, view: last };
  }

  private webhookId(step: Step, index: number): string {
    return step.webhook_id
      ? `${step.webhook_id}_${this.o.namespace}`
      : `msg_eval_${this.o.namespace}_${this.o.caseIndex}_${index}`;
  }

  private async submit(step: Step): Promise<{ answer: Answer; placed: string[] }> {
    const s = step.submit_po!;
    if (s.channel === "portal") {
      const headers: Record<string, string> = s.idempotency_key
        ? { "idempotency-key": `${s.idempotency_key}-${this.o.namespace}` }
        : {};
      const answer = await this.api.request("POST", "/v1/orders", { token: s.token, json: s.payload, headers });
      return {
        answer,
        placed: isRecord(answer.body) && "pending_handoffs" in answer.body ? [String(answer.body.po_number)] : [],
      };
    }
    if (s.channel === "edi") {
      const answer = await this.api.request("POST", "/v1/orders/edi", {
        token: s.token ?? this.o.opsToken,
        text: s.payload,
        contentType: "application/edi-x12",
      });
      const orders =
        isRecord(answer.body) && Array.isArray(answer.body.orders)
          ? (answer.body.orders as { po_number?: unknown; status?: unknown }[])
          : [];
      return {
        answer,
        placed: orders
          .filter((x) => typeof x.po_number === "string" && x.status === "received")
          .map((x) => x.po_number as string),
      };
    }
    const answer = await this.api.request("POST", "/v1/orders/email", {
      token: s.token ?? this.o.opsToken,
      json: s.payload,
    });
    return {
      answer,
      placed: isRecord(answer.body) && "pending_handoffs" in answer.body ? [String(answer.body.po_number)] : [],
    };
  }

  private async carrierEvent(step: Step, webhookId: string): Promise<Answer> {
    const e = step.carrier_event!;
    const view = await this.api.view(e.po_number);
    const shipments = Array.isArray(view?.shipments)
      ? (view.shipments as { tracking?: string | null; carrier?: string | null }[])
      : [];
    const shipment = shipments[e.shipment];
    if (!shipment?.tracking) {
      const error = `${e.po_number} has no dispatched shipment ${e.shipment} to track`;
      return { status: 0, body: { error }, trace_id: null, elapsed_ms: 0 };
    }
    const event = {
      tracking: shipment.tracking,
      carrier: e.carrier ?? shipment.carrier ?? "UPS",
      status: e.status,
      location: e.location ?? "",
      occurred_at: e.occurred_at,
      ...(e.estimated_delivery !== undefined ? { estimated_delivery: e.estimated_delivery } : {}),
      ...(e.detail !== undefined ? { detail: e.detail } : {}),
    };
    return this.api.webhook("carrier", event, webhookId, step.signing);
  }

  private async decide(step: Step): Promise<Answer> {
    const d = step.decide_escalation!;
    const list = await this.api.request("GET", "/v1/escalations", { token: this.o.opsToken });
    const all =
      isRecord(list.body) && Array.isArray(list.body.escalations)
        ? (list.body.escalations as Record<string, unknown>[])
        : [];
    let wanted: string | null = null;
    if (d.exception !== undefined) {
      const view = await this.api.view(d.po_number);
      const ex = Array.isArray(view?.exceptions)
        ? (view.exceptions as { exception_id?: string }[])[d.exception]
        : undefined;
      wanted = ex?.exception_id ?? null;
    }
    const open = all
      .filter((e) => e.po_number === d.po_number && (e.status === undefined || e.status === "open"))
      .filter((e) => wanted === null || e.exception_id === wanted)
      .sort((a, b) => String(a.created_at ?? "").localeCompare(String(b.created_at ?? "")));
    const chosen = open[0];
    if (!chosen) {
      return {
        status: 0,
        body: { error: `no open escalation for ${d.po_number} in GET /v1/escalations (answered ${list.status})` },
        trace_id: list.trace_id,
        elapsed_ms: list.elapsed_ms,
      };
    }
    const body = {
      decision: d.decision,
      ...(d.resolution ? { resolution: d.resolution } : {}),
      ...(d.note !== undefined ? { note: d.note } : {}),
    };
    return this.api.request("POST", `/v1/escalations/${encodeURIComponent(String(chosen.id))}/decision`, {
      token: d.token ?? this.o.opsToken,
      json: body,
    });
  }

  private async csat(step: Step): Promise<Answer> {
    const c = step.csat!;
    const view = await this.api.view(c.po_number);
    const ex = Array.isArray(view?.exceptions)
      ? (view.exceptions as { exception_id?: string }[])[c.exception]
      : undefined;
    if (!ex?.exception_id)
      return {
        status: 0,
        body: { error: `${c.po_number} has no exception ${c.exception}` },
        trace_id: null,
        elapsed_ms: 0,
      };
    return this.api.request("POST", `/v1/orders/${encodeURIComponent(c.po_number)}/csat`, {
      token: c.token ?? this.o.opsToken,
      json: { exception_id: ex.exception_id, customer_satisfaction: c.customer_satisfaction },
    });
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
        const { answer: a, placed } = await this.submit(step);
        answer = a;
        settleFor = placed;
        for (const po of submittedPoNumbers(step)) this.note(po);
        for (const po of placed) this.note(po);
        break;
      }
      case "erp_event":
        answer = await this.api.webhook("erp", step.erp_event, this.webhookId(step, index), step.signing);
        break;
      case "carrier_event":
        answer = await this.carrierEvent(step, this.webhookId(step, index));
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
        answer = await this.decide(step);
        break;
      case "csat":
        answer = await this.csat(step);
        break;
    }
    const po = stepPoNumber(step);
    this.note(po);
    // An event for no order (an inventory update) may still move the case's orders: settle them all.
    if (kind !== "submit_po" && kind !== "status_query" && answer.status >= 200 && answer.status < 300)
      settleFor = po ? [po] : [...this.pos];
    const settled = step.wait === false ? [] : await Promise.all(settleFor.map((p) => this.settle(p)));
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

/** Picks a namespace for a trial whose first submitted PO is not yet known to the system. */
async function pickNamespace(api: ApiClient, suite: Suite, trial: number, taken: Set<string>): Promise<string> {
  const probe = suite.cases
    .flatMap((c) => c.steps.flatMap(submittedPoNumbers))
    .find((po) => /^PO-\d{4}-\d{4,6}$/.test(po));
  const seed = Math.floor(Date.now() / 1000);
  for (let attempt = 0; attempt < 20; attempt++) {
    const ns = String(3000 + ((seed + trial * 977 + attempt * 131) % 6000));
    if (taken.has(ns)) continue;
    if (!probe || (await api.view(probe.replace(/^PO-\d{4}-/, `PO-${ns}-`))) === null) return ns;
  }
  throw new Error("no free run namespace found after 20 tries");
}

/** Plays a suite against the system and answers the report. */
export async function runSuite(input: unknown, options: RunnerOptions): Promise<EvaluationReport> {
  const suite = parseSuite(input);
  const cases = options.filter ? suite.cases.filter(options.filter) : suite.cases;
  const trials = Math.max(1, options.trials ?? 1);
  const opsToken = options.opsToken ?? DEFAULT_OPS_TOKEN;
  const api = new ApiClient({
    send: options.send,
    baseUrl: options.baseUrl ?? "http://orders.test",
    opsToken,
    secrets: options.secrets,
    sleep,
  });
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();
  const runs: CaseRun[] = [];
  const namespaces: string[] = [];
  for (let trial = 1; trial <= trials; trial++) {
    const namespace = options.namespaces?.[trial - 1] ?? (await pickNamespace(api, suite, trial, new Set(namespaces)));
    namespaces.push(namespace);
    progress(
      `trial ${trial}/${trials}: ${cases.length} cases, namespace PO-${namespace}-…, ${options.concurrency ?? 8} at once`,
    );
    let done = 0;
    const play = async (c: Case) => {
      const index = suite.cases.indexOf(c);
      const player = new CasePlayer(api, instantiateCase(c, namespace, index), {
        settleTimeoutMs: options.settleTimeoutMs ?? 60_000,
        pollIntervalMs: options.pollIntervalMs ?? 100,
        opsToken,
        namespace,
        caseIndex: index,
      });
      const run: CaseRun = { trial, namespace, ...(await player.run()) };
      done += 1;
      const mark = run.outcome === "pass" ? "PASS" : run.outcome === "partial" ? "PART" : "FAIL";
      progress(
        `[${trial}] ${String(done).padStart(3)}/${cases.length} ${mark} ${run.id} (${run.held}/${run.total}, ${(run.duration_ms / 1000).toFixed(1)} s)`,
      );
      return run;
    };
    // Serial cases first, one at a time, then the rest `concurrency` at once.
    const serial = await pool(
      cases.filter((c) => c.serial),
      1,
      play,
    );
    const concurrent = await pool(
      cases.filter((c) => !c.serial),
      options.concurrency ?? 8,
      play,
    );
    runs.push(...serial, ...concurrent);
  }
  progress("collecting traces, costs and latencies");
  // Agent spans are stored after the queue batch is acked (waitUntil): give them a moment.
  await sleep(500);
  return collectMetrics(api, {
    runs,
    trials,
    namespaces,
    mode: options.mode ?? "in-process",
    started,
    suiteCases: cases.length,
    opsToken,
  });
}

export type { Case, Suite } from "./suite-schema";
