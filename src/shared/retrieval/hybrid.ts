import { reciprocalRankFusion } from "./fusion";
import { type Asker, CUSTOMER_BOOST, customerRerank, type RankedHit } from "./rerank";
import type { SearchDocument } from "./search-documents";

/** How many candidates each retriever hands to fusion: enough for a re-rank to lift a contract part. */
export const CANDIDATES_PER_RETRIEVER = 50;

/**
 * Weighted RRF: BM25 is the more precise retriever here, the vectors add what it misses
 * (misspellings past correction, reworded attributes). Plain RRF (k 60, equal weights) lost to
 * BM25 on MRR. Chosen with `TOP_GUARD` on DEV + DEV-2 only (205 queries; `npm run catalog:evaluate
 * -- --dev-grid`), by the rule "best recall@5, then MRR, then nDCG@10" over k 20-60 × BM25 weight 2-4.
 */
export const FUSION = { k: 20, weights: { bm25: 2, vector: 1 } } as const;

/** Which results may hold the first `slots` places: see `guardTopSlots`. */
export interface TopGuard {
  slots: number;
  bm25Top: number;
  vectorTop: number;
  /** BM25's first `bm25Keep` always hold a top place (recall@5 never below BM25's first `bm25Keep`). */
  bm25Keep?: number;
  /** BM25's first result stays first, behind only the asker's contract lifts. */
  bm25Lead?: boolean;
}

/**
 * Chosen with `FUSION` on DEV + DEV-2 (`--dev-grid`; TEST not read for it): BM25's first five and the
 * vectors' first may take a top-five place, BM25's first three always do, and BM25's first stays
 * first unless the asker's contract lifts another (0.954 / 0.923 / 0.885 against BM25 alone 0.949 / 0.920 / 0.874; ahead on DEV and DEV-2 each).
 * The previous guard (BM25's first three, the vectors' first two) lost MRR to BM25 on DEV-2: a
 * vector neighbour of the wrong size took first place from BM25's exact part.
 */
export const TOP_GUARD: TopGuard = { slots: 5, bm25Top: 5, vectorTop: 1, bm25Keep: 3, bm25Lead: true };

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
  const guarded = [...top, ...rest.splice(0, guard.slots - top.length), ...rest];
  const keep = Math.min(guard.bm25Keep ?? 0, guard.slots);
  const kept = (h: RankedHit) => (h.ranks.bm25 ?? Number.POSITIVE_INFINITY) <= keep;
  const free = guard.slots - guarded.filter(kept).length;
  const inTop = new Set([...guarded.filter(kept), ...guarded.filter((h) => !kept(h)).slice(0, free)]);
  const ordered = [...guarded.filter((h) => inTop.has(h)), ...guarded.filter((h) => !inTop.has(h))];
  const lead = guard.bm25Lead ? ordered.findIndex((h) => h.ranks.bm25 === 1) : -1;
  if (lead <= 0) return ordered;
  // The lead passes unboosted hits only: the asker's contract parts still come first (DESIGN §8).
  const first = ordered[lead]!;
  const others = ordered.filter((_, i) => i !== lead);
  const at = others.findIndex((h) => h.customer_boost <= first.customer_boost);
  others.splice(Math.min(at < 0 ? lead : at, lead), 0, first);
  return others;
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
