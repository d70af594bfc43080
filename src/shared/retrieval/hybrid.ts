import { reciprocalRankFusion } from "./fusion";
import { type Asker, CUSTOMER_BOOST, customerRerank, type RankedHit } from "./rerank";
import type { SearchDocument } from "./search-documents";

/** How many candidates each retriever hands to fusion: enough for a re-rank to lift a contract part. */
export const CANDIDATES_PER_RETRIEVER = 50;

/**
 * Weighted RRF: chosen on the DEV split only (`npm run catalog:evaluate -- --dev-grid`, every third
 * labelled query) by the rule "best recall@5, then best MRR, then best nDCG@10" over k 5-60 and BM25
 * weights 1-3; BM25 is the more precise retriever here, the vectors add what it misses (misspellings
 * past correction, reworded attributes). Plain RRF (k 60, equal weights) lost to BM25 on MRR.
 */
export const FUSION = { k: 40, weights: { bm25: 3, vector: 1 } } as const;

/**
 * The hybrid ranking of DESIGN §8 once each retriever has answered: BM25 ids (FTS5, best first)
 * and vector ids (nearest first) fused by RRF, then the customer re-rank, cut to k. The route and
 * the evaluation call this one function, so what is measured is what is served.
 */
export function hybridRank(
  lists: { bm25: readonly string[]; vector: readonly string[] },
  documents: ReadonlyMap<string, SearchDocument>,
  asker: Asker,
  k: number,
  boost: { contractPart: number; ownPassage: number } = CUSTOMER_BOOST,
): RankedHit[] {
  return customerRerank(
    reciprocalRankFusion({ bm25: lists.bm25, vector: lists.vector }, FUSION.k, FUSION.weights),
    documents,
    asker,
    boost,
  ).slice(0, k);
}
