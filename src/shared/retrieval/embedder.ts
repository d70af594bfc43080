import { type Embedder, fnv1a32 } from "../memory/embedder";
import { normalize, type Vocabulary } from "./normalize";

// Trigrams let a misspelling the vocabulary could not correct still share most of its features
// with the right word; whole tokens stay the main signal. At 0.5 (the episodic embedder's order)
// the trigrams of a part's name outweighed its size and rating on the labelled set; 0.25 did not.
const TOKEN_WEIGHT = 1;
const GRAM_WEIGHT = 0.25;

interface Feature {
  key: string;
  hash: number;
  weight: number;
}

// Per isolate: a token's features and their hashes, computed once. The seed embeds thousands of
// parts whose tokens repeat (hashing each feature anew was most of its cost); bounded, so a
// long-lived isolate reading endless novel queries does not grow without end.
const TOKEN_FEATURES = new Map<string, readonly Feature[]>();
const TOKEN_FEATURES_MAX = 50_000;

const feature = (key: string, weight: number): Feature => ({ key, hash: fnv1a32(key), weight });

function tokenFeatures(token: string): readonly Feature[] {
  const known = TOKEN_FEATURES.get(token);
  if (known) return known;
  const out = [feature(`t:${token}`, TOKEN_WEIGHT)];
  // Codes and sizes ("6205", "4in") are matched whole: "4in" and "6in" must not look alike.
  if (/^[a-z]{4,}$/.test(token)) {
    const padded = `#${token}#`;
    for (let j = 0; j + 3 <= padded.length; j++) out.push(feature(`g:${padded.slice(j, j + 3)}`, GRAM_WEIGHT));
  }
  if (TOKEN_FEATURES.size >= TOKEN_FEATURES_MAX) TOKEN_FEATURES.clear();
  TOKEN_FEATURES.set(token, out);
  return out;
}

/** Feature hashing with signs from another bit, log(1 + tf), L2-normalised (as the episodic embedder). */
function embedTokens(tokens: readonly string[], dimensions: number): number[] {
  const counts = new Map<string, { feature: Feature; tf: number }>();
  for (const token of tokens)
    for (const f of tokenFeatures(token)) {
      const seen = counts.get(f.key);
      if (seen) seen.tf += 1;
      else counts.set(f.key, { feature: f, tf: 1 });
    }
  const v = new Array<number>(dimensions).fill(0);
  for (const { feature: f, tf } of counts.values())
    v[f.hash % dimensions]! += ((f.hash >>> 31) & 1 ? -1 : 1) * f.weight * Math.log1p(tf);
  const norm = Math.hypot(...v);
  return norm === 0 ? v : v.map((x) => x / norm);
}

/**
 * The local catalog embedder (DESIGN §8): the episodic embedder's hashing over the catalog's
 * normalized tokens instead of raw words, so `assy` and `assembly`, `4"` and `4 inch` embed alike,
 * and no word bigrams, so attribute order does not move a vector. Given the catalog's vocabulary,
 * texts are spell-corrected first. Deterministic on every host. (IDF weighting was tried and
 * measured worse on the labelled set: descriptions' rare trade words then outweigh the attributes.)
 * Production embeds with Workers AI instead (`createWorkersAiEmbedder`); the two never share an index.
 */
export function createCatalogEmbedder(options: { dimensions?: number; vocabulary?: Vocabulary } = {}): Embedder {
  const dimensions = options.dimensions ?? 384;
  if (!Number.isInteger(dimensions) || dimensions < 8)
    throw new RangeError(`dimensions must be an integer >= 8, got ${dimensions}`);
  const vocabulary = options.vocabulary;
  const normalizeOptions = vocabulary ? { vocabulary } : {};
  return {
    name: `local-catalog-ngrams-${dimensions}`,
    dimensions,
    embed: async (texts) => texts.map((t) => embedTokens(normalize(t, normalizeOptions), dimensions)),
  };
}
