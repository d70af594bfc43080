import { normalize, type Vocabulary } from "./normalize";

/**
 * FTS5 `bm25()` weights of `search_fts`'s columns: a query word found in the part number counts
 * three times one found in the description. A part number names kind, size, material and rating in
 * the same few fields for every part; supplier descriptions vary in length and often leave a rating
 * or thread out, so with one column BM25 preferred short descriptions that lacked a named attribute.
 * Chosen on the DEV pool (`npm run catalog:evaluate -- --dev-grid`): the smallest weight at which
 * BM25's recall@5 stops rising (1: 0.957, 2: 0.972, 3 and 4: 0.987, 6: 0.984).
 */
export const BM25_WEIGHTS = { code: 3, body: 1 } as const;

/** More terms than this add noise, not recall; a pasted page stops here. */
export const MAX_FTS_TERMS = 32;

/**
 * An FTS5 MATCH expression from normalized tokens: each distinct token a double-quoted string,
 * joined by OR so BM25 ranks by how many (and how rare) of them a document holds. Only tokens of
 * [a-z0-9] are kept, so no quote, column filter, NEAR, `*`, `^` or bareword operator from the
 * query can reach FTS5: the expression is always well-formed. Null when nothing is left to search.
 */
export function buildFtsMatch(tokens: readonly string[], maxTerms = MAX_FTS_TERMS): string | null {
  const terms = [...new Set(tokens.filter((t) => /^[a-z0-9]+$/.test(t)))].slice(0, maxTerms);
  return terms.length === 0 ? null : terms.map((t) => `"${t}"`).join(" OR ");
}

/** A buyer's query as an FTS5 MATCH expression, corrected against the catalog's vocabulary. */
export function ftsMatchForQuery(query: string, vocabulary?: Vocabulary): string | null {
  return buildFtsMatch(normalize(query, vocabulary ? { vocabulary } : {}));
}
