import { describe, expect, it } from "vitest";
import { reciprocalRankFusion, RRF_K } from "../../../src/shared/retrieval/fusion";

describe("reciprocal rank fusion", () => {
  it("sums 1 / (k + rank) over the lists (hand-computed, k = 60)", () => {
    const fused = reciprocalRankFusion({ bm25: ["x", "y", "z"], vector: ["z", "y"] });
    expect(RRF_K).toBe(60);
    // z: 1/63 + 1/61 = 0.032266; y: 1/62 + 1/62 = 0.032258; x: 1/61 = 0.016393
    expect(fused.map((r) => r.id)).toEqual(["z", "y", "x"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(2 / 62, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[0]!.ranks).toEqual({ bm25: 3, vector: 1 });
    expect(fused[2]!.ranks).toEqual({ bm25: 1, vector: null });
  });

  it("weights lists when asked, counts a repeated id once, and breaks ties by best rank then id", () => {
    const weighted = reciprocalRankFusion({ bm25: ["a", "b"], vector: ["b", "a"] }, 60, { vector: 0.5 });
    expect(weighted[0]!.id).toBe("a");
    expect(weighted[0]!.score).toBeCloseTo(1 / 61 + 0.5 / 62, 12);
    const repeated = reciprocalRankFusion({ bm25: ["a", "a", "b"] });
    expect(repeated.map((r) => [r.id, r.ranks.bm25])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    const tied = reciprocalRankFusion({ bm25: ["q", "p"], vector: ["p", "q"] });
    expect(tied.map((r) => r.id)).toEqual(["p", "q"]);
  });

  it("answers nothing for empty lists", () => {
    expect(reciprocalRankFusion({ bm25: [], vector: [] })).toEqual([]);
  });
});
