/**
 * The CI gate of DESIGN §11: the whole evaluation suite, played in-process inside workerd through
 * the Worker's own fetch handler (queues, Durable Objects and D1 as in every integration test),
 * scored by the same runner core as `npm run eval` and held to the same gate (evaluation/gate.ts).
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { formatTable, runSuite } from "../../evaluation/runner-core";
import suite from "../../evaluation/test_suite.json";

describe("evaluation suite (DESIGN §11)", () => {
  it("passes the gate: every category, no runner error or time-out, the expected escalations", {
    timeout: 600_000,
  }, async () => {
    const report = await runSuite(suite, {
      send: (request) => exports.default.fetch(request),
      secrets: { erp: env.ERP_WEBHOOK_SECRET, carrier: env.CARRIER_WEBHOOK_SECRET },
      concurrency: 10,
      // Each queue hop is ~50 ms here (vitest.config.ts): a step settles in well under a second.
      settleTimeoutMs: 30_000,
      pollIntervalMs: 50,
      mode: "vitest (workerd, in-process)",
      onProgress: (line) => console.log(line),
    });
    console.log(`\n${formatTable(report)}\n`);
    expect(report.accuracy.overall.cases).toBe(suite.cases.length);
    expect(report.gate.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "accuracy adversarial",
        "accuracy regression",
        "runner errors",
        "settle time-outs",
        "escalation rate",
      ]),
    );
    for (const check of report.gate.checks)
      expect(
        check.passed,
        `${check.name}: ${check.actual}, required ${check.required}; ${check.offenders.join("; ")}`,
      ).toBe(true);
    expect(report.gate.passed).toBe(true);
  });
});
