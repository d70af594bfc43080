/** The constant of Cormack et al. (2009): a document's contribution from rank r is 1 / (k + r). */
export const RRF_K = 60;

export interface FusedResult {
  id: string;
  score: number;
  /** 1-based rank in each list, null where the list did not return it. */
  ranks: Record<string, number | null>;
}

/**
 * Reciprocal rank fusion: score(d) = Σ over lists of w / (k + rank of d in that list), w = 1 unless
 * a list is given a weight (weighted RRF). Scores of
 * different retrievers (BM25, cosine) are not comparable; ranks are. A repeated id counts at its
 * first rank. Ties break by the best single rank, then by id, so the order is deterministic.
 */
export function reciprocalRankFusion(
  lists: Record<string, readonly string[]>,
  k = RRF_K,
  weights: Readonly<Record<string, number>> = {},
): FusedResult[] {
  const names = Object.keys(lists);
  const fused = new Map<string, FusedResult>();
  // Each result's best single rank, kept as ranks are given: the sort reads it at every comparison.
  const best = new Map<FusedResult, number>();
  for (const name of names) {
    const seen = new Set<string>();
    let rank = 0;
    for (const id of lists[name]!) {
      if (seen.has(id)) continue;
      seen.add(id);
      rank += 1;
      let entry = fused.get(id);
      if (!entry) {
        entry = { id, score: 0, ranks: Object.fromEntries(names.map((n) => [n, null])) };
        fused.set(id, entry);
      }
      entry.score += (weights[name] ?? 1) / (k + rank);
      entry.ranks[name] = rank;
      best.set(entry, Math.min(best.get(entry) ?? rank, rank));
    }
  }
  const bestRank = (r: FusedResult) => best.get(r) ?? Number.POSITIVE_INFINITY;
  return [...fused.values()].sort((a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.id < b.id ? -1 : 1));
}
