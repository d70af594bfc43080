import type { CatalogPart } from "./catalog.schema";
import type { LabelledQuery } from "./query-set";
import { partDocumentId } from "./search-documents";

/** How buyers name a seed part without its size or rating: the kind of part only, written out and shortened. */
const UNQUALIFIED_NAMES: Record<string, readonly string[]> = {
  "SKU-4892": ["valve assembly", "valve assy"],
  "SKU-7210": ["stainless bearing", "SS brg"],
  "SKU-7211": ["stainless bearing", "SS brg"],
  "SKU-3300": ["hydraulic pump motor", "hyd pump mtr"],
  "SKU-9010": ["pressure relief valve", "PRV"],
};

/**
 * The customer-context query set (issue 13, reported apart from the labelled set, added after
 * its tuning and never tuned on): each customer names a part it buys under contract by its kind
 * alone ("PRV"), as buyers who order it every month do. Judged by the contract, not by a search:
 * the asker's contract parts of that kind are the exact answer (3), any other part of the same
 * family and type is related (1). Only the asker's contract context can tell them apart, so this
 * set measures what the customer re-rank adds and the main set, whose queries name sizes and
 * ratings, cannot.
 */
export function buildContextQuerySet(
  parts: readonly CatalogPart[],
  contractSkus: Readonly<Record<string, readonly string[]>>,
): LabelledQuery[] {
  const out: LabelledQuery[] = [];
  for (const [customer, skus] of Object.entries(contractSkus)) {
    const own = parts.filter((p) => skus.includes(p.sku));
    const phrases = [...new Set(own.flatMap((p) => UNQUALIFIED_NAMES[p.sku] ?? []))];
    for (const phrase of phrases) {
      const named = own.filter((p) => UNQUALIFIED_NAMES[p.sku]?.includes(phrase));
      const judgments: Record<string, number> = {};
      for (const part of parts)
        if (
          named.some(
            (n) => n.attributes.family === part.attributes.family && n.attributes.type === part.attributes.type,
          )
        )
          judgments[partDocumentId(part.sku)] = 1;
      for (const part of named) judgments[partDocumentId(part.sku)] = 3;
      out.push({
        id: `C${String(out.length + 1).padStart(3, "0")}`,
        query: phrase,
        customer_id: customer,
        category: "customer_context",
        judgments,
      });
    }
  }
  return out;
}
