import { describe, expect, it } from "vitest";
import { SearchResponse } from "../../../src/shared/retrieval/search-result";
import { api, TOKENS } from "../../fixtures/api";

async function search(params: Record<string, string>, token: string = TOKENS.ops): Promise<SearchResponse> {
  const res = await api(`/v1/catalog/search?${new URLSearchParams(params)}`, { token });
  expect(res.status).toBe(200);
  return SearchResponse.parse(await res.json());
}

const skus = (r: SearchResponse, n = 5) => r.results.slice(0, n).map((x) => x.sku);

describe("GET /v1/catalog/search", () => {
  it("finds the seed parts in buyers' words: abbreviations, inch marks, misspellings, attribute order", async () => {
    expect(skus(await search({ q: "4in valve assy" }))).toContain("SKU-4892");
    expect(skus(await search({ q: '4" valve assembly' }))).toContain("SKU-4892");
    expect(skus(await search({ q: "4 inch vlave assembly" }))).toContain("SKU-4892");
    expect(skus(await search({ q: "3 inch SS brg" }))).toContain("SKU-7211");
    expect(skus(await search({ q: "brg SS 3 inch" }))).toContain("SKU-7211");
    expect(skus(await search({ q: "PRV 600psi" }))).toContain("SKU-9010");
    expect(skus(await search({ q: "15hp hydraulic pump mtr" }))).toContain("SKU-3300");
  });

  it("answers the shape of DESIGN §8 with both retrievers' ranks", async () => {
    const r = await search({ q: "4 inch valve assembly", k: "3" });
    expect(r.query).toBe("4 inch valve assembly");
    expect(r.results).toHaveLength(3);
    const top = r.results.find((x) => x.sku === "SKU-4892")!;
    expect(top).toMatchObject({ kind: "product", list_price: 595, customer_boost: 0 });
    expect(top.ranks.bm25 ?? top.ranks.vector).not.toBeNull();
  });

  it("never shows a customer token another customer's passages, whatever customer_id says", async () => {
    const r = await search({ q: "payment terms net days", customer_id: "CUST-002", k: "50" }, TOKENS.acme);
    const passages = r.results.filter((x) => x.kind === "contract_passage");
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.every((x) => x.contract_id === "CTR-2024-001")).toBe(true);
    const none = await search({ q: "payment terms net days", k: "50" });
    expect(none.results.filter((x) => x.kind === "contract_passage")).toEqual([]);
  });

  it("gives ops with customer_id that customer's contract price and boost", async () => {
    const r = await search({ q: "2 inch stainless bearing", customer_id: "CUST-002" });
    const part = r.results.find((x) => x.sku === "SKU-7210")!;
    expect(part.contract_price).toBeDefined();
    expect(part.customer_boost).toBeGreaterThan(0);
    expect(r.results[0]!.sku === "SKU-7210" || r.results[0]!.kind === "contract_passage").toBe(true);
  });

  it("refuses a missing query, k out of bounds and a customer's diagnostic mode", async () => {
    for (const qs of ["", "q=", "q=valve&k=0", "q=valve&k=51", "q=valve&k=two"]) {
      const res = await api(`/v1/catalog/search?${qs}`, { token: TOKENS.ops });
      expect(res.status, qs).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await api("/v1/catalog/search?q=valve&mode=bm25", { token: TOKENS.acme })).status).toBe(403);
    expect((await api("/v1/catalog/search?q=valve")).status).toBe(401);
  });
});
