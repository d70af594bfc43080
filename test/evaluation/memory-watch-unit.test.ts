import { describe, expect, it } from "vitest";
import { ApiClient } from "../../evaluation/api-client";
import { instantiateCase, scopeHub } from "../../evaluation/case-instance";
import { awaitMemory, type MemoryTarget, memoryTarget } from "../../evaluation/memory-watch";
import { parseSuite, type Step } from "../../evaluation/suite-schema";

const TARGET: MemoryTarget = {
  customerId: "CUST-003",
  exceptionId: "CUST-003-PO-3208-100309-EX1",
  exceptionType: "carrier_delay",
  satisfaction: "positive",
  rule: false,
};
const EPISODE = { episode_id: "EP-CUST-003-PO-3208-100309-EX1", exception_id: TARGET.exceptionId };

/** A memory API whose episode appears (rated) only from the `from`-th read on. */
function memoryApi(from: number, rules: unknown[] = []) {
  const reads: string[] = [];
  const api = new ApiClient({
    baseUrl: "http://orders.test",
    opsToken: "dev-ops-token",
    secrets: { erp: "", carrier: "" },
    sleep: async () => {},
    send: async (request) => {
      const url = new URL(request.url);
      reads.push(`${url.pathname}${url.search}`);
      if (url.pathname === "/v1/memory/rules") return Response.json({ rules });
      const episodes = reads.length >= from ? [{ ...EPISODE, customer_satisfaction: "positive" }] : [];
      // Before the rating lands, the episode is stored without it.
      return Response.json({
        episodes: reads.length === from - 1 ? [{ ...EPISODE, customer_satisfaction: null }] : episodes,
      });
    },
  });
  return { api, reads };
}

const options = { opsToken: "dev-ops-token", timeoutMs: 1_000, pollIntervalMs: 1 };

describe("waiting for memory writes", () => {
  it("waits until the episode carries the rating, reading the customer's episodes of that type", async () => {
    const { api, reads } = memoryApi(4);
    expect(await awaitMemory(api, TARGET, options)).toMatchObject({ ok: true });
    expect(reads).toHaveLength(4);
    expect(reads[0]).toBe("/v1/memory/episodes?customer_id=CUST-003&exception_type=carrier_delay&limit=500");
  });

  it("waits for a rule promoted from the episode, and times out when none is", async () => {
    const promoted = memoryApi(1, [{ rule_id: "OR-002", created_from_episodes: [EPISODE.episode_id] }]);
    expect(await awaitMemory(promoted.api, { ...TARGET, rule: true }, options)).toMatchObject({ ok: true });
    const other = memoryApi(1, [{ rule_id: "OR-001", created_from_episodes: ["EP-OTHER"] }]);
    const waited = await awaitMemory(other.api, { ...TARGET, rule: true }, { ...options, timeoutMs: 20 });
    expect(waited).toMatchObject({
      ok: false,
      missing: `a rule promoted from the episode of ${TARGET.exceptionId} rated positive`,
    });
  });

  it("finds a step's target in the order view: the n-th exception of a csat or a decision", () => {
    const view = {
      customer_id: "CUST-003",
      exceptions: [
        { exception_id: "E0", type: "backorder" },
        { exception_id: "E1", type: "unknown" },
      ],
    };
    const csat = {
      csat: { po_number: "PO-1", exception: 1, customer_satisfaction: "negative" },
      remembers: "episode",
    } as Step;
    expect(memoryTarget(csat, view)).toEqual({
      customerId: "CUST-003",
      exceptionId: "E1",
      exceptionType: "unknown",
      satisfaction: "negative",
      rule: false,
    });
    expect(memoryTarget({ ...csat, remembers: undefined }, view)).toBeNull();
    expect(memoryTarget({ ...csat, csat: { ...csat.csat!, exception: 5 } }, view)).toBeNull();
  });

  it("refuses remembers on a step that writes no episode, or a decision not naming its exception", () => {
    const base = { id: "case-x", category: "edge", description: "d", expect: { "steps[0].status": 200 } };
    const suite = (step: unknown) => ({ cases: [{ ...base, steps: [step] }] });
    expect(() => parseSuite(suite({ status_query: { po_number: "PO-1", token: "t" }, remembers: "episode" }))).toThrow(
      /remembers/,
    );
    expect(() =>
      parseSuite(suite({ decide_escalation: { po_number: "PO-1", decision: "approve" }, remembers: "episode" })),
    ).toThrow(/remembers/);
    expect(() =>
      parseSuite(
        suite({ decide_escalation: { po_number: "PO-1", decision: "approve", exception: 0 }, remembers: "episode" }),
      ),
    ).not.toThrow();
  });
});

describe("hubs scoped per run", () => {
  it("gives a scoped hub the run's namespace and leaves other locations alone", () => {
    expect(scopeHub("Columbus, OH", ["Columbus"], "3208")).toBe("Columbus 3208, OH");
    expect(scopeHub("columbus", ["Columbus"], "3208")).toBe("columbus 3208");
    expect(scopeHub("Memphis, TN", ["Columbus"], "3208")).toBe("Memphis, TN");
  });

  it("rewrites the carrier events of a case that scopes its hub, per namespace", () => {
    const [c] = parseSuite({
      cases: [
        {
          id: "case-hub",
          category: "exception_carrier_delay",
          description: "d",
          scoped_hubs: ["Columbus"],
          steps: [
            {
              carrier_event: {
                po_number: "PO-2025-100309",
                status: "delay",
                location: "Columbus, OH",
                occurred_at: "x",
              },
            },
          ],
          expect: { "steps[0].status": 202 },
        },
      ],
    }).cases;
    const at = (ns: string) => instantiateCase(c!, ns, 0).case.steps[0]?.carrier_event?.location;
    expect([at("3208"), at("3209")]).toEqual(["Columbus 3208, OH", "Columbus 3209, OH"]);
  });
});
