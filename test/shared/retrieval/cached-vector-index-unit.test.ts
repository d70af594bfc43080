import { describe, expect, it } from "vitest";
import { cosine } from "../../../src/shared/memory/embedder";
import { nearestByCosine, toColumns } from "../../../src/shared/retrieval/cached-vector-index";
import { createCatalogEmbedder } from "../../../src/shared/retrieval/embedder";
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
    // Most dimensions zero, as in a hashed query: the ones the scan skips.
    const sparse = () => Float32Array.from({ length: dims }, () => (rng.next() < 0.1 ? rng.next() - 0.5 : 0));
    const vectors = Array.from({ length: 600 }, (_, i) => (i % 2 ? random() : sparse()));
    // Repeats (equal scores, ordered by id) and zero vectors (score 0) are where a shortcut would differ.
    for (let i = 0; i < 40; i++) vectors.push(Float32Array.from(vectors[i * 3]!));
    vectors.push(new Float32Array(dims), new Float32Array(dims));
    const ids = vectors.map((_, i) => `p:${String((i * 7919) % 100_003).padStart(6, "0")}`);
    const index = toColumns(ids, vectors, dims);
    for (let q = 0; q < 40; q++) {
      const query = Array.from(q === 0 ? vectors[3]! : q % 2 ? random() : sparse());
      for (const topK of [1, 10, 50, 700])
        expect(nearestByCosine(query, index, topK)).toEqual(naive(query, ids, vectors, topK));
    }
    expect(nearestByCosine(new Array(dims).fill(0), index, 3).map((m) => m.score)).toEqual([0, 0, 0]);
  });

  it("answers exactly what the full scan answers for the catalog embedder's own queries and parts", async () => {
    const embedder = createCatalogEmbedder();
    const texts = Array.from(
      { length: 300 },
      (_, i) =>
        `${["weld neck", "slip on", "blind"][i % 3]} flange ${1 + (i % 12)}in class ${[150, 300, 600][i % 3]} ${i % 5 ? "cs" : "ss316"}`,
    );
    const vectors = (await embedder.embed(texts)).map((v) => Float32Array.from(v));
    const ids = texts.map((_, i) => `p:${i}`);
    const index = toColumns(ids, vectors, embedder.dimensions);
    const queries = await embedder.embed([
      "weld neck flange 6in class 300",
      "blnd flang 4 inch",
      "ss316 slip-on 300#",
      "zzz",
    ]);
    for (const query of queries) expect(nearestByCosine(query, index, 50)).toEqual(naive(query, ids, vectors, 50));
  });

  it("refuses a query of other dimensions, and answers nothing from an empty namespace", () => {
    const index = toColumns(["p:a"], [Float32Array.of(1, 0, 0)], 3);
    expect(() => nearestByCosine([1, 0], index, 5)).toThrow(RangeError);
    expect(nearestByCosine([1, 0], toColumns([], [], 0), 5)).toEqual([]);
  });
});
