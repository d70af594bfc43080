import { describe, expect, it } from "vitest";
import { cosine } from "../../../src/shared/memory/embedder";
import { nearestByCosine } from "../../../src/shared/retrieval/cached-vector-index";
import { createRng } from "../../../src/shared/retrieval/prng";

/** What the local index answered before: cosine over every vector, a full sort, ties by id. */
function naive(query: number[], ids: string[], vectors: Float32Array[], topK: number) {
  return ids
    .map((id, i) => ({ id, score: cosine(query, vectors[i]!) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, topK);
}

describe("the local catalog index's nearest neighbours", () => {
  it("answers exactly what cosine over every vector and a full sort answer, ties and zero vectors included", () => {
    const rng = createRng(7);
    const dims = 48;
    const random = () => Float32Array.from({ length: dims }, () => rng.next() - 0.5);
    const vectors = Array.from({ length: 600 }, random);
    // Repeats (equal scores, ordered by id) and zero vectors (score 0) are where a shortcut would differ.
    for (let i = 0; i < 40; i++) vectors.push(Float32Array.from(vectors[i * 3]!));
    vectors.push(new Float32Array(dims), new Float32Array(dims));
    const ids = vectors.map((_, i) => `p:${String((i * 7919) % 100_003).padStart(6, "0")}`);
    const norms = Float64Array.from(vectors, (v) => v.reduce((sum, x) => sum + x * x, 0));
    for (let q = 0; q < 25; q++) {
      const query = Array.from(q === 0 ? vectors[3]! : random());
      for (const topK of [1, 10, 50, 700])
        expect(nearestByCosine(query, { ids, vectors, norms }, topK)).toEqual(naive(query, ids, vectors, topK));
    }
    expect(nearestByCosine(new Array(dims).fill(0), { ids, vectors, norms }, 3).map((m) => m.score)).toEqual([0, 0, 0]);
  });
});
