import type { FusedResult } from "./fusion";
import type { SearchDocument } from "./search-documents";

/** Who asks: their customer id (null for an operator searching the catalog) and their contract's SKUs. */
export interface Asker {
  customer_id: string | null;
  contract_skus: ReadonlySet<string>;
}

/** How much the asker's own contract lifts a result, as a multiple of its fused score. */
export const CUSTOMER_BOOST = { contractPart: 0.5, ownPassage: 0.5 } as const;

export interface RankedHit {
  document: SearchDocument;
  score: number;
  ranks: { bm25: number | null; vector: number | null };
  customer_boost: number;
}

/**
 * Whether a document may be shown to the asker at all: a contract passage only to its own
 * customer, never to another and never to an asker without a customer. Applied after every
 * retriever, so no query wording, parameter or index filter can let another's terms through.
 */
export function isVisibleTo(document: SearchDocument, asker: Asker): boolean {
  return document.kind === "product" || (asker.customer_id !== null && document.customer_id === asker.customer_id);
}

/**
 * The customer re-rank (DESIGN §8): drops what the asker may not see, then puts the asker's
 * contract parts and own passages among the candidates first, in fused order, before every other
 * result, whose order it keeps. Their score is the fused score times (1 + boost), as the API shows
 * it. A boost of 0 re-ranks nothing (the evaluation's "fused"). Unknown ids (deleted since
 * indexing) are dropped.
 */
export function customerRerank(
  fused: readonly FusedResult[],
  documents: ReadonlyMap<string, SearchDocument>,
  asker: Asker,
  boost: { contractPart: number; ownPassage: number } = CUSTOMER_BOOST,
): RankedHit[] {
  const hits: RankedHit[] = [];
  for (const result of fused) {
    const document = documents.get(result.id);
    if (!document || !isVisibleTo(document, asker)) continue;
    const customerBoost =
      document.kind === "contract_passage"
        ? boost.ownPassage
        : document.sku !== undefined && asker.contract_skus.has(document.sku)
          ? boost.contractPart
          : 0;
    hits.push({
      document,
      score: result.score * (1 + customerBoost),
      ranks: { bm25: result.ranks.bm25 ?? null, vector: result.ranks.vector ?? null },
      customer_boost: customerBoost,
    });
  }
  // A stable sort: within each group the fused order (RRF's own tie-breaks) stands.
  return hits.sort((a, b) => Number(b.customer_boost > 0) - Number(a.customer_boost > 0));
}
