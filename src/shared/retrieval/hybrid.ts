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

/** Which results may hold the first `slots` places: see `guardTopSlots`. */
export interface TopGuard {
  slots: number;
  bm25Top: number;
  vectorTop: number;
}

/**
 * Chosen on the DEV split (`--dev-grid`): every bm25Top 3-5 × vectorTop 0-3 keeps DEV's recall@5
 * at 1 and MRR at 0.960; nDCG@10 differs by under 0.002 (0.8671 at vectorTop 0, 0.8664 at 1).
 * vectorTop 1 keeps the vectors' voice for a misspelling BM25 cannot read, at a cost inside noise.
 */
export const TOP_GUARD: TopGuard = { slots: 5, bm25Top: 5, vectorTop: 1 };

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
