import { describe, expect, it } from "vitest";
import { isBm25Decisive } from "../../../src/shared/retrieval/decisive";
import { hybridRank } from "../../../src/shared/retrieval/hybrid";
import { buildVocabulary, normalizeQuery } from "../../../src/shared/retrieval/normalize";
import type { Asker } from "../../../src/shared/retrieval/rerank";
import { partDocument, type SearchDocument } from "../../../src/shared/retrieval/search-documents";

const part = (sku: string, description: string) =>
  partDocument({ sku, description, list_price: 1, lead_time_days: 1, notes: "" });
const BALL = part("BV-BR-2", "Ball valve brass 2 inch NPT");
const GATE = part("GV-CS-4", "Gate valve carbon steel 4 inch class 300");
const BEARING = part("BRG-6205", "Deep groove ball bearing 6205");
const vocabulary = buildVocabulary([BALL, GATE, BEARING].map((d) => `${d.code} ${d.body}`));

const decisive = (query: string, first: SearchDocument | undefined) =>
  isBm25Decisive(normalizeQuery(query, vocabulary), vocabulary, first);

describe("whether BM25 was decisive", () => {
  it("is decisive when every term of an uncorrected query is in BM25's first document, abbreviations expanded", () => {
    expect(decisive("brass ball valve 2in", BALL)).toBe(true);
    expect(decisive('2" brass ball vlv', BALL)).toBe(true);
  });

  it("is not decisive for a misspelled query, even when the correction finds the right part", () => {
    expect(decisive("bras ball valve 2in", BALL)).toBe(false);
    expect(decisive("ball vlave", BALL)).toBe(false);
  });

  it("is not decisive for a word the catalog does not know, partial coverage or no first result", () => {
    expect(decisive("ball valve 2in 9999", BALL)).toBe(false);
    expect(decisive("ball valve 4in", BALL)).toBe(false);
    expect(decisive("ball valve", undefined)).toBe(false);
    expect(decisive("the", BALL)).toBe(false);
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
