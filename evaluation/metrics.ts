/**
 * The evaluation's numbers (DESIGN §1 targets, §9, §11): accuracy and pass^k per category,
 * escalation rate, cost per interaction and by task, model mix, and latency per task. Costs and
 * model calls come from the system's own spans (`GET /v1/traces/:id`), never from the runner.
 */
import { type ApiClient, isRecord } from "./api-client";
import { evaluateGate } from "./gate";
import type { CaseRun, EvaluationReport, LatencyStat, Tally } from "./report-types";
import { CATEGORIES } from "./suite-schema";

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function latencyStat(values: readonly number[], target: number | null = null): LatencyStat {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50_ms: percentile(sorted, 50),
    p95_ms: percentile(sorted, 95),
    max_ms: sorted.at(-1) ?? null,
    target_ms: target,
    within_target:
      target === null || !sorted.length ? null : round(sorted.filter((v) => v <= target).length / sorted.length),
  };
}

function tally(runs: readonly CaseRun[]): Tally {
  const pass = runs.filter((r) => r.outcome === "pass").length;
  const partial = runs.filter((r) => r.outcome === "partial").length;
  const n = runs.length;
  return {
    cases: n,
    pass,
    partial,
    fail: n - pass - partial,
    accuracy: n ? round(pass / n) : 0,
    partial_credit: n ? round((pass + partial / 2) / n) : 0,
  };
}

interface Span {
  span_id: string;
  name: string;
  start_ms: number;
  end_ms: number | null;
  po_number: string | null;
  attributes: Record<string, unknown>;
}

/** The trace ids to read for a run: each step's, and for orders the run created, every event's. */
async function traceIdsOf(api: ApiClient, run: CaseRun, opsToken: string): Promise<Set<string>> {
  const ids = new Set(run.steps.flatMap((s) => (s.trace_id ? [s.trace_id] : [])));
  for (const o of run.orders) {
    if (!o.view || !o.touched) continue;
    if (typeof o.view.trace_id === "string") ids.add(o.view.trace_id);
    // Seed orders keep events of earlier runs; only orders this run created are read whole.
    if (o.po_number === o.suite_po_number) continue;
    const events = await api.request("GET", `/v1/orders/${encodeURIComponent(o.po_number)}/events`, {
      token: opsToken,
    });
    const list =
      isRecord(events.body) && Array.isArray(events.body.events)
        ? (events.body.events as { trace_id?: unknown }[])
        : [];
    for (const e of list) if (typeof e.trace_id === "string") ids.add(e.trace_id);
  }
  return ids;
}

async function loadSpans(api: ApiClient, traceIds: Iterable<string>, opsToken: string): Promise<Span[]> {
  const spans = new Map<string, Span>();
  const ids = [...new Set(traceIds)];
  let next = 0;
  const lanes = Array.from({ length: Math.min(8, ids.length) }, async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const a = await api.request("GET", `/v1/traces/${id}`, { token: opsToken });
      const list = isRecord(a.body) && Array.isArray(a.body.spans) ? (a.body.spans as Span[]) : [];
      for (const s of list)
        if (s && typeof s.span_id === "string")
          spans.set(s.span_id, { ...s, attributes: isRecord(s.attributes) ? s.attributes : {} });
    }
  });
  await Promise.all(lanes);
  return [...spans.values()];
}

const hasOrders = (r: CaseRun) => r.orders.some((o) => o.touched && o.view);
const escalatedIn = (r: CaseRun) =>
  r.orders.some((o) => o.touched && Array.isArray(o.view?.escalations) && o.view.escalations.length > 0);

const duration = (s: Span) => (typeof s.end_ms === "number" ? s.end_ms - s.start_ms : NaN);

/** Computes the report from the played runs and the system's spans. */
export async function collectMetrics(
  api: ApiClient,
  input: {
    runs: CaseRun[];
    trials: number;
    namespaces: string[];
    mode: string;
    started: number;
    suiteCases: number;
    opsToken: string;
    /** The gate's overall floor (`--min-accuracy`); default 90%. */
    minAccuracy?: number;
  },
): Promise<EvaluationReport> {
  const { runs } = input;
  const byCategory = <T>(f: (rs: CaseRun[]) => T): Record<string, T> =>
    Object.fromEntries(
      CATEGORIES.filter((c) => runs.some((r) => r.category === c)).map((c) => [
        c,
        f(runs.filter((r) => r.category === c)),
      ]),
    );

  const passK = (rs: CaseRun[]) => {
    const ids = [...new Set(rs.map((r) => r.id))];
    const passed = ids.filter((id) => rs.filter((r) => r.id === id).every((r) => r.outcome === "pass")).length;
    return { cases: ids.length, passed_every_trial: passed, rate: ids.length ? round(passed / ids.length) : 0 };
  };
  const escalation = (rs: CaseRun[]) => {
    const withOrders = rs.filter(hasOrders);
    const escalated = withOrders.filter(escalatedIn).length;
    return {
      cases_with_orders: withOrders.length,
      escalated,
      rate: withOrders.length ? round(escalated / withOrders.length) : 0,
    };
  };
  const expectedEscalations = runs.filter(hasOrders).filter((r) => r.escalation_expected).length;
  const cases: EvaluationReport["cases"] = runs.map((r) => ({
    trial: r.trial,
    id: r.id,
    category: r.category,
    channels: r.channels,
    outcome: r.outcome,
    held: r.held,
    total: r.total,
    failed: r.failed,
    errors: r.errors,
    timeouts: r.timeouts,
    has_orders: hasOrders(r),
    escalated: hasOrders(r) && escalatedIn(r),
    escalation_expected: r.escalation_expected,
    duration_ms: r.duration_ms,
    orders: r.orders.map((o) => ({
      po_number: o.po_number,
      status: o.view?.status ?? null,
      trace_id: o.view?.trace_id ?? null,
      cost_usd: o.view?.cost_usd ?? null,
      escalations: Array.isArray(o.view?.escalations) ? (o.view.escalations as unknown[]).length : 0,
    })),
    steps: r.steps.map((s) => ({
      kind: s.kind,
      status: s.status,
      trace_id: s.trace_id,
      request_ms: s.request_ms,
      settle_ms: s.settle_ms,
    })),
  }));

  // Each (trial, PO) once: a seed order read by several cases is one interaction.
  const orders = new Map<string, Record<string, unknown>>();
  for (const r of runs)
    for (const o of r.orders) if (o.view && o.touched) orders.set(`${r.trial}:${o.po_number}`, o.view);
  const costs = [...orders.values()].map((v) => (typeof v.cost_usd === "number" ? v.cost_usd : 0));
  const basis: Record<string, number> = {};
  for (const v of orders.values()) basis[String(v.cost_basis)] = (basis[String(v.cost_basis)] ?? 0) + 1;

  const traceIds = new Set<string>();
  for (const r of runs) for (const id of await traceIdsOf(api, r, input.opsToken)) traceIds.add(id);
  const spans = await loadSpans(api, traceIds, input.opsToken);
  const llm = spans.filter((s) => typeof s.attributes["llm.task"] === "string");
  const byTask: EvaluationReport["cost"]["by_task"] = {};
  const modelCalls: Record<string, number> = {};
  const taskLatency: Record<string, number[]> = {};
  for (const s of llm) {
    const task = String(s.attributes["llm.task"]);
    const cost = Number(s.attributes["llm.cost_usd"] ?? 0) || 0;
    const entry = byTask[task] ?? { calls: 0, total_usd: 0, mean_usd: 0, basis: [] };
    byTask[task] = entry;
    entry.calls += 1;
    entry.total_usd += cost;
    const b = String(s.attributes["llm.cost_basis"] ?? "unknown");
    if (!entry.basis.includes(b)) entry.basis.push(b);
    const model = String(s.attributes["gen_ai.request.model"] ?? "unknown");
    modelCalls[model] = (modelCalls[model] ?? 0) + 1;
    const latencies = taskLatency[task] ?? [];
    taskLatency[task] = latencies;
    latencies.push(duration(s));
  }
  for (const e of Object.values(byTask)) {
    e.mean_usd = round(e.total_usd / e.calls, 6);
    e.total_usd = round(e.total_usd, 6);
  }
  const agentSpans: Record<string, number[]> = {};
  for (const s of spans.filter((x) => x.name.startsWith("agent "))) {
    const durations = agentSpans[s.name] ?? [];
    agentSpans[s.name] = durations;
    durations.push(duration(s));
  }

  const steps = runs.flatMap((r) => r.steps);
  const statusSteps = steps.filter((s) => s.kind === "status_query" && s.status === 200);
  const serverLatency = statusSteps.flatMap((s) =>
    isRecord(s.body) && typeof s.body.latency_ms === "number" ? [s.body.latency_ms] : [],
  );
  const exceptionSteps = steps.filter((s) => s.opened_exceptions && s.settle_ms !== null);
  const intakeSteps = steps.filter((s) => s.kind === "submit_po" && s.settle_ms !== null);
  const totalCalls = llm.length;

  return {
    generated_at: new Date().toISOString(),
    mode: input.mode,
    trials: input.trials,
    namespaces: input.namespaces,
    suite_cases: input.suiteCases,
    duration_ms: Date.now() - input.started,
    accuracy: { overall: tally(runs), by_category: byCategory(tally) },
    pass_k: { k: input.trials, overall: passK(runs), by_category: byCategory(passK) },
    escalation_rate: {
      ...escalation(runs),
      expected: expectedEscalations,
      expected_rate: runs.some(hasOrders) ? round(expectedEscalations / runs.filter(hasOrders).length) : 0,
      target: 0.1,
      by_category: byCategory(escalation),
    },
    cost: {
      orders: costs.length,
      total_usd: round(
        costs.reduce((a, b) => a + b, 0),
        6,
      ),
      per_interaction_usd: costs.length ? round(costs.reduce((a, b) => a + b, 0) / costs.length, 6) : 0,
      target_usd: 0.3,
      basis,
      by_task: byTask,
      spans_found: spans.length,
    },
    model_mix: {
      calls: totalCalls,
      by_model: Object.fromEntries(
        Object.entries(modelCalls).map(([m, n]) => [m, { calls: n, share: round(n / totalCalls) }]),
      ),
    },
    latency: {
      status_query_server: latencyStat(serverLatency, 5_000),
      status_query_client: latencyStat(
        statusSteps.map((s) => s.request_ms),
        5_000,
      ),
      exception_resolution_end_to_end: latencyStat(
        exceptionSteps.map((s) => s.total_ms),
        60_000,
      ),
      agent_exception_span: latencyStat(agentSpans["agent exception"] ?? [], 60_000),
      intake_to_settled: latencyStat(intakeSteps.map((s) => s.total_ms)),
      agent_spans: Object.fromEntries(Object.entries(agentSpans).map(([name, v]) => [name, latencyStat(v)])),
      model_calls_by_task: Object.fromEntries(Object.entries(taskLatency).map(([task, v]) => [task, latencyStat(v)])),
    },
    gate: evaluateGate(cases, input.minAccuracy),
    cases,
  };
}
