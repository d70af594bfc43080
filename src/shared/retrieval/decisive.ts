import type { QueryTokens, Vocabulary } from "./normalize";
import type { SearchDocument } from "./search-documents";

/**
 * Whether BM25 matched the query fully, so its first result is a sure answer rather than a guess:
 * every query term (after normalisation and abbreviation expansion) is a word of the catalog's
 * vocabulary, none was spell-corrected, and BM25's first document holds each of them in its part
 * number or description. A misspelling, an unknown word or a first result that covers only part of
 * the query is not decisive: there the vectors' opinion counts through the fusion as before.
 * `query` is the tokening retrieval searched with (`normalizeQuery` on the same vocabulary).
 */
export function isBm25Decisive(query: QueryTokens, vocabulary: Vocabulary, first: SearchDocument | undefined): boolean {
  if (!first) return false;
  const { asWritten, searched } = query;
  if (searched.length === 0 || searched.join(" ") !== asWritten.join(" ")) return false;
  const held = new Set(`${first.code} ${first.body}`.split(" "));
  return searched.every((term) => vocabulary.has(term) && held.has(term));
}
