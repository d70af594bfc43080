import { CatalogSearchQuery } from "./http/request-schemas";
import { bearer, errors, queryParameters, schema } from "./openapi-components";
import { SearchResponse } from "../shared/retrieval/search-result";

/** Catalog and contract search (DESIGN §8). */
export const CATALOG_PATHS = {
  "/v1/catalog/search": {
    get: {
      summary:
        "Hybrid search over parts and the asker's contract passages: BM25 (D1 FTS5) and vectors fused by RRF, then the asker's " +
        "contract parts and passages lifted; a customer token searches as itself whatever customer_id says. " +
        "mode (ops only, a diagnostic) answers one retriever alone (bm25, vector), the fusion without the customer " +
        "re-rank (fused) or the product's ranking (reranked, the default)",
      security: bearer,
      parameters: queryParameters(CatalogSearchQuery),
      responses: {
        "200": {
          description:
            "{query, results: [{kind, sku?, contract_id?, title, text, list_price?, contract_price?, score, ranks: {bm25, vector}, " +
            "customer_boost}]}: ranks are 1-based per retriever (null: not returned by it); contract_price is the asker's at quantity 1",
          content: { "application/json": { schema: schema(SearchResponse) } },
        },
        ...errors(400, 401, 403),
      },
    },
  },
};
