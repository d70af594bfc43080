/**
 * The evaluation gate (DESIGN §1, §11): what a run must show for the system to ship. Every
 * category is held on its own, so that a whole category cannot fail behind a good average:
 * adversarial and regression cases at 100% (an attack followed once, or a seed order changed, is
 * a defect, not a rate), every other category and the overall at least 90%. A case the runner
 * could not play (an error) or could not wait out (an order that did not settle, memory that did
 * not hold what a step taught) fails the gate: it is not a case skipped. Escalations must be the
 * suite's: each case escalates exactly when DESIGN §6 has a human decide (`escalates`), so the
 * escalation rate is the expected one, case by case.
 */
import type { EvaluationReport, GateCheck, GateResult } from "./report-types";
import { CATEGORIES, type Category } from "./suite-schema";

/** The fields of a played case the gate reads. */
export type GateCase = Pick<
  EvaluationReport["cases"][number],
  "trial" | "id" | "category" | "outcome" | "errors" | "timeouts" | "has_orders" | "escalated" | "escalation_expected"
>;

/** The least accuracy each category must reach; DESIGN §1: > 90% against the playbook. */
export const CATEGORY_MIN_ACCURACY: Record<Category, number> = {
  standard_flow: 0.9,
  status_query: 0.9,
  exception_carrier_delay: 0.9,
  exception_pricing: 0.9,
  exception_quality: 0.9,
  edge: 0.9,
  adversarial: 1,
  regression: 1,
};
export const OVERALL_MIN_ACCURACY = 0.9;

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const label = (c: GateCase) => `${c.id} [${c.trial}]`;

function accuracyCheck(name: string, cases: readonly GateCase[], min: number): GateCheck {
  const passed = cases.filter((c) => c.outcome === "pass").length;
  const accuracy = cases.length ? passed / cases.length : 0;
  return {
    name,
    passed: cases.length > 0 && accuracy >= min,
    actual: `${pct(accuracy)} (${passed}/${cases.length})`,
    required: `>= ${pct(min)}`,
    offenders: cases.filter((c) => c.outcome !== "pass").map((c) => `${label(c)}: ${c.outcome}`),
  };
}

function noneCheck(name: string, cases: readonly GateCase[], what: (c: GateCase) => string[]): GateCheck {
  const offenders = cases.flatMap((c) => what(c).map((w) => `${label(c)}: ${w}`));
  return { name, passed: offenders.length === 0, actual: String(offenders.length), required: "0", offenders };
}

function escalationCheck(cases: readonly GateCase[]): GateCheck {
  const withOrders = cases.filter((c) => c.has_orders);
  const escalated = withOrders.filter((c) => c.escalated).length;
  const expected = withOrders.filter((c) => c.escalation_expected).length;
  const rate = (n: number) => (withOrders.length ? n / withOrders.length : 0);
  const offenders = withOrders
    .filter((c) => c.escalated !== c.escalation_expected)
    .map((c) => `${label(c)}: ${c.escalated ? "escalated, not expected to" : "expected to escalate, did not"}`);
  return {
    name: "escalation rate",
    passed: offenders.length === 0,
    actual: `${pct(rate(escalated))} (${escalated}/${withOrders.length})`,
    required: `${pct(rate(expected))} (${expected}/${withOrders.length}), case by case`,
    offenders,
  };
}

/** Holds a run's cases to the gate; `minOverall` overrides the overall floor (`--min-accuracy`). */
export function evaluateGate(cases: readonly GateCase[], minOverall = OVERALL_MIN_ACCURACY): GateResult {
  const checks: GateCheck[] = [
    accuracyCheck("accuracy overall", cases, minOverall),
    ...CATEGORIES.filter((cat) => cases.some((c) => c.category === cat)).map((cat) =>
      accuracyCheck(
        `accuracy ${cat}`,
        cases.filter((c) => c.category === cat),
        CATEGORY_MIN_ACCURACY[cat],
      ),
    ),
    noneCheck("runner errors", cases, (c) => c.errors),
    noneCheck("settle time-outs", cases, (c) => c.timeouts),
    escalationCheck(cases),
  ];
  return { passed: checks.every((c) => c.passed), checks };
}
