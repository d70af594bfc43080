import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createD1VectorIndex } from "../../../src/shared/memory/d1-vector-index";

// Each test writes under its own namespace and a unique `suite` metadata value, so queries
// without a namespace still see only this file's vectors, not the seeded episodes.
const index = () => createD1VectorIndex(env.DB);

describe("D1 vector index (the local stand-in for Vectorize)", () => {
  it("ranks by cosine similarity, highest first, within the namespace only", async () => {
    await index().upsert([
      { id: "d1-rank-a", values: [1, 0, 0], namespace: "NS-RANK" },
      { id: "d1-rank-b", values: [0.8, 0.6, 0], namespace: "NS-RANK" },
      { id: "d1-rank-c", values: [0, 0, 1], namespace: "NS-RANK" },
      { id: "d1-rank-other", values: [1, 0, 0], namespace: "NS-RANK-OTHER" },
    ]);
    const { matches } = await index().query([1, 0, 0], { topK: 10, namespace: "NS-RANK", returnMetadata: false });
    expect(matches.map((m) => m.id)).toEqual(["d1-rank-a", "d1-rank-b", "d1-rank-c"]);
    expect(matches.map((m) => Number(m.score.toFixed(6)))).toEqual([1, 0.8, 0]);
    expect(matches[0]).not.toHaveProperty("metadata");
    const top1 = await index().query([1, 0, 0], { topK: 1, namespace: "NS-RANK", returnMetadata: false });
    expect(top1.matches.map((m) => m.id)).toEqual(["d1-rank-a"]);
  });

  it("applies the metadata filter strictly by type, and searches every namespace when none is given", async () => {
    await index().upsert([
      { id: "d1-f-str", values: [1, 0], namespace: "NS-F1", metadata: { suite: "filter", month: "3", flag: true } },
      { id: "d1-f-num", values: [1, 0], namespace: "NS-F2", metadata: { suite: "filter", month: 3, flag: false } },
      { id: "d1-f-one", values: [1, 0], namespace: "NS-F2", metadata: { suite: "filter", month: 3, flag: 1 } },
    ]);
    const q = async (filter: Record<string, string | number | boolean>, namespace?: string) =>
      (
        await index().query([1, 0], {
          topK: 20,
          filter: { suite: "filter", ...filter },
          returnMetadata: true,
          ...(namespace ? { namespace } : {}),
        })
      ).matches
        .map((m) => m.id)
        .sort();
    expect(await q({})).toEqual(["d1-f-num", "d1-f-one", "d1-f-str"]);
    expect(await q({ month: 3 })).toEqual(["d1-f-num", "d1-f-one"]);
    expect(await q({ month: "3" })).toEqual(["d1-f-str"]);
    expect(await q({ flag: true })).toEqual(["d1-f-str"]);
    expect(await q({ flag: false })).toEqual(["d1-f-num"]);
    expect(await q({ flag: 1 })).toEqual(["d1-f-one"]);
    expect(await q({ month: 3 }, "NS-F1")).toEqual([]);
    const withMeta = await index().query([1, 0], { topK: 1, namespace: "NS-F1", returnMetadata: true });
    expect(withMeta.matches).toEqual([
      { id: "d1-f-str", score: 1, metadata: { suite: "filter", month: "3", flag: true } },
    ]);
  });

  it("upsert replaces values, namespace and metadata whole; insert leaves an existing id alone", async () => {
    await index().upsert([
      { id: "d1-up", values: [1, 0], namespace: "NS-UP-1", metadata: { suite: "up", kept: "no" } },
    ]);
    await index().upsert([{ id: "d1-up", values: [0, 1], namespace: "NS-UP-2", metadata: { suite: "up" } }]);
    expect((await index().query([1, 0], { topK: 5, namespace: "NS-UP-1", returnMetadata: false })).matches).toEqual([]);
    expect((await index().query([0, 1], { topK: 5, namespace: "NS-UP-2", returnMetadata: true })).matches).toEqual([
      { id: "d1-up", score: 1, metadata: { suite: "up" } },
    ]);

    await index().insert([
      { id: "d1-up", values: [1, 0], namespace: "NS-UP-2", metadata: { suite: "changed" } },
      { id: "d1-ins", values: [1, 0], namespace: "NS-UP-2" },
    ]);
    const after = await index().query([0, 1], { topK: 5, namespace: "NS-UP-2", returnMetadata: true });
    expect(after.matches.map((m) => [m.id, Number(m.score.toFixed(6)), m.metadata])).toEqual([
      ["d1-up", 1, { suite: "up" }],
      ["d1-ins", 0, {}],
    ]);
  });

  it("deletes by id", async () => {
    await index().upsert([
      { id: "d1-del-1", values: [1, 0], namespace: "NS-DEL" },
      { id: "d1-del-2", values: [1, 0], namespace: "NS-DEL" },
    ]);
    await index().deleteByIds(["d1-del-1", "d1-del-missing"]);
    expect(
      (await index().query([1, 0], { topK: 5, namespace: "NS-DEL", returnMetadata: false })).matches.map((m) => m.id),
    ).toEqual(["d1-del-2"]);
  });

  it("refuses a query of another dimension, an oversized topK and an unsafe table name", async () => {
    await index().upsert([{ id: "d1-dim", values: [1, 0, 0], namespace: "NS-DIM" }]);
    await expect(index().query([1, 0], { topK: 5, namespace: "NS-DIM", returnMetadata: false })).rejects.toThrow(
      /dimensions/,
    );
    await expect(index().query([1, 0, 0], { topK: 21, namespace: "NS-DIM", returnMetadata: true })).rejects.toThrow(
      /topK/,
    );
    expect(() => createD1VectorIndex(env.DB, "episode_vectors; DROP TABLE episodes")).toThrow(/invalid table name/);
  });

  it("stores a vector as 4 bytes per dimension", async () => {
    await index().upsert([{ id: "d1-bytes", values: new Array<number>(384).fill(0.5), namespace: "NS-BYTES" }]);
    const row = await env.DB.prepare(
      "SELECT length(embedding) AS n, typeof(embedding) AS t FROM episode_vectors WHERE id = ?",
    )
      .bind("d1-bytes")
      .first();
    expect(row).toEqual({ n: 1536, t: "blob" });
  });
});
