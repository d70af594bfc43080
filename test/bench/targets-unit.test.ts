import { describe, expect, it } from "vitest";
import { judgeAll, parseOnly, SECTIONS } from "../../bench/sections";
import { judgeNamed, judgeRead, meets, tally } from "../../bench/targets";

describe("issue 15's targets", () => {
  it("passes at the limit on either side and fails past it", () => {
    expect(meets({ comparison: "at_least", limit: 600 }, 600)).toBe(true);
    expect(meets({ comparison: "at_least", limit: 600 }, 599.9)).toBe(false);
    expect(meets({ comparison: "at_most", limit: 2_000 }, 2_000)).toBe(true);
    expect(meets({ comparison: "at_most", limit: 2_000 }, 2_000.1)).toBe(false);
  });

  it("neither passes nor fails what was not measured", () => {
    expect(meets({ comparison: "at_most", limit: 1 }, null)).toBeNull();
    expect(meets({ comparison: "at_most", limit: 1 }, Number.NaN)).toBeNull();
    expect(judgeNamed("ws_p99", undefined)).toMatchObject({ actual: null, passed: null });
  });

  it("judges a read path on throughput at 50 (>= 0.8x floor) and p50 at 1 (<= 1.5x floor)", () => {
    const [rps, p50] = judgeRead("order view", { rps: 0.79, p50: 1.5 });
    expect(rps).toMatchObject({ id: "read_rps:order view", limit: 0.8, passed: false });
    expect(p50).toMatchObject({ id: "read_p50:order view", limit: 1.5, passed: true });
  });

  it("judges the figures of the sections that ran and leaves the rest unmeasured", () => {
    const results = judgeAll({
      reads: null,
      pipeline: null,
      websocket: null,
      model_cost: null,
      running_cost: null,
      overload: {
        sent: 200,
        accepted: 150,
        refused_429: 50,
        with_retry_after: 49,
        without_retry_after: 1,
        server_5xx: 0,
        other: {},
        settled: 150,
        lost: 0,
        lost_examples: [],
      },
    });
    const byId = Object.fromEntries(results.map((r) => [r.id, r.passed]));
    expect(byId).toMatchObject({
      overload_lost: true,
      overload_5xx: true,
      overload_429_without_retry_after: false,
      pipeline_rate: null,
      model_cost: null,
    });
    expect(tally(results)).toEqual({ passed: 2, failed: 1, not_measured: results.length - 3 });
  });

  it("reads --only in the bench's own order and refuses a section it does not know", () => {
    expect(parseOnly(undefined)).toEqual([...SECTIONS]);
    expect(parseOnly("ws, reads")).toEqual(["reads", "ws"]);
    expect(() => parseOnly("reads,speed")).toThrow(/unknown section\(s\) speed/);
  });
});
