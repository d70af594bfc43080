import { describe, expect, it } from "vitest";
import { hybridRank } from "../../../src/shared/retrieval/hybrid";
import type { Asker } from "../../../src/shared/retrieval/rerank";
import { partDocument } from "../../../src/shared/retrieval/search-documents";

const SKUS = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "Z"];
const byId = new Map(
  SKUS.map((sku) => partDocument({ sku, description: `part ${sku}`, list_price: 1, lead_time_days: 1, notes: "" })).map(
    (d) => [d.id, d],
  ),
);
const ids = (skus: string) => [...skus].map((s) => `p:${s}`);
const OPERATOR: Asker = { customer_id: null, contract_skus: new Set() };
const NO_BOOST = { contractPart: 0, ownPassage: 0 };

describe("the top-slot guard over the fused ranking", () => {
  it("gives the top five to BM25's first three and the vectors' first two, not to neighbours middling in both lists", () => {
    // G, H, I: BM25 7th-9th and vectors 2nd-4th outscore BM25's 3rd-5th by RRF alone.
    const lists = { bm25: ids("ABCDEFGHIJ"), vector: ids("ZGHI") };
    const unguarded = hybridRank(lists, byId, OPERATOR, 10, NO_BOOST, { slots: 5, bm25Top: 10, vectorTop: 10 });
    expect(unguarded.slice(0, 5).map((h) => h.document.sku)).toEqual(["G", "H", "I", "A", "B"]);
    const guarded = hybridRank(lists, byId, OPERATOR, 10, NO_BOOST);
    // G is the vectors' second and keeps its fused place; H and I (vectors' 3rd-4th) wait behind Z, the vectors' first.
    expect(guarded.map((h) => h.document.sku)).toEqual(["G", "A", "B", "C", "Z", "H", "I", "D", "E", "F"]);
  });

  it("admits the vectors' first two, lets the asker's contract part in, and fills from the fused order", () => {
    const lists = { bm25: ids("AB"), vector: ids("ZGH") };
    const hits = hybridRank(lists, byId, { customer_id: "CUST-001", contract_skus: new Set(["H"]) }, 5);
    expect(hits.map((h) => h.document.sku)).toEqual(["A", "B", "H", "Z", "G"]);
    expect(hits.find((h) => h.document.sku === "H")!.customer_boost).toBe(0.5);
  });
});
