import { describe, expect, it } from "vitest";
import { isBm25Decisive } from "../../../src/shared/retrieval/decisive";
import { hybridRank } from "../../../src/shared/retrieval/hybrid";
import { buildVocabulary } from "../../../src/shared/retrieval/normalize";
import type { Asker } from "../../../src/shared/retrieval/rerank";
import { partDocument, type SearchDocument } from "../../../src/shared/retrieval/search-documents";

const part = (sku: string, description: string) =>
  partDocument({ sku, description, list_price: 1, lead_time_days: 1, notes: "" });
const BALL = part("BV-BR-2", "Ball valve brass 2 inch NPT");
const GATE = part("GV-CS-4", "Gate valve carbon steel 4 inch class 300");
const BEARING = part("BRG-6205", "Deep groove ball bearing 6205");
const vocabulary = buildVocabulary([BALL, GATE, BEARING].map((d) => `${d.code} ${d.body}`));

describe("whether BM25 was decisive", () => {
  it("is decisive when every term of an uncorrected query is in BM25's first document, abbreviations expanded", () => {
    expect(isBm25Decisive("brass ball valve 2in", vocabulary, BALL)).toBe(true);
    expect(isBm25Decisive('2" brass ball vlv', vocabulary, BALL)).toBe(true);
  });

  it("is not decisive for a misspelled query, even when the correction finds the right part", () => {
    expect(isBm25Decisive("bras ball valve 2in", vocabulary, BALL)).toBe(false);
    expect(isBm25Decisive("ball vlave", vocabulary, BALL)).toBe(false);
  });

  it("is not decisive for a word the catalog does not know, partial coverage or no first result", () => {
    expect(isBm25Decisive("ball valve 2in 9999", vocabulary, BALL)).toBe(false);
    expect(isBm25Decisive("ball valve 4in", vocabulary, BALL)).toBe(false);
    expect(isBm25Decisive("ball valve", vocabulary, undefined)).toBe(false);
    expect(isBm25Decisive("the", vocabulary, BALL)).toBe(false);
  });
});

describe("the decisive lead in the hybrid ranking", () => {
  const docs = ["A", "B", "C", "D", "E", "Z"].map((sku) => part(sku, `part ${sku}`));
  const byId = new Map<string, SearchDocument>(docs.map((d) => [d.id, d]));
  const ids = (skus: string) => [...skus].map((s) => `p:${s}`);
  const OPERATOR: Asker = { customer_id: null, contract_skus: new Set() };
  const NO_BOOST = { contractPart: 0, ownPassage: 0 };
  // B is second in both lists and outscores A, BM25's first, by RRF alone.
  const lists = { bm25: ids("ABCDE"), vector: ids("ZB") };

  it("keeps BM25's first first when BM25 was decisive, the fused order filling the rest", () => {
    const order = (bm25Decisive: boolean) =>
      hybridRank({ ...lists, bm25Decisive }, byId, OPERATOR, 6, NO_BOOST).map((h) => h.document.sku);
    expect(order(false)).toEqual(["B", "A", "C", "D", "Z", "E"]);
    expect(order(true)).toEqual(["A", "B", "C", "D", "Z", "E"]);
  });

  it("still puts the asker's contract part before a decisive BM25 first", () => {
    const acme: Asker = { customer_id: "CUST-001", contract_skus: new Set(["Z"]) };
    const hits = hybridRank({ ...lists, bm25Decisive: true }, byId, acme, 3);
    expect(hits.map((h) => h.document.sku)).toEqual(["Z", "A", "B"]);
  });
});
