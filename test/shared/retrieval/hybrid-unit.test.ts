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
  it("gives the top five to BM25's first four and the vectors' first, not to neighbours middling in both lists", () => {
    // H and I: BM25 8th-9th and vectors 2nd-3rd outscore BM25's 4th-5th by RRF alone.
    const lists = { bm25: ids("ABCDEFGHIJ"), vector: ids("GHIA") };
    const unguarded = hybridRank(lists, byId, OPERATOR, 10, NO_BOOST, { slots: 5, bm25Top: 10, vectorTop: 10 });
    expect(unguarded.slice(0, 5).map((h) => h.document.sku)).toEqual(["A", "G", "H", "I", "B"]);
    const guarded = hybridRank(lists, byId, OPERATOR, 10, NO_BOOST);
    expect(guarded.map((h) => h.document.sku)).toEqual(["A", "G", "B", "C", "D", "H", "I", "E", "F", "J"]);
  });

  it("lets the fused order decide first place, keeps the vectors' first, and a looser guard keeps BM25's first three", () => {
    // B is second in both lists and outscores A, BM25's first, by RRF: B leads.
    const agreed = { bm25: ids("ABCDE"), vector: ids("ZB") };
    expect(hybridRank(agreed, byId, OPERATOR, 3, NO_BOOST).map((h) => h.document.sku)).toEqual(["B", "A", "C"]);
    // Z, the vectors' first and unknown to BM25, fuses below BM25's fifth and still keeps a top place.
    const vectorFirst = hybridRank({ bm25: ids("ABCDEF"), vector: ids("Z") }, byId, OPERATOR, 6, NO_BOOST);
    expect(vectorFirst.map((h) => h.document.sku)).toEqual(["A", "B", "C", "D", "Z", "E"]);
    const lists = { bm25: ids("ABCDEFGHIJ"), vector: ids("ZGHI") };
    const kept = hybridRank(lists, byId, OPERATOR, 10, NO_BOOST, { slots: 5, bm25Top: 10, vectorTop: 10, bm25Keep: 3 });
    expect(kept.slice(0, 5).map((h) => h.document.sku)).toEqual(["G", "H", "A", "B", "C"]);
  });

  it("puts the asker's contract part first, even one only the vectors found, and guards the rest", () => {
    const lists = { bm25: ids("AB"), vector: ids("ZGH") };
    const hits = hybridRank(lists, byId, { customer_id: "CUST-001", contract_skus: new Set(["H"]) }, 5);
    expect(hits.map((h) => h.document.sku)).toEqual(["H", "A", "B", "Z", "G"]);
    expect(hits[0]!.customer_boost).toBe(0.5);
    expect(hits.slice(1).every((h) => h.customer_boost === 0)).toBe(true);
  });
});
