import { describe, expect, it } from "vitest";
import { decodeVector, encodeVector } from "../../../src/shared/memory/d1-vector-index";
import { createVectorizeIndex } from "../../../src/shared/memory/vector-index";
import { FakeVectorize } from "../../fixtures/fake-vectorize";

describe("Vectorize adapter", () => {
  it("upserts the vectors as given, leaving out an absent namespace or metadata", async () => {
    const fake = new FakeVectorize();
    await createVectorizeIndex(fake).upsert([
      {
        id: "OE-1",
        values: [0.1, 0.2, 0.3],
        namespace: "CUST-001",
        metadata: { exception_type: "carrier_delay", month: 3, positive: true },
      },
      { id: "OE-2", values: [0.3, 0.2, 0.1] },
    ]);
    expect(fake.calls).toEqual([
      {
        method: "upsert",
        args: [
          [
            {
              id: "OE-1",
              values: [0.1, 0.2, 0.3],
              namespace: "CUST-001",
              metadata: { exception_type: "carrier_delay", month: 3, positive: true },
            },
            { id: "OE-2", values: [0.3, 0.2, 0.1] },
          ],
        ],
      },
    ]);
  });

  it("inserts through insert, not upsert, so an existing id is kept as Vectorize keeps it", async () => {
    const fake = new FakeVectorize();
    await createVectorizeIndex(fake).insert([{ id: "OE-1", values: [1, 0, 0] }]);
    expect(fake.calls.map((c) => c.method)).toEqual(["insert"]);
  });

  it("writes in batches of at most 1000 vectors (the Workers binding's limit)", async () => {
    const fake = new FakeVectorize();
    const vectors = Array.from({ length: 2500 }, (_, i) => ({ id: `v-${i}`, values: [i, 1] }));
    await createVectorizeIndex(fake).upsert(vectors);
    expect(fake.calls.map((c) => (c.args[0] as unknown[]).length)).toEqual([1000, 1000, 500]);
  });

  it("queries with namespace, filter and full metadata, and maps the matches", async () => {
    const fake = new FakeVectorize({
      count: 2,
      matches: [
        {
          id: "OE-2024-04521",
          score: 0.91,
          metadata: { customer_id: "CUST-001", month: 3, tags: ["a", "b"], nested: { x: 1 } },
        },
        { id: "OE-2024-04533", score: 0.72, metadata: { customer_id: "CUST-001", flag: false } },
      ],
    });
    const res = await createVectorizeIndex(fake).query([0.5, 0.5, 0], {
      topK: 5,
      namespace: "CUST-001",
      filter: { exception_type: "carrier_delay" },
      returnMetadata: true,
    });
    expect(fake.calls).toEqual([
      {
        method: "query",
        args: [
          [0.5, 0.5, 0],
          {
            topK: 5,
            namespace: "CUST-001",
            filter: { exception_type: "carrier_delay" },
            returnMetadata: "all",
            returnValues: false,
          },
        ],
      },
    ]);
    // Lists and nested objects are not part of this index's metadata and are dropped.
    expect(res.matches).toEqual([
      { id: "OE-2024-04521", score: 0.91, metadata: { customer_id: "CUST-001", month: 3 } },
      { id: "OE-2024-04533", score: 0.72, metadata: { customer_id: "CUST-001", flag: false } },
    ]);
  });

  it("asks for no metadata when none is wanted and returns none", async () => {
    const fake = new FakeVectorize({ count: 1, matches: [{ id: "a", score: 0.5, metadata: { k: "v" } }] });
    const res = await createVectorizeIndex(fake).query([1, 0], { topK: 100, returnMetadata: false });
    expect(fake.calls[0]!.args[1]).toEqual({ topK: 100, returnMetadata: "none", returnValues: false });
    expect(res.matches).toEqual([{ id: "a", score: 0.5 }]);
  });

  it("refuses what Vectorize refuses before calling it", async () => {
    const fake = new FakeVectorize();
    const index = createVectorizeIndex(fake);
    await expect(index.query([1, 0], { topK: 21, returnMetadata: true })).rejects.toThrow(/topK must be 1-20/);
    await expect(index.query([1, 0], { topK: 0, returnMetadata: false })).rejects.toThrow(/topK must be 1-100/);
    await expect(index.query([1, 0], { topK: 1, returnMetadata: false, filter: { "a.b": 1 } })).rejects.toThrow(
      /invalid filter key/,
    );
    await expect(index.upsert([{ id: "x".repeat(65), values: [1] }])).rejects.toThrow(/vector id/);
    await expect(
      index.upsert([
        { id: "a", values: [1, 2] },
        { id: "b", values: [1] },
      ]),
    ).rejects.toThrow(/dimensions/);
    await expect(index.upsert([{ id: "a", values: [1], metadata: { $bad: 1 } }])).rejects.toThrow(/metadata key/);
    await expect(index.upsert([{ id: "a", values: [Number.NaN] }])).rejects.toThrow(/non-finite/);
    expect(fake.calls).toHaveLength(0);
  });

  it("deletes by id in batches", async () => {
    const fake = new FakeVectorize();
    await createVectorizeIndex(fake).deleteByIds(Array.from({ length: 1001 }, (_, i) => `v-${i}`));
    expect(fake.calls.map((c) => [c.method, (c.args[0] as string[]).length])).toEqual([
      ["deleteByIds", 1000],
      ["deleteByIds", 1],
    ]);
  });
});

describe("D1 index vector encoding", () => {
  it("stores little-endian float32 and reads back every form D1 may hand a BLOB in", () => {
    const values = [0.5, -0.25, 1 / 3, 0];
    const bytes = encodeVector(values);
    expect(bytes.byteLength).toBe(16);
    // 0.5 as float32 little-endian is 00 00 00 3f.
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 0, 0x3f]);
    const expected = values.map((x) => Math.fround(x));
    expect([...decodeVector(bytes)]).toEqual(expected);
    expect([...decodeVector(bytes.buffer)]).toEqual(expected);
    expect([...decodeVector([...bytes])]).toEqual(expected);
    expect(() => decodeVector("not a blob")).toThrow(TypeError);
    expect(() => decodeVector(new Uint8Array(3))).toThrow(RangeError);
  });
});
