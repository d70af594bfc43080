import { describe, expect, it } from "vitest";
import seedCatalog from "../../../src/seed/data/catalog.json";
import contractsData from "../../../src/seed/data/contracts.json";
import { partDocument, passageDocument } from "../../../src/shared/retrieval/search-documents";
import { SearchQuery, SearchResult, toSearchResult } from "../../../src/shared/retrieval/search-result";
import { CatalogItem, Contract } from "../../../src/shared/schemas/reference.schema";

const catalog = new Map(seedCatalog.map((i) => [i.sku, CatalogItem.parse(i)]));
const acme = Contract.parse(contractsData[0]);
const valve = catalog.get("SKU-4892")!;
const hit = (document: ReturnType<typeof partDocument>, customer_boost = 0) => ({
  document,
  score: 0.03,
  ranks: { bm25: 1, vector: null },
  customer_boost,
});

describe("search results in the shape of DESIGN §8", () => {
  it("prices a product for the asker: list price, and the contract's first-tier price when their contract lists it", () => {
    const result = toSearchResult(hit(partDocument(valve), 0.5), { catalog, contract: acme, onDate: "2026-12-01" });
    expect(SearchResult.parse(result)).toEqual({
      kind: "product",
      sku: "SKU-4892",
      title: "Industrial Valve Assembly - 4 inch",
      text: "Industrial Valve Assembly - 4 inch. Bulk discount available at 50+ units.",
      list_price: 595,
      contract_price: 595,
      score: 0.03,
      ranks: { bm25: 1, vector: null },
      customer_boost: 0.5,
    });
    const noContract = toSearchResult(hit(partDocument(valve)), { catalog, contract: null, onDate: "2026-12-01" });
    expect(noContract.contract_price).toBeUndefined();
    expect(noContract.list_price).toBe(595);
  });

  it("answers a passage with its contract and no prices", () => {
    const passage = passageDocument({
      passage_id: "CTR-2024-001-payment",
      contract_id: "CTR-2024-001",
      customer_id: "CUST-001",
      topic: "payment",
      title: "Acme Industrial: Payment terms",
      text: "Net 45",
    });
    const result = toSearchResult(hit(passage), { catalog, contract: acme, onDate: "2026-12-01" });
    expect(result).toMatchObject({ kind: "contract_passage", contract_id: "CTR-2024-001", text: "Net 45" });
    expect(result).not.toHaveProperty("list_price");
    expect(result).not.toHaveProperty("sku");
  });

  it("validates the query parameters: q required, k an integer from 1 to 50, 10 by default", () => {
    expect(SearchQuery.parse({ q: " valve " })).toEqual({ q: "valve", k: 10 });
    expect(SearchQuery.parse({ q: "valve", k: "5", customer_id: "CUST-001" })).toEqual({
      q: "valve",
      k: 5,
      customer_id: "CUST-001",
    });
    expect(SearchQuery.safeParse({ q: "" }).success).toBe(false);
    expect(SearchQuery.safeParse({ q: "valve", k: "500" }).success).toBe(false);
  });
});
