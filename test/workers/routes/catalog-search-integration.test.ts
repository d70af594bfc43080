import { env } from "cloudflare:workers";
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

describe("catalog changes reach the search indexes", () => {
  const put = (items: unknown[]) =>
    api("/v1/admin/catalog", { method: "PUT", token: TOKENS.ops, json: { items } }).then(async (res) => {
      expect(res.status, await res.clone().text()).toBe(200);
    });
  const part = (description: string) => ({
    sku: "ZZ-TEST-0001",
    description,
    list_price: 12.5,
    lead_time_days: 3,
    notes: "",
  });
  const bm25Rank = async (q: string) =>
    (await search({ q, k: "10" })).results.find((r) => r.sku === "ZZ-TEST-0001")?.ranks.bm25 ?? null;

  it("finds an imported part by its new word and a misspelling, and forgets a word its description lost", async () => {
    await put([part("Quarterturn zorbflex coupling 2 inch")]);
    const found = await search({ q: "zorbflex coupling" });
    expect(found.results[0]).toMatchObject({ sku: "ZZ-TEST-0001", list_price: 12.5 });
    expect(await bm25Rank("zorbflex")).toBe(1);
    expect(await bm25Rank("zorblfex")).toBe(1);

    await put([part("Quarterturn marlinspike coupling 2 inch")]);
    expect(await bm25Rank("marlinspike")).toBe(1);
    expect(await bm25Rank("zorbflex")).toBeNull();
    // The documents a search holds in its isolate are those of the index's current version, not the first import's.
    expect((await search({ q: "marlinspike coupling" })).results[0]).toMatchObject({
      sku: "ZZ-TEST-0001",
      title: "Quarterturn marlinspike coupling 2 inch",
    });
    const vectors = await search({ q: "marlinspike", mode: "vector", k: "1" });
    expect(vectors.results[0]?.sku).toBe("ZZ-TEST-0001");
  });

  it("re-indexes only what an import changed: a price change leaves the FTS row alone", async () => {
    await put([part("Quarterturn halyard coupling 2 inch")]);
    const rowid = async () =>
      await env.DB.prepare("SELECT rowid AS r, body FROM search_documents WHERE id = 'p:ZZ-TEST-0001'").first<{
        r: number;
        body: string;
      }>();
    const before = await rowid();
    await put([{ ...part("Quarterturn halyard coupling 2 inch"), list_price: 14 }]);
    expect(await rowid()).toEqual(before);
    expect((await search({ q: "halyard coupling" })).results[0]).toMatchObject({ sku: "ZZ-TEST-0001", list_price: 14 });
  });
});
