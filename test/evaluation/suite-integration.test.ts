/**
 * The CI gate of DESIGN §11: the whole evaluation suite, played in-process inside workerd through
 * the Worker's own fetch handler (queues, Durable Objects and D1 as in every integration test),
 * scored by the same runner core as `npm run eval`.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import suite from "../../evaluation/test_suite.json";
import { formatTable, runSuite } from "../../evaluation/runner-core";
import { EXCEPTION_CATEGORIES } from "../../evaluation/suite-schema";

/** DESIGN §1: > 90% resolution accuracy against the playbook. */
const MIN_ACCURACY = 0.9;
/** Each exception category on its own. */
const MIN_EXCEPTION_ACCURACY = 0.8;

describe("evaluation suite (DESIGN §11)", () => {
  it("scores at least 90% overall and 80% in each exception category", { timeout: 600_000 }, async () => {
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
    expect(report.accuracy.overall.accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
    for (const category of EXCEPTION_CATEGORIES) {
      expect(report.accuracy.by_category[category]?.accuracy ?? 0, category).toBeGreaterThanOrEqual(
        MIN_EXCEPTION_ACCURACY,
      );
    }
  });
});
