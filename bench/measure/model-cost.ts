/**
 * Model cost per interaction on the 100 evaluation cases (modeled) and the model mix: the
 * evaluation suite (evaluation/runner-core.ts, as `npm run eval` plays it) against the bench's
 * own system, on its still-fresh stock. Accuracy and the gate are reported beside the cost, since
 * a cheaper model mix only counts with accuracy unchanged.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { runSuite } from "../../evaluation/runner-core";
import { OPS_TOKEN } from "../client";
import type { ModelCost } from "../results-schema";
import type { Context } from "./context";

export async function measureModelCost(ctx: Context): Promise<z.infer<typeof ModelCost>> {
  const suite = JSON.parse(readFileSync(join(ctx.root, "evaluation", "test_suite.json"), "utf8")) as unknown;
  let played = 0;
  const report = await runSuite(suite, {
    send: (request) => fetch(request),
    baseUrl: ctx.system.baseUrl,
    secrets: ctx.system.secrets,
    opsToken: OPS_TOKEN,
    concurrency: 8,
    settleTimeoutMs: 90_000,
    pollIntervalMs: 250,
    mode: "bench (wrangler dev, fresh state)",
    onProgress: (line) => {
      // The suite's progress is a line a case: every tenth, and every case that did not pass.
      if (/^\[\d+\]/.test(line) && ++played % 10 !== 0 && / PASS /.test(line)) return;
      ctx.progress(`eval: ${line}`);
    },
  });
  return {
    source: "evaluation/test_suite.json played by evaluation/runner-core.ts in this run",
    cases: report.suite_cases,
    accuracy: report.accuracy.overall.accuracy,
    gate_passed: report.gate.passed,
    orders: report.cost.orders,
    per_interaction_usd: report.cost.per_interaction_usd,
    total_usd: report.cost.total_usd,
    basis: report.cost.basis,
    model_mix: report.model_mix,
    duration_s: Math.round(report.duration_ms / 1000),
  };
}
