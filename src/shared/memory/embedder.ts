import { z } from "zod";

/**
 * Turns texts into vectors for the episodic index (DESIGN §8). Production binds Workers AI;
 * on one machine a deterministic hashed n-gram embedder stands in behind the same interface.
 * Vectors from different embedders are not comparable: an index is filled and queried by one.
 */
export interface Embedder {
  /** Names the model, so a mismatch between what filled an index and what queries it can be seen. */
  readonly name: string;
  readonly dimensions: number;
  /** One vector per text, in the order given. */
  embed(texts: string[]): Promise<number[][]>;
}

// Words that carry no meaning about an exception; left in, they would give every pair of
// English sentences a similarity floor through "the", "at", "in" alone.
const STOP_WORDS = new Set(
  "a an and are as at be by for from has have in is it its of on or that the this to was were will with".split(" "),
);

// Character trigrams catch inflections ("delay"/"delayed") but are many per word; a lower weight
// keeps whole-word agreement the main signal.
const CHAR_GRAM_WEIGHT = 0.35;
const BIGRAM_WEIGHT = 1;
const UNIGRAM_WEIGHT = 1;

const encoder = new TextEncoder();

/** FNV-1a, 32 bit, over the UTF-8 bytes: small, fast and identical on every host. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Lower-cased words (letters and digits), stop words removed. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP_WORDS.has(w));
}

/** Each feature with its weight; the prefixes keep a word and an equal trigram apart. */
function features(text: string): Map<string, { tf: number; weight: number }> {
  const out = new Map<string, { tf: number; weight: number }>();
  const add = (key: string, weight: number) => {
    const f = out.get(key);
    if (f) f.tf += 1;
    else out.set(key, { tf: 1, weight });
  };
  const words = tokenize(text);
  words.forEach((w, i) => {
    add(`w:${w}`, UNIGRAM_WEIGHT);
    if (i > 0) add(`b:${words[i - 1]} ${w}`, BIGRAM_WEIGHT);
    // Grams stay within the word; the boundary marks make prefixes and suffixes distinct.
    const padded = `#${w}#`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, CHAR_GRAM_WEIGHT);
  });
  return out;
}

/**
 * The local embedder: lower-cased word unigrams and bigrams plus character 3-grams within words,
 * each hashed (FNV-1a) to a dimension with a sign taken from another bit of the hash (so
 * collisions cancel on average instead of piling up), weighted by log(1 + tf), L2-normalised.
 * Deterministic: the same text gives the same vector on every machine and every run.
 */
export function createLocalEmbedder(dimensions = 384): Embedder {
  if (!Number.isInteger(dimensions) || dimensions < 8)
    throw new RangeError(`dimensions must be an integer >= 8, got ${dimensions}`);
  const embedOne = (text: string): number[] => {
    const v = new Array<number>(dimensions).fill(0);
    for (const [key, { tf, weight }] of features(text)) {
      const h = fnv1a32(key);
      const sign = (h >>> 31) & 1 ? -1 : 1;
      v[h % dimensions]! += sign * weight * Math.log1p(tf);
    }
    const norm = Math.hypot(...v);
    // An empty or all-stop-word text stays the zero vector: it is similar to nothing.
    return norm === 0 ? v : v.map((x) => x / norm);
  };
  return {
    name: `local-hashed-ngrams-${dimensions}`,
    dimensions,
    embed: async (texts) => texts.map(embedOne),
  };
}

/** Workers AI text-embedding models and their output dimensions. */
export const WORKERS_AI_EMBEDDING_MODELS = {
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-large-en-v1.5": 1024,
} as const;
/** A Workers AI embedding model this project can use. */
export type WorkersAiEmbeddingModel = keyof typeof WORKERS_AI_EMBEDDING_MODELS;

// Workers AI takes at most 100 texts per embedding call.
const WORKERS_AI_BATCH = 100;

const EmbeddingResponse = z.object({
  shape: z.array(z.number()).optional(),
  data: z.array(z.array(z.number())),
});

/**
 * The production embedder: `ai.run(model, { text })` on the Workers AI binding. The answer is
 * checked with zod (one vector per text, each of the model's dimension) rather than trusted,
 * since an asynchronous or errored response carries no `data`.
 */
export function createWorkersAiEmbedder(
  ai: Ai,
  model: WorkersAiEmbeddingModel = "@cf/baai/bge-base-en-v1.5",
): Embedder {
  const dimensions = WORKERS_AI_EMBEDDING_MODELS[model];
  return {
    name: model,
    dimensions,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += WORKERS_AI_BATCH) {
        const batch = texts.slice(i, i + WORKERS_AI_BATCH);
        const raw: unknown = await ai.run(model, { text: batch });
        const parsed = EmbeddingResponse.safeParse(raw);
        if (!parsed.success) throw new Error(`Workers AI ${model} returned no embeddings: ${parsed.error.message}`);
        const { data } = parsed.data;
        if (data.length !== batch.length)
          throw new Error(`Workers AI ${model} returned ${data.length} vectors for ${batch.length} texts`);
        const bad = data.find((v) => v.length !== dimensions);
        if (bad)
          throw new Error(`Workers AI ${model} returned a ${bad.length}-dimension vector, expected ${dimensions}`);
        out.push(...data);
      }
      return out;
    },
  };
}

/** Cosine similarity; 0 when either vector is zero, so an empty text matches nothing. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`vector dimensions differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
