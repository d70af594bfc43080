/**
 * Trials must not share memory (issue 10, item 10): pass^k counts a case only if every trial
 * passed on its own, so a trial must not pass on an episode or rule that the same case wrote in
 * another trial. The cases that learn scope their hub per run (`scoped_hubs`); these tests play
 * them through the real system in workerd and check that the scope holds, and that without it
 * the leak is real (so the first test can fail).
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Case, runSuite } from "../../evaluation/runner-core";
import suite from "../../evaluation/test_suite.json";

const RULE_CASE = "cd-consolidated-rule-promoted-from-three-episodes";
const PRECEDENT_CASE = "cd-consolidated-follows-own-precedent";

const suiteCase = (id: string): Case => {
  const found = (suite.cases as unknown as Case[]).find((c) => c.id === id);
  if (!found) throw new Error(`no case ${id} in the suite`);
  return found;
};

/** The same case with its CSAT steps taken out: it learns nothing, so its last order has no rule to cite. */
const withoutRatings = (c: Case): Case => ({
  ...c,
  steps: c.steps.filter((s) => s.csat === undefined),
  expect: Object.fromEntries(Object.entries(c.expect).filter(([path]) => !path.startsWith("steps["))),
});

const unscoped = (c: Case): Case => {
  const { scoped_hubs: _, ...rest } = c;
  return rest;
};

/** Plays cases as one trial in a given namespace against this test's Worker. */
const play = (cases: Case[], namespace: string, trials = 1) =>
  runSuite(
    { cases },
    {
      send: (request) => exports.default.fetch(request),
      secrets: { erp: env.ERP_WEBHOOK_SECRET, carrier: env.CARRIER_WEBHOOK_SECRET },
      settleTimeoutMs: 30_000,
      pollIntervalMs: 50,
      trials,
      namespaces: Array.from({ length: trials }, (_, i) => String(Number(namespace) + i)),
    },
  );

describe("evaluation trials do not share memory", () => {
  it("a trial whose ratings are missing does not pass on the rule another trial promoted", {
    timeout: 120_000,
  }, async () => {
    const full = suiteCase(RULE_CASE);
    expect(full.scoped_hubs).toEqual(["Columbus"]);
    const first = await play([full], "7101");
    expect(first.cases[0]).toMatchObject({ outcome: "pass", errors: [], timeouts: [] });
    const second = await play([withoutRatings(full)], "7201");
    expect(second.cases[0]?.outcome).not.toBe("pass");
    expect(second.cases[0]?.failed.map((f) => f.path)).toContain("orders.PO-7201-100352.resolutions[0].rule_ids[0]");
  });

  it("without a scoped hub the same trial would pass on the other trial's rule (the leak is real)", {
    timeout: 120_000,
  }, async () => {
    const full = unscoped(suiteCase(RULE_CASE));
    expect((await play([full], "7301")).cases[0]?.outcome).toBe("pass");
    expect((await play([withoutRatings(full)], "7401")).cases[0]?.outcome).toBe("pass");
  });

  it("pass^2 of a precedent case: each trial follows its own episode", { timeout: 120_000 }, async () => {
    const report = await play([suiteCase(PRECEDENT_CASE)], "7501", 2);
    expect(report.cases.map((c) => [c.trial, c.outcome, c.timeouts])).toEqual([
      [1, "pass", []],
      [2, "pass", []],
    ]);
    expect(report.pass_k).toMatchObject({ k: 2, overall: { rate: 1 } });
  });
});
