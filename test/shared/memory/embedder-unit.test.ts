import { describe, expect, it } from "vitest";
import episodesData from "../../../src/seed/data/episodes.json";
import {
  cosine,
  createLocalEmbedder,
  createWorkersAiEmbedder,
  fnv1a32,
  tokenize,
} from "../../../src/shared/memory/embedder";
import { episodeText } from "../../../src/shared/memory/episodic-memory";
import { Episode } from "../../../src/shared/memory/memory.schema";

/** The seed episodes as the memory embeds them (root cause included). */
const seeded = episodesData.map((e) => ({
  ...Episode.parse({
    carrier: null,
    hub: null,
    month: null,
    discount_pct: null,
    credit_amount: null,
    ...e,
    occurred_at: "2026-01-01T00:00:00.000Z",
  }),
  root_cause: e.root_cause,
}));
const textOf = (id: string) => episodeText(seeded.find((e) => e.episode_id === id)!);
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe("local embedder", () => {
  const embedder = createLocalEmbedder();

  it("hashes with FNV-1a 32-bit (published test vectors), so vectors are the same on every host", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("is deterministic: the same text gives the same vector, from this or a fresh embedder", async () => {
    const text = "UPS weather delay at the Memphis hub in March";
    const [a] = await embedder.embed([text]);
    const [b] = await createLocalEmbedder().embed([text]);
    const [other] = await embedder.embed(["FedEx damaged pallet in Chicago"]);
    expect(a).toEqual(b);
    expect(a).not.toEqual(other);
  });

  it("gives vectors of the configured dimension, L2-normalised", async () => {
    const texts = [
      "Carrier delay at Memphis hub.",
      "x",
      "Pricing discrepancy: invoiced at list price instead of contract price, twice, twice, twice",
    ];
    for (const v of await embedder.embed(texts)) {
      expect(v).toHaveLength(384);
      expect(Math.abs(norm(v) - 1)).toBeLessThan(1e-9);
    }
    const [small] = await createLocalEmbedder(64).embed(["memphis"]);
    expect(small).toHaveLength(64);
    expect(Math.abs(norm(small!) - 1)).toBeLessThan(1e-9);
  });

  it("keeps a text with no content words as the zero vector, similar to nothing", async () => {
    const [empty, stop, real] = await embedder.embed(["", "the at in of", "Memphis"]);
    expect(empty!.every((x) => x === 0)).toBe(true);
    expect(stop!.every((x) => x === 0)).toBe(true);
    expect(cosine(empty!, real!)).toBe(0);
  });

  it("lower-cases, splits on non-alphanumerics and drops stop words", () => {
    expect(tokenize("UPS weather-delay at the Memphis hub, in MARCH!")).toEqual([
      "ups",
      "weather",
      "delay",
      "memphis",
      "hub",
      "march",
    ]);
  });

  it("puts a Memphis UPS delay near the Acme Memphis episodes and far from a pricing episode", async () => {
    const [q, acme1, acme2, pricing] = await embedder.embed([
      "UPS weather delay at the Memphis hub in March",
      textOf("OE-2024-04521"),
      textOf("OE-2024-04533"),
      textOf("OE-2024-05102"),
    ]);
    const [listPrice] = await embedder.embed(["invoiced at list price instead of contract price"]);
    expect(cosine(q!, acme1!)).toBeGreaterThan(0.5);
    expect(cosine(q!, acme2!)).toBeGreaterThan(0.3);
    expect(cosine(q!, pricing!)).toBeLessThan(0.15);
    expect(cosine(q!, listPrice!)).toBeLessThan(0.15);
    expect(Math.min(cosine(q!, acme1!), cosine(q!, acme2!))).toBeGreaterThan(cosine(q!, listPrice!) + 0.25);
    // And the other way round: the pricing question finds the pricing episode.
    expect(cosine(listPrice!, pricing!)).toBeGreaterThan(0.5);
    expect(cosine(listPrice!, pricing!)).toBeGreaterThan(cosine(listPrice!, acme1!) + 0.4);
  });

  it("relates inflected words through character trigrams", async () => {
    const [delayed, delay, unrelated] = await embedder.embed([
      "shipment delayed",
      "shipment delay",
      "shipment invoiced",
    ]);
    expect(cosine(delayed!, delay!)).toBeGreaterThan(cosine(delayed!, unrelated!) + 0.1);
  });

  it("refuses a dimension too small to hash into", () => {
    expect(() => createLocalEmbedder(4)).toThrow(RangeError);
  });
});

/** A stand-in for the Workers AI binding that records each call and answers like bge-base. */
function fakeAi(
  answer: (texts: string[]) => unknown = (texts) => ({
    shape: [texts.length, 768],
    data: texts.map((_, i) => new Array<number>(768).fill(i / 1000)),
  }),
) {
  const calls: { model: string; inputs: unknown }[] = [];
  const ai = {
    async run(model: string, inputs: { text: string[] }) {
      calls.push({ model, inputs });
      return answer(inputs.text);
    },
  };
  // Only `run` is used by the embedder; the rest of the binding's surface is not faked.
  return { ai: ai as unknown as Ai, calls };
}

describe("Workers AI embedder", () => {
  it("calls the bge-base model with the texts and returns its 768-dimension vectors", async () => {
    const { ai, calls } = fakeAi();
    const embedder = createWorkersAiEmbedder(ai);
    expect(embedder.name).toBe("@cf/baai/bge-base-en-v1.5");
    expect(embedder.dimensions).toBe(768);
    const vectors = await embedder.embed(["UPS delay at Memphis", "credit memo"]);
    expect(calls).toEqual([
      { model: "@cf/baai/bge-base-en-v1.5", inputs: { text: ["UPS delay at Memphis", "credit memo"] } },
    ]);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toHaveLength(768);
    expect(vectors[1]![0]).toBe(0.001);
  });

  it("sends at most 100 texts per call and keeps the order", async () => {
    const { ai, calls } = fakeAi((texts) => ({ data: texts.map((t) => new Array<number>(384).fill(Number(t))) }));
    const texts = Array.from({ length: 250 }, (_, i) => String(i));
    const vectors = await createWorkersAiEmbedder(ai, "@cf/baai/bge-small-en-v1.5").embed(texts);
    expect(calls.map((c) => (c.inputs as { text: string[] }).text.length)).toEqual([100, 100, 50]);
    expect(calls.every((c) => c.model === "@cf/baai/bge-small-en-v1.5")).toBe(true);
    expect(vectors.map((v) => v[0])).toEqual(texts.map(Number));
  });

  it("does not call the model for no texts", async () => {
    const { ai, calls } = fakeAi();
    expect(await createWorkersAiEmbedder(ai).embed([])).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it("rejects an answer without embeddings, with the wrong count, or of the wrong dimension", async () => {
    await expect(createWorkersAiEmbedder(fakeAi(() => ({ request_id: "async-1" })).ai).embed(["a"])).rejects.toThrow(
      /returned no embeddings/,
    );
    await expect(createWorkersAiEmbedder(fakeAi(() => ({ data: [] })).ai).embed(["a"])).rejects.toThrow(
      /0 vectors for 1 texts/,
    );
    await expect(createWorkersAiEmbedder(fakeAi(() => ({ data: [[0.1, 0.2]] })).ai).embed(["a"])).rejects.toThrow(
      /2-dimension vector, expected 768/,
    );
  });
});
