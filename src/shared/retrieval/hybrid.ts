import { reciprocalRankFusion } from "./fusion";
import { type Asker, CUSTOMER_BOOST, customerRerank, type RankedHit } from "./rerank";
import type { SearchDocument } from "./search-documents";

/** How many candidates each retriever hands to fusion: enough for a re-rank to lift a contract part. */
export const CANDIDATES_PER_RETRIEVER = 50;

/**
 * Weighted RRF: BM25 is the more precise retriever here, the vectors add what it misses
 * (misspellings past correction, reworded attributes). Plain RRF (k 60, equal weights) lost to
 * BM25 on MRR. Re-chosen with `TOP_GUARD` on the second DEV split only (`npm run catalog:evaluate
 * -- --dev-grid`), by the rule "best recall@5, then MRR, then nDCG@10" over k 20-60 × BM25 weight 2-3.
 */
export const FUSION = { k: 40, weights: { bm25: 3, vector: 1 } } as const;

/** Which results may hold the first `slots` places: see `guardTopSlots`. */
export interface TopGuard {
  slots: number;
  bm25Top: number;
  vectorTop: number;
}

/**
 * Chosen with `FUSION` on the second DEV split (`--dev-grid`; 64 queries, TEST unseen): BM25's first
 * three and the vectors' first two may take a top-five place (0.992 / 0.978 / 0.898 on DEV, against
 * BM25 alone 0.984 / 0.965 / 0.882). The earlier guard (BM25's first five, the vectors' first one)
 * only reordered BM25's top five, so fusion could never find a part BM25 missed: recall@5 tied by
 * construction. Dropping the guard lost recall@5 and MRR on DEV.
 */
export const TOP_GUARD: TopGuard = { slots: 5, bm25Top: 3, vectorTop: 2 };

/**
 * The first `slots` places go, in the fused order, only to results BM25 ranks in its first
 * `bm25Top`, the vectors rank in their first `vectorTop` (a strong opinion), or the asker's own
 * contract lifts; the others follow in the fused order. RRF alone let several vector neighbours
 * of the wrong size, each middling in both lists, push BM25's exact part out of the top five.
 */
export function guardTopSlots(hits: readonly RankedHit[], guard: TopGuard = TOP_GUARD): RankedHit[] {
  const admitted = (h: RankedHit) =>
    (h.ranks.bm25 ?? Number.POSITIVE_INFINITY) <= guard.bm25Top ||
    (h.ranks.vector ?? Number.POSITIVE_INFINITY) <= guard.vectorTop ||
    h.customer_boost > 0;
  const top: RankedHit[] = [];
  const rest: RankedHit[] = [];
  for (const hit of hits) (top.length < guard.slots && admitted(hit) ? top : rest).push(hit);
  return [...top, ...rest.splice(0, guard.slots - top.length), ...rest];
}

/**
 * The hybrid ranking of DESIGN §8 once each retriever has answered: BM25 ids (FTS5, best first)
 * and vector ids (nearest first) fused by RRF, then the customer re-rank and the top-slot guard, cut to k. The route and
 * the evaluation call this one function, so what is measured is what is served.
 */
export function hybridRank(
  lists: { bm25: readonly string[]; vector: readonly string[] },
  documents: ReadonlyMap<string, SearchDocument>,
  asker: Asker,
  k: number,
  boost: { contractPart: number; ownPassage: number } = CUSTOMER_BOOST,
  guard: TopGuard = TOP_GUARD,
): RankedHit[] {
  const ranked = customerRerank(
    reciprocalRankFusion({ bm25: lists.bm25, vector: lists.vector }, FUSION.k, FUSION.weights),
    documents,
    asker,
    boost,
  );
  return guardTopSlots(ranked, guard).slice(0, k);
}
