/**
 * The targets of issue 15 (DESIGN §15), judged by the bench and never by a timed test: each is a
 * figure, a limit and which side of it passes. A figure the run did not take is neither passed
 * nor failed (null), so a `--only` run reports what it measured and nothing else.
 */
import type { TargetResult } from "./results-schema";

export interface Target {
  id: string;
  /** What is measured, as the table prints it. */
  figure: string;
  comparison: "at_least" | "at_most";
  limit: number;
  unit: string;
}

export const READ_THROUGHPUT: Omit<Target, "id" | "figure"> = { comparison: "at_least", limit: 0.8, unit: "x floor" };
export const READ_P50: Omit<Target, "id" | "figure"> = { comparison: "at_most", limit: 1.5, unit: "x floor" };

export const TARGETS = {
  pipeline_rate: { figure: "POs settled a minute", comparison: "at_least", limit: 600, unit: "POs/min" },
  pipeline_p95: { figure: "intake to settled p95", comparison: "at_most", limit: 2_000, unit: "ms" },
  ws_p99: { figure: "WebSocket event-to-receipt p99", comparison: "at_most", limit: 100, unit: "ms" },
  ws_missing: { figure: "WebSocket receipts missing", comparison: "at_most", limit: 0, unit: "receipts" },
  overload_lost: { figure: "overload: POs lost", comparison: "at_most", limit: 0, unit: "POs" },
  overload_5xx: { figure: "overload: 5xx answers", comparison: "at_most", limit: 0, unit: "answers" },
  overload_429_without_retry_after: {
    figure: "overload: 429s without Retry-After",
    comparison: "at_most",
    limit: 0,
    unit: "answers",
  },
  model_cost: { figure: "model cost per interaction", comparison: "at_most", limit: 0.005, unit: "USD" },
  infrastructure_cost: { figure: "infrastructure per 1,000 orders", comparison: "at_most", limit: 0.15, unit: "USD" },
} as const satisfies Record<string, Omit<Target, "id">>;

export type TargetId = keyof typeof TARGETS;

/** Whether `actual` meets `target`; null when nothing was measured. */
export function meets(target: Pick<Target, "comparison" | "limit">, actual: number | null | undefined): boolean | null {
  if (actual === null || actual === undefined || Number.isNaN(actual)) return null;
  return target.comparison === "at_least" ? actual >= target.limit : actual <= target.limit;
}

/** One judged target, as results.json records it. */
export function judge(target: Target, actual: number | null | undefined): TargetResult {
  return { ...target, actual: actual ?? null, passed: meets(target, actual) };
}

/** A named target of the issue, judged. */
export function judgeNamed(id: TargetId, actual: number | null | undefined): TargetResult {
  return judge({ id, ...TARGETS[id] }, actual);
}

/** The two read-path targets of one path: throughput ratio at 50 connections and p50 ratio at 1. */
export function judgeRead(path: string, ratios: { rps: number | null; p50: number | null }): TargetResult[] {
  return [
    judge({ id: `read_rps:${path}`, figure: `${path}: throughput at 50 vs floor`, ...READ_THROUGHPUT }, ratios.rps),
    judge({ id: `read_p50:${path}`, figure: `${path}: p50 at 1 vs floor`, ...READ_P50 }, ratios.p50),
  ];
}

/** pass / fail / not measured counts over judged targets. */
export function tally(results: readonly TargetResult[]) {
  return {
    passed: results.filter((r) => r.passed === true).length,
    failed: results.filter((r) => r.passed === false).length,
    not_measured: results.filter((r) => r.passed === null).length,
  };
}
