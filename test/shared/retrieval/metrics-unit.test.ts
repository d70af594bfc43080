import { describe, expect, it } from "vitest";
import { dcg, mean, ndcgAtK, recallAtK, reciprocalRank } from "../../../src/shared/retrieval/metrics";

const judgments = { a: 3, b: 2, c: 1 };

describe("retrieval metrics (hand-computed)", () => {
  it("recall@k: share of relevant documents in the first k, by minimum grade", () => {
    expect(recallAtK(["b", "x", "a"], judgments, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(["b", "x", "a"], judgments, 3)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(["b", "x", "a"], judgments, 2, 3)).toBe(0);
    expect(recallAtK(["b", "x", "a"], judgments, 3, 3)).toBe(1);
    expect(recallAtK(["a"], {}, 5)).toBe(0);
  });

  it("reciprocal rank of the first document at the grade, and MRR as the mean", () => {
    expect(reciprocalRank(["x", "b", "a"], judgments)).toBe(1 / 2);
    expect(reciprocalRank(["x", "b", "a"], judgments, 3)).toBe(1 / 3);
    expect(reciprocalRank(["x", "y"], judgments)).toBe(0);
    expect(mean([1, 1 / 2, 0])).toBeCloseTo(0.5, 12);
    expect(mean([])).toBe(0);
  });

  it("nDCG@k with exponential gain: [b, x, a] against the ideal [a, b, c]", () => {
    // DCG = (2^2-1)/log2(2) + 0 + (2^3-1)/log2(4) = 3 + 3.5 = 6.5
    expect(dcg([2, 0, 3], 3)).toBeCloseTo(6.5, 12);
    // IDCG = 7 + 3/log2(3) + 1/2 = 9.392789...
    const idcg = 7 + 3 / Math.log2(3) + 0.5;
    expect(ndcgAtK(["b", "x", "a"], judgments, 3)).toBeCloseTo(6.5 / idcg, 12);
    expect(ndcgAtK(["a", "b", "c"], judgments, 3)).toBeCloseTo(1, 12);
    expect(ndcgAtK(["a", "b", "c"], {}, 3)).toBe(0);
  });

  it("counts a repeated document once, at its first position", () => {
    expect(ndcgAtK(["a", "a", "b", "c"], judgments, 3)).toBeCloseTo(1, 12);
    // Without de-duplication b would fall outside the first two.
    expect(recallAtK(["a", "a", "a", "b"], judgments, 2)).toBeCloseTo(2 / 3, 12);
  });
});
