import { describe, expect, it } from "vitest";
import { beatsAll, formatScores, scoreMethods } from "../../../src/shared/retrieval/evaluation";
import type { LabelledQuery } from "../../../src/shared/retrieval/query-set";

const queries: LabelledQuery[] = [
  { id: "Q1", query: "a", customer_id: null, category: "exact", judgments: { a: 3, b: 1 } },
  { id: "Q2", query: "c", customer_id: null, category: "exact", judgments: { c: 3 } },
];

describe("retrieval evaluation table", () => {
  it("averages recall@5 and MRR over exact matches and nDCG@10 over all grades, per method", () => {
    const scores = scoreMethods(queries, {
      good: new Map([
        ["Q1", ["a", "b"]],
        ["Q2", ["c"]],
      ]),
      poor: new Map([
        ["Q1", ["b", "a"]],
        ["Q2", ["x"]],
      ]),
    });
    const good = scores.find((s) => s.method === "good")!;
    const poor = scores.find((s) => s.method === "poor")!;
    expect(good).toEqual({ method: "good", recall_at_5: 1, mrr: 1, ndcg_at_10: 1 });
    expect(poor.recall_at_5).toBe(0.5);
    expect(poor.mrr).toBe(0.25);
    const idcg = 7 + 1 / Math.log2(3);
    expect(poor.ndcg_at_10).toBeCloseTo((1 + 7 / Math.log2(3)) / idcg / 2, 12);
    expect(beatsAll(scores, "good", ["poor"])).toBe(true);
    expect(beatsAll(scores, "poor", ["good"])).toBe(false);
    expect(beatsAll(scores, "good", ["missing"])).toBe(false);
    expect(formatScores(scores)).toContain("| good | 1.000 | 1.000 | 1.000 |");
  });
});
