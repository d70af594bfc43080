import { describe, expect, it } from "vitest";
import {
  costFigures,
  escalationFigures,
  nearestRank,
  promptCacheFigures,
  rate,
  slaFigures,
} from "../../../src/shared/metrics/figures";

const NO_COST = {
  interactions: 0,
  modeled_calls: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  uncached_input_tokens: 0,
};

describe("percentile ranks (nearest rank)", () => {
  it("has no rank without values, and rank 1 for a single value at any percentile", () => {
    expect(nearestRank(0, 50)).toBe(0);
    expect(nearestRank(1, 50)).toBe(1);
    expect(nearestRank(1, 95)).toBe(1);
  });

  it("takes the smallest rank covering p percent: the median of 4 is the 2nd, p95 of 20 the 19th, of 21 the 20th", () => {
    expect(nearestRank(4, 50)).toBe(2);
    expect(nearestRank(5, 50)).toBe(3);
    expect(nearestRank(20, 95)).toBe(19);
    expect(nearestRank(21, 95)).toBe(20);
    expect(nearestRank(100, 95)).toBe(95);
  });

  it("never passes the last value nor falls below the first", () => {
    expect(nearestRank(3, 100)).toBe(3);
    expect(nearestRank(3, 0)).toBe(1);
  });
});

describe("rates", () => {
  it("is 0 over an empty whole instead of NaN", () => {
    expect(rate(0, 0)).toBe(0);
    expect(rate(3, 0)).toBe(0);
    expect(rate(1, 4)).toBe(0.25);
  });
});

describe("cost figures", () => {
  it("answers zeros, an empty mix and a modeled basis when nothing was called", () => {
    expect(costFigures(NO_COST, [])).toEqual({
      interactions: 0,
      total_usd: 0,
      per_interaction_usd: 0,
      basis: "modeled",
      model_mix: [],
    });
  });

  it("divides the total by interactions and shares calls per model, most-called first", () => {
    const totals = { ...NO_COST, interactions: 4 };
    const figures = costFigures(totals, [
      { model: "claude-sonnet-4-6", calls: 1, cost_usd: 0.03 },
      { model: "claude-haiku-4-5-20251001", calls: 3, cost_usd: 0.006 },
    ]);
    expect(figures).toEqual({
      interactions: 4,
      total_usd: 0.036,
      per_interaction_usd: 0.009,
      basis: "billed",
      model_mix: [
        { model: "claude-haiku-4-5-20251001", calls: 3, share: 0.75, cost_usd: 0.006 },
        { model: "claude-sonnet-4-6", calls: 1, share: 0.25, cost_usd: 0.03 },
      ],
    });
  });

  it("calls the basis modeled when any call's cost was modeled", () => {
    const f = costFigures({ ...NO_COST, interactions: 1, modeled_calls: 1 }, [{ model: "m", calls: 2, cost_usd: 1 }]);
    expect(f.basis).toBe("modeled");
  });
});

describe("prompt cache", () => {
  it("hit rate is cache reads over every input token, and 0 with no tokens", () => {
    expect(promptCacheFigures(NO_COST).hit_rate).toBe(0);
    const f = promptCacheFigures({
      ...NO_COST,
      cache_read_tokens: 600,
      cache_write_tokens: 300,
      uncached_input_tokens: 100,
    });
    expect(f).toEqual({ hit_rate: 0.6, cache_read_tokens: 600, cache_write_tokens: 300, uncached_input_tokens: 100 });
  });
});

describe("SLA", () => {
  it("answers zeros with no order due, as an idle window does everywhere", () => {
    expect(slaFigures({ orders: 0, at_risk: 0, breached: 0 })).toEqual({
      orders: 0,
      on_time: 0,
      at_risk: 0,
      breached: 0,
      compliance: 0,
    });
  });

  it("counts on time as neither at risk nor breached, compliance over orders due", () => {
    expect(slaFigures({ orders: 8, at_risk: 1, breached: 1 })).toEqual({
      orders: 8,
      on_time: 6,
      at_risk: 1,
      breached: 1,
      compliance: 0.75,
    });
  });
});

describe("escalation", () => {
  it("rates escalated over resolved exceptions; open exceptions are neither", () => {
    const figures = escalationFigures(
      [
        { type: "carrier_delay", resolution_type: "notify", count: 3, escalated: 0 },
        { type: "pricing_discrepancy", resolution_type: "human_review", count: 1, escalated: 1 },
        { type: "quality_issue", resolution_type: "open", count: 2, escalated: 0 },
      ],
      0,
      5,
    );
    expect(figures).toEqual({ decided_by_system: 3, escalated: 1, rate: 0.25, open: 5 });
  });

  it("counts an escalation of no exception (a split to approve) as a decision put to a person", () => {
    const figures = escalationFigures(
      [{ type: "carrier_delay", resolution_type: "notify", count: 3, escalated: 0 }],
      1,
      1,
    );
    expect(figures).toEqual({ decided_by_system: 3, escalated: 1, rate: 0.25, open: 1 });
  });

  it("is zeros when nothing was resolved", () => {
    expect(escalationFigures([], 0, 0)).toEqual({ decided_by_system: 0, escalated: 0, rate: 0, open: 0 });
  });
});
