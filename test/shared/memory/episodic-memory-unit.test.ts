import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createLocalEmbedder } from "../../../src/shared/memory/embedder";
import {
  circumstanceText,
  createEpisodicMemory,
  episodeMetadata,
  episodeText,
  retentionCutoff,
} from "../../../src/shared/memory/episodic-memory";
import type { Episode } from "../../../src/shared/memory/memory.schema";
import { selectMemoryBackend } from "../../../src/shared/memory/memory-backend";
import type {
  VectorIndex,
  VectorMatch,
  VectorQueryOptions,
  VectorRecord,
} from "../../../src/shared/memory/vector-index";

/** A vector index that records writes and answers queries from a script. */
function recordingIndex(matches: VectorMatch[] = []) {
  const upserts: VectorRecord[][] = [];
  const queries: { vector: number[]; options: VectorQueryOptions }[] = [];
  const deletes: string[][] = [];
  const index: VectorIndex = {
    insert: async () => {},
    upsert: async (v) => void upserts.push(v),
    query: async (vector, options) => {
      queries.push({ vector, options });
      return { matches };
    },
    deleteByIds: async (ids) => void deletes.push(ids),
  };
  return { index, upserts, queries, deletes };
}

const episode = (over: Partial<Episode> = {}): Episode => ({
  episode_id: "OE-T-1",
  customer_id: "CUST-001",
  exception_type: "carrier_delay",
  carrier: "UPS",
  hub: "Memphis",
  month: 3,
  description: "UPS shipment held at Memphis hub by an ice storm.",
  root_cause: null,
  resolution_type: "notify",
  discount_pct: 0,
  credit_amount: null,
  customer_satisfaction: "positive",
  lesson: "Notify within 2 hours",
  occurred_at: "2025-03-10T12:00:00.000Z",
  ...over,
});

const noExpired = async () => [];

describe("episode text and metadata", () => {
  it("embeds what happened, the root cause, the lesson and the circumstances, not the resolution", () => {
    const text = episodeText(
      episode({ resolution_type: "notify_with_discount", discount_pct: 5, root_cause: "Memphis hub ice storm" }),
    );
    expect(text).toBe(
      "UPS shipment held at Memphis hub by an ice storm. Memphis hub ice storm. Notify within 2 hours. carrier delay UPS Memphis march",
    );
    expect(text).not.toMatch(/discount|5/);
    expect(circumstanceText({ exception_type: "quality_hold", carrier: null, hub: null, month: null })).toBe(
      "quality hold",
    );
  });

  it("stores the customer, type, circumstances and date as metadata, leaving nulls out", () => {
    expect(episodeMetadata(episode())).toEqual({
      customer_id: "CUST-001",
      exception_type: "carrier_delay",
      occurred_at: "2025-03-10T12:00:00.000Z",
      carrier: "UPS",
      hub: "Memphis",
      month: 3,
    });
    expect(episodeMetadata(episode({ carrier: null, hub: null, month: null }))).toEqual({
      customer_id: "CUST-001",
      exception_type: "carrier_delay",
      occurred_at: "2025-03-10T12:00:00.000Z",
    });
  });

  it("cuts retention off 180 days before the business date", () => {
    expect(retentionCutoff("2025-06-30")).toBe("2025-01-01");
    expect(retentionCutoff("2025-06-30T23:59:59.000Z")).toBe("2025-01-01");
  });
});

describe("episodic memory", () => {
  it("remembers an episode in its customer's namespace, with one embedding per episode", async () => {
    const rec = recordingIndex();
    const memory = createEpisodicMemory({ index: rec.index, embedder: createLocalEmbedder(), expiredIds: noExpired });
    await memory.rememberMany([episode(), episode({ episode_id: "OE-T-2", customer_id: "CUST-002" })]);
    expect(rec.upserts).toHaveLength(1);
    expect(rec.upserts[0]!.map((v) => [v.id, v.namespace, v.metadata?.customer_id, v.values.length])).toEqual([
      ["OE-T-1", "CUST-001", "CUST-001", 384],
      ["OE-T-2", "CUST-002", "CUST-002", 384],
    ]);
  });

  it("recalls in the customer's namespace filtered by type, dropping expired and foreign matches", async () => {
    const rec = recordingIndex([
      { id: "fresh-high", score: 0.9, metadata: { customer_id: "CUST-001", occurred_at: "2025-06-01T00:00:00.000Z" } },
      { id: "expired", score: 0.8, metadata: { customer_id: "CUST-001", occurred_at: "2024-12-31T23:59:59.000Z" } },
      { id: "foreign", score: 0.7, metadata: { customer_id: "CUST-002", occurred_at: "2025-06-01T00:00:00.000Z" } },
      { id: "boundary", score: 0.6, metadata: { customer_id: "CUST-001", occurred_at: "2025-01-01T00:00:00.000Z" } },
      { id: "no-date", score: 0.5, metadata: { customer_id: "CUST-001" } },
      { id: "fresh-low", score: 0.4, metadata: { customer_id: "CUST-001", occurred_at: "2025-05-01T00:00:00.000Z" } },
    ]);
    const memory = createEpisodicMemory({ index: rec.index, embedder: createLocalEmbedder(), expiredIds: noExpired });
    const got = await memory.recall({
      customer_id: "CUST-001",
      exception_type: "carrier_delay",
      text: "UPS delay",
      topK: 2,
      onDate: "2025-06-30",
    });
    expect(rec.queries[0]!.options).toEqual({
      topK: 20,
      namespace: "CUST-001",
      filter: { exception_type: "carrier_delay" },
      returnMetadata: true,
    });
    expect(got).toEqual([
      { episode_id: "fresh-high", score: 0.9, occurred_at: "2025-06-01T00:00:00.000Z" },
      { episode_id: "boundary", score: 0.6, occurred_at: "2025-01-01T00:00:00.000Z" },
    ]);
  });

  it("purges the ids the episode record names as expired", async () => {
    const rec = recordingIndex();
    const asked: string[] = [];
    const memory = createEpisodicMemory({
      index: rec.index,
      embedder: createLocalEmbedder(),
      expiredIds: async (olderThan) => {
        asked.push(olderThan);
        return ["OE-old-1", "OE-old-2"];
      },
    });
    expect(await memory.purge("2025-01-01")).toEqual(["OE-old-1", "OE-old-2"]);
    expect(asked).toEqual(["2025-01-01"]);
    expect(rec.deletes).toEqual([["OE-old-1", "OE-old-2"]]);
  });

  it("refuses a topK that is not a positive integer", async () => {
    const memory = createEpisodicMemory({
      index: recordingIndex().index,
      embedder: createLocalEmbedder(),
      expiredIds: noExpired,
    });
    await expect(
      memory.recall({
        customer_id: "CUST-001",
        exception_type: "carrier_delay",
        text: "x",
        topK: 0,
        onDate: "2025-06-30",
      }),
    ).rejects.toThrow(RangeError);
  });
});

describe("selectMemoryBackend", () => {
  const fakeIndex = {} as VectorizeIndex;
  const fakeAi = {} as Ai;

  it("uses Vectorize with Workers AI when configured for Cloudflare and both are bound", () => {
    const b = selectMemoryBackend({ DB: env.DB, MEMORY_BACKEND: "cloudflare", EPISODES_INDEX: fakeIndex, AI: fakeAi });
    expect(b.kind).toBe("cloudflare");
    expect(b.embedder.name).toBe("@cf/baai/bge-base-en-v1.5");
    expect(b.embedder.dimensions).toBe(768);
  });

  it("falls back to the D1 index and local embedder when a binding is missing or the backend is local", () => {
    const missing = selectMemoryBackend({ DB: env.DB, MEMORY_BACKEND: "cloudflare", EPISODES_INDEX: fakeIndex });
    expect(missing.kind).toBe("local");
    const local = selectMemoryBackend({ DB: env.DB, MEMORY_BACKEND: "local", EPISODES_INDEX: fakeIndex, AI: fakeAi });
    expect(local.kind).toBe("local");
    expect(local.embedder.name).toBe("local-hashed-ngrams-384");
    // The tests' own configuration is the local one.
    expect(selectMemoryBackend(env).kind).toBe("local");
  });
});
