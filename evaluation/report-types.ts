/** The shapes of a played case and of the evaluation report (DESIGN §11). */
import type { Outcome } from "./expectations";
import type { Category, StepKind } from "./suite-schema";

/** One played step, as the metrics and the report need it. */
export interface StepRecord {
  index: number;
  kind: StepKind;
  status: number;
  body: unknown;
  trace_id: string | null;
  /** Client round trip of the step's request(s). */
  request_ms: number;
  /** From the step's answer until its order(s) settled; null when nothing had to settle. */
  settle_ms: number | null;
  /** From sending the step until its order(s) settled. */
  total_ms: number;
  /** The step opened (or, for a submit, the order showed) at least one exception. */
  opened_exceptions: boolean;
  po_number: string | null;
}

/** One played case in one trial. */
export interface CaseRun {
  trial: number;
  namespace: string;
  id: string;
  category: Category;
  channels: string[];
  outcome: Outcome;
  held: number;
  total: number;
  failed: { path: string; expected: unknown; actual: unknown; trace_id: string | null }[];
  /** The runner could not play a step (network failure, nothing to act on, a throw). */
  errors: string[];
  /** An order that did not settle, or memory that did not hold what a step taught it, in time. */
  timeouts: string[];
  /** The case's `escalates`: DESIGN §6 has a human decide something in it. */
  escalation_expected: boolean;
  duration_ms: number;
  steps: StepRecord[];
  /** Orders the case's steps touched (`touched`) or only its expectations read. */
  orders: { po_number: string; suite_po_number: string; touched: boolean; view: Record<string, unknown> | null }[];
}

/** Pass / partial / fail counts and the two accuracies derived from them. */
export interface Tally {
  cases: number;
  pass: number;
  partial: number;
  fail: number;
  /** Share of cases that passed: every expectation held. The gate's number. */
  accuracy: number;
  /** Pass = 1, partial = 0.5, fail = 0: reported alongside, never gated on. */
  partial_credit: number;
}

/** p50/p95 of a set of durations against a target. */
export interface LatencyStat {
  samples: number;
  p50_ms: number | null;
  p95_ms: number | null;
  max_ms: number | null;
  target_ms: number | null;
  within_target: number | null;
}

/** One check of the gate: what was measured against what it had to be. */
export interface GateCheck {
  name: string;
  passed: boolean;
  actual: string;
  required: string;
  /** The cases behind a failure (`id [trial]: why`). */
  offenders: string[];
}

/** The gate (evaluation/gate.ts): every check must pass. */
export interface GateResult {
  passed: boolean;
  checks: GateCheck[];
}

export interface EvaluationReport {
  generated_at: string;
  mode: string;
  trials: number;
  namespaces: string[];
  suite_cases: number;
  duration_ms: number;
  accuracy: { overall: Tally; by_category: Record<string, Tally> };
  pass_k: {
    k: number;
    overall: { cases: number; passed_every_trial: number; rate: number };
    by_category: Record<string, { cases: number; passed_every_trial: number; rate: number }>;
  };
  escalation_rate: {
    cases_with_orders: number;
    escalated: number;
    rate: number;
    /** Cases with orders that the suite says escalate (`escalates`), and their share: the gated rate. */
    expected: number;
    expected_rate: number;
    target: number;
    by_category: Record<string, { cases_with_orders: number; escalated: number; rate: number }>;
  };
  cost: {
    orders: number;
    total_usd: number;
    /** Mean of the orders' `cost_usd` (an order is one interaction). */
    per_interaction_usd: number;
    target_usd: number;
    basis: Record<string, number>;
    /** From the spans of each order's traces: calls and cost per `llm.task`. */
    by_task: Record<string, { calls: number; total_usd: number; mean_usd: number; basis: string[] }>;
    spans_found: number;
  };
  model_mix: { calls: number; by_model: Record<string, { calls: number; share: number }> };
  latency: {
    status_query_server: LatencyStat;
    status_query_client: LatencyStat;
    exception_resolution_end_to_end: LatencyStat;
    agent_exception_span: LatencyStat;
    intake_to_settled: LatencyStat;
    agent_spans: Record<string, LatencyStat>;
    model_calls_by_task: Record<string, LatencyStat>;
  };
  gate: GateResult;
  cases: {
    trial: number;
    id: string;
    category: string;
    channels: string[];
    outcome: Outcome;
    held: number;
    total: number;
    failed: CaseRun["failed"];
    errors: string[];
    timeouts: string[];
    /** The case's steps touched at least one order (the escalation rate's denominator). */
    has_orders: boolean;
    /** At least one order the case touched has an escalation. */
    escalated: boolean;
    escalation_expected: boolean;
    duration_ms: number;
    orders: { po_number: string; status: unknown; trace_id: unknown; cost_usd: unknown; escalations: number }[];
    steps: { kind: string; status: number; trace_id: string | null; request_ms: number; settle_ms: number | null }[];
  }[];
}
