import { reciprocalRankFusion } from "./fusion";
import { type Asker, CUSTOMER_BOOST, customerRerank, type RankedHit } from "./rerank";
import type { SearchDocument } from "./search-documents";

/** How many candidates each retriever hands to fusion: enough for a re-rank to lift a contract part. */
export const CANDIDATES_PER_RETRIEVER = 50;

/**
 * Weighted RRF: BM25 is the more precise retriever here, the vectors add what it misses
 * (misspellings past correction, reworded attributes). Plain RRF (k 60, equal weights) lost to
 * BM25 on MRR. Chosen on DEV + DEV-2 (205 queries; `npm run catalog:evaluate -- --dev-grid`) by the
 * rule "best recall@5, then MRR, then nDCG@10" over k 20-60 × BM25 weight 2-4, and kept on the DEV
 * pool once the part number was weighted: k 60 × weight 3 led there by 0.002 MRR, within noise.
 */
export const FUSION = { k: 20, weights: { bm25: 2, vector: 1 } } as const;

/** Which results may hold the first `slots` places: see `guardTopSlots`. */
export interface TopGuard {
  slots: number;
  bm25Top: number;
  vectorTop: number;
  /** BM25's first `bm25Keep` always hold a top place (recall@5 never below BM25's first `bm25Keep`). */
  bm25Keep?: number;
  /** The vectors' first `vectorKeep` always hold a top place too. */
  vectorKeep?: number;
}

/**
 * Chosen with `BM25_WEIGHTS` on the DEV pool (the labelled set and DEV-2, 331 queries; `--dev-grid`):
 * each retriever's surest picks keep a top-five place, BM25's first four and the vectors' first, in
 * the fused order, and a place they leave goes by the fused order. Keeping BM25's first five instead
 * scored the same on the DEV pool but shut out a part whose number says nothing, found by the
 * vectors alone (the seed's SKU-9010 for "PRV 600psi"). BM25 keeps first place only where it was
 * decisive (`hybridRank`); always keeping it lost MRR to the fused order's first on the DEV pool.
 */
export const TOP_GUARD: TopGuard = { slots: 5, bm25Top: 5, vectorTop: 1, bm25Keep: 4, vectorKeep: 1 };

/**
 * The first `slots` places go, in the fused order, only to results BM25 ranks in its first
 * `bm25Top` or the vectors rank in their first `vectorTop` (a strong opinion); the others follow in
 * the fused order. RRF alone let several vector neighbours of the wrong size, each middling in both
 * lists, push BM25's exact part out of the top five.
 */
export function guardTopSlots(hits: readonly RankedHit[], guard: TopGuard = TOP_GUARD): RankedHit[] {
  const admitted = (h: RankedHit) =>
    (h.ranks.bm25 ?? Number.POSITIVE_INFINITY) <= guard.bm25Top ||
    (h.ranks.vector ?? Number.POSITIVE_INFINITY) <= guard.vectorTop;
  const top: RankedHit[] = [];
  const rest: RankedHit[] = [];
  for (const hit of hits) (top.length < guard.slots && admitted(hit) ? top : rest).push(hit);
  const guarded = [...top, ...rest.splice(0, guard.slots - top.length), ...rest];
  const kept = (h: RankedHit) =>
    (h.ranks.bm25 ?? Number.POSITIVE_INFINITY) <= (guard.bm25Keep ?? 0) ||
    (h.ranks.vector ?? Number.POSITIVE_INFINITY) <= (guard.vectorKeep ?? 0);
  const free = Math.max(0, guard.slots - guarded.filter(kept).length);
  const inTop = new Set([...guarded.filter(kept), ...guarded.filter((h) => !kept(h)).slice(0, free)]);
  return [...guarded.filter((h) => inTop.has(h)), ...guarded.filter((h) => !inTop.has(h))];
}

/**
 * The hybrid ranking of DESIGN §8 once each retriever has answered: BM25 ids (FTS5, best first)
 * and vector ids (nearest first) fused by RRF; the asker's contract parts and own passages among
 * them first (the customer re-rank), then the others under the top-slot guard, cut to k. Where BM25
 * was decisive (`isBm25Decisive`: it matched every term of an uncorrected query in its first
 * result), that first result leads the others: the vectors decide the top only where BM25 guesses.
 * The route and the evaluation call this one function, so what is measured is what is served.
 */
export function hybridRank(
  lists: { bm25: readonly string[]; vector: readonly string[]; bm25Decisive?: boolean },
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
  const lifted = ranked.filter((h) => h.customer_boost > 0);
  const guarded = guardTopSlots(ranked.slice(lifted.length), guard);
  const lead = lists.bm25Decisive ? guarded.findIndex((h) => h.ranks.bm25 === 1) : -1;
  if (lead > 0) guarded.unshift(...guarded.splice(lead, 1));
  return [...lifted, ...guarded].slice(0, k);
}
