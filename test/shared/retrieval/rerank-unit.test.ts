import { describe, expect, it } from "vitest";
import { reciprocalRankFusion } from "../../../src/shared/retrieval/fusion";
import { hybridRank } from "../../../src/shared/retrieval/hybrid";
import { type Asker, customerRerank, isVisibleTo } from "../../../src/shared/retrieval/rerank";
import { partDocument, passageDocument, type SearchDocument } from "../../../src/shared/retrieval/search-documents";

const part = (sku: string, description: string) =>
  partDocument({ sku, description, list_price: 10, lead_time_days: 5, notes: "" });
const passage = (customer: string, topic: "payment" | "returns", text: string) =>
  passageDocument({
    passage_id: `CTR-${customer}-${topic}`,
    contract_id: `CTR-${customer}`,
    customer_id: customer,
    topic,
    title: `${customer}: ${topic}`,
    text,
  });

const DOCS: SearchDocument[] = [
  part("VLV-1", "Ball valve 4in"),
  part("SKU-4892", "Industrial Valve Assembly - 4 inch"),
  passage("CUST-001", "payment", "Net 45"),
  passage("CUST-002", "payment", "Net 30"),
  passage("CUST-002", "returns", "30 days"),
];
const byId = new Map(DOCS.map((d) => [d.id, d]));
const ACME: Asker = { customer_id: "CUST-001", contract_skus: new Set(["SKU-4892"]) };
const ALL_IDS = DOCS.map((d) => d.id);

describe("customer re-rank", () => {
  it("never returns another customer's passage, whatever the retrievers ranked first", () => {
    const hits = hybridRank({ bm25: [...ALL_IDS].reverse(), vector: [...ALL_IDS].reverse() }, byId, ACME, 10);
    const ids = hits.map((h) => h.document.id);
    expect(ids).toContain("c:CTR-CUST-001-payment");
    expect(ids.some((id) => id.includes("CUST-002"))).toBe(false);
  });

  it("shows no passage at all to an asker without a customer, and every product to everyone", () => {
    const operator: Asker = { customer_id: null, contract_skus: new Set() };
    expect(DOCS.filter((d) => isVisibleTo(d, operator)).map((d) => d.kind)).toEqual(["product", "product"]);
    expect(DOCS.filter((d) => isVisibleTo(d, ACME))).toHaveLength(3);
  });

  it("lifts the asker's contract part above a better-fused part, and says by how much", () => {
    const fused = reciprocalRankFusion({ bm25: ["p:VLV-1", "p:SKU-4892"], vector: ["p:VLV-1", "p:SKU-4892"] });
    const plain = customerRerank(fused, byId, { customer_id: "CUST-002", contract_skus: new Set() });
    expect(plain.map((h) => h.document.id)).toEqual(["p:VLV-1", "p:SKU-4892"]);
    const boosted = customerRerank(fused, byId, ACME);
    expect(boosted.map((h) => h.document.id)).toEqual(["p:SKU-4892", "p:VLV-1"]);
    expect(boosted[0]!.customer_boost).toBe(0.5);
    expect(boosted[0]!.score).toBeCloseTo((2 / 62) * 1.5, 12);
    expect(boosted[0]!.ranks).toEqual({ bm25: 2, vector: 2 });
    expect(boosted[1]!.customer_boost).toBe(0);
  });

  it("puts the asker's contract parts and own passages first whatever their fused score (DESIGN §8)", () => {
    // Ranked 40th and 41st, even 1.5 times their fused score is below the first's.
    const between = Array.from({ length: 38 }, (_, i) => `p:UNINDEXED-${i}`);
    const fused = reciprocalRankFusion({ bm25: ["p:VLV-1", ...between, "c:CTR-CUST-001-payment", "p:SKU-4892"] });
    const hits = customerRerank(fused, byId, ACME);
    expect(hits.map((h) => h.document.id)).toEqual(["c:CTR-CUST-001-payment", "p:SKU-4892", "p:VLV-1"]);
    expect(hits[1]!.score).toBeLessThan(hits[2]!.score);
    const fusedOnly = customerRerank(fused, byId, ACME, { contractPart: 0, ownPassage: 0 });
    expect(fusedOnly.map((h) => h.document.id)).toEqual(["p:VLV-1", "c:CTR-CUST-001-payment", "p:SKU-4892"]);
  });

  it("drops ids the documents no longer hold, and cuts to k", () => {
    const hits = hybridRank({ bm25: ["p:GONE", "p:VLV-1", "p:SKU-4892"], vector: [] }, byId, ACME, 1);
    expect(hits.map((h) => h.document.id)).toEqual(["p:SKU-4892"]);
    expect(hits[0]!.ranks).toEqual({ bm25: 3, vector: null });
  });
});
