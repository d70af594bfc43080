import { FUSION } from "./hybrid";
import { normalize } from "./normalize";
import type { SearchQuery, SearchResponse, SearchResult } from "./search-result";

/** The catalog search the agents call: `searchCatalog` bound to its environment, or a fake in tests. */
export type SearchFn = (query: SearchQuery) => Promise<SearchResponse>;

/** Below this a phrase is not turned into a SKU: a person chooses among the candidates. */
export const RESOLVE_THRESHOLD = 0.75;
/** How many results a phrase is resolved from, and how many candidates a person is shown. */
const RESOLVE_K = 10;
const CANDIDATES_SHOWN = 5;

export type ProductCandidate = {
  sku: string;
  title: string;
  score: number;
  /** Attributes the phrase names that this part does not have ("3in"). */
  disagrees: string[];
};

/** Which SKU a phrase became, how sure that is, and why: an internal record, never shown to a customer. */
export interface ProductResolution {
  phrase: string;
  /** Null when no candidate is sure enough: a person decides. */
  sku: string | null;
  confidence: number;
  reason: string;
  candidates: ProductCandidate[];
}

const SIZE = /^\d+(?:p\d+)?(?:in|mm)$/;
const RATING = /^(?:class\d+|\d+(?:p\d+)?(?:psi|hp|kw|v|gpm|micron))$/;
const MATERIALS = new Set([
  "stainless",
  "ss304",
  "ss316",
  "brass",
  "bronze",
  "carbonsteel",
  "castiron",
  "ductileiron",
  "aluminum",
  "pvc",
  "cpvc",
  "polypropylene",
  "galvanized",
  "nbr",
  "fkm",
  "epdm",
  "ptfe",
  "silicone",
]);

/** The size, material and rating tokens a phrase names: each must be a property of the part it becomes. */
export function namedAttributes(phrase: string): string[] {
  return [...new Set(normalize(phrase).filter((t) => SIZE.test(t) || RATING.test(t) || MATERIALS.has(t)))];
}

/** The attributes named that a result does not show in its part number, title or text. */
export function disagreements(
  named: readonly string[],
  result: Pick<SearchResult, "sku" | "title" | "text">,
): string[] {
  const tokens = new Set(normalize(`${result.sku ?? ""} ${result.title} ${result.text}`));
  return named.filter((t) => !tokens.has(t));
}

const segments = (code: string): string[] =>
  code
    .toUpperCase()
    .split(/[-./\s]+/)
    .filter(Boolean);

/** "6205.2RS" names BRG-6205-2RS: its segments are the part number's last ones; "S6205-2RS" is another part. */
export function namesPartNumber(phrase: string, sku: string): boolean {
  const asked = segments(phrase);
  const part = segments(sku);
  if (asked.length === 0 || asked.length > part.length) return false;
  return asked.every((s, i) => s === part[part.length - asked.length + i]);
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

const fused = (bm25Rank: number, vectorRank: number): number =>
  FUSION.weights.bm25 / (FUSION.k + bm25Rank) + FUSION.weights.vector / (FUSION.k + vectorRank);

/**
 * Fused-score leads, as fractions of the top score. Rank fusion packs scores tightly: a part
 * first in both retrievers leads one second in both by only {@link NO_LEAD} (about 2.4% with
 * the fusion in use), which says nothing; a clear lead is that over a runner-up second by BM25
 * and sixth by the vectors ({@link CLEAR_LEAD}, about 4.5%).
 */
const NO_LEAD = 1 - fused(2, 2) / fused(1, 1);
const CLEAR_LEAD = 1 - fused(2, 6) / fused(1, 1);

/**
 * How sure the top agreeing result is: half from its margin over the next agreeing one, from
 * nothing at {@link NO_LEAD} to all at {@link CLEAR_LEAD}, and the rest from the attributes,
 * which count for more when the phrase names some and the part has them all.
 */
export function productConfidence(top: number, second: number | undefined, namedCount: number): number {
  const margin = second === undefined || top <= 0 ? 1 : Math.max(0, (top - second) / top);
  const lead = Math.min(1, Math.max(0, (margin - NO_LEAD) / (CLEAR_LEAD - NO_LEAD)));
  const attributes = namedCount > 0 ? 0.5 : 0.3;
  return round2(0.5 * lead + attributes);
}

/**
 * Resolves a product named in words ("4-inch valve assemblies", "PRV 600psi") or by a supplier
 * part number ("6205.2RS") to one SKU through catalog search, for the asking customer. Only a
 * part that has every size, material and rating the phrase names can be chosen; below
 * {@link RESOLVE_THRESHOLD} the answer has no SKU and lists the candidates for a person.
 */
export async function resolveProduct(
  phrase: string,
  search: SearchFn,
  customerId: string | null,
): Promise<ProductResolution> {
  // "6205.2RS": a dot inside a part number separates segments, as a hyphen does; elsewhere it is a decimal point.
  const q = /\s/.test(phrase.trim()) ? phrase : phrase.replace(/(?<=\d)\.(?=\d*[A-Za-z])/g, "-");
  const response = await search({ q, k: RESOLVE_K, ...(customerId ? { customer_id: customerId } : {}) });
  const named = namedAttributes(phrase);
  const products = response.results.filter((r): r is SearchResult & { sku: string } => r.kind === "product" && !!r.sku);
  const candidates: ProductCandidate[] = products.map((r) => ({
    sku: r.sku,
    title: r.title,
    score: r.score,
    disagrees: disagreements(named, r),
  }));
  const shown = candidates.slice(0, CANDIDATES_SHOWN);
  const byNumber = candidates.filter((c) => namesPartNumber(phrase, c.sku));
  const [exact] = byNumber;
  if (byNumber.length === 1 && exact) {
    return { phrase, sku: exact.sku, confidence: 1, reason: `part number ${exact.sku}`, candidates: shown };
  }
  const agreeing = candidates.filter((c) => c.disagrees.length === 0);
  const [top, second] = agreeing;
  if (!top) {
    const reason = products.length ? `no part has ${named.join(", ")}` : "no part found";
    return { phrase, sku: null, confidence: 0, reason, candidates: shown };
  }
  const confidence = productConfidence(top.score, second?.score, named.length);
  const lead = second ? `${(((top.score - second.score) / top.score) * 100).toFixed(1)}%` : "";
  const why = second ? `leads ${second.sku} by ${lead}` : "the only part that fits";
  const reason = `${top.sku} ${why}${named.length ? `; has ${named.join(", ")}` : ""}`;
  const sure = confidence >= RESOLVE_THRESHOLD;
  return {
    phrase,
    sku: sure ? top.sku : null,
    confidence,
    reason,
    candidates: sure ? shown : agreeing.slice(0, CANDIDATES_SHOWN),
  };
}
