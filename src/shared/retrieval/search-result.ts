import { z } from "zod";
import { priceLine } from "../pricing";
import type { CatalogItem, Contract } from "../schemas/reference.schema";
import type { RankedHit } from "./rerank";

/** `GET /v1/catalog/search` parameters (DESIGN §8): the route validates with this. */
export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(500),
  customer_id: z.string().min(1).optional(),
  k: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** One result in the shape of DESIGN §8: what it is, its prices for the asker, and why it ranks here. */
export const SearchResult = z.object({
  kind: z.enum(["product", "contract_passage"]),
  sku: z.string().optional(),
  contract_id: z.string().optional(),
  title: z.string(),
  text: z.string(),
  list_price: z.number().optional(),
  /** The asker's contract price at quantity 1 (the first tier), when their contract in force lists the part. */
  contract_price: z.number().optional(),
  score: z.number(),
  /** 1-based rank from BM25 and from the vectors; null where that retriever did not return it. */
  ranks: z.object({ bm25: z.number().int().nullable(), vector: z.number().int().nullable() }),
  /** The multiple of the fused score added for the asker's own contract part or passage (0 for none). */
  customer_boost: z.number(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchResponse = z.object({ query: z.string(), results: z.array(SearchResult) });
export type SearchResponse = z.infer<typeof SearchResponse>;

/**
 * A ranked hit as the API answers it, priced for the asker through `priceLine`, the same
 * function that prices their orders, so search and checkout never quote different prices.
 */
export function toSearchResult(
  hit: RankedHit,
  prices: { catalog: ReadonlyMap<string, CatalogItem>; contract: Contract | null; onDate: string },
): SearchResult {
  const { document } = hit;
  const item = document.sku !== undefined ? prices.catalog.get(document.sku) : undefined;
  const priced = item ? priceLine({ sku: item.sku, qty: 1 }, item, prices.contract, prices.onDate) : undefined;
  return {
    kind: document.kind,
    ...(document.sku !== undefined ? { sku: document.sku } : {}),
    ...(document.contract_id !== undefined ? { contract_id: document.contract_id } : {}),
    title: document.title,
    text: document.text,
    ...(priced ? { list_price: priced.list_price } : {}),
    ...(priced?.contract_price != null ? { contract_price: priced.contract_price } : {}),
    score: hit.score,
    ranks: hit.ranks,
    customer_boost: hit.customer_boost,
  };
}
