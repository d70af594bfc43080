import { describe, expect, it } from "vitest";
import committed from "../../../evaluation/retrieval/customer-context-queries.json";
import seedCatalog from "../../../src/seed/data/catalog.json";
import generated from "../../../src/seed/data/catalog-generated.json";
import contracts from "../../../src/seed/data/contracts.json";
import { CatalogPart } from "../../../src/shared/retrieval/catalog.schema";
import { withSeedParts } from "../../../src/shared/retrieval/catalog-generator";
import { buildContextQuerySet } from "../../../src/shared/retrieval/context-query-set";
import { LabelledQuery } from "../../../src/shared/retrieval/query-set";

const parts = withSeedParts(
  seedCatalog,
  generated.map((p) => CatalogPart.parse(p)),
);
const contractSkus = Object.fromEntries(contracts.map((c) => [c.customer_id, c.pricing_tiers.map((t) => t.sku)]));
const queries = buildContextQuerySet(parts, contractSkus);

describe("customer-context query set", () => {
  it("is the committed file, and every exact answer is one of the asker's own contract parts", () => {
    expect(committed.map((q) => LabelledQuery.parse(q))).toEqual(queries);
    expect(queries.length).toBeGreaterThanOrEqual(8);
    for (const q of queries) {
      const exact = Object.keys(q.judgments).filter((id) => q.judgments[id] === 3);
      expect(exact.length).toBeGreaterThan(0);
      for (const id of exact) expect(contractSkus[q.customer_id!]).toContain(id.slice(2));
    }
  });

  it("names parts by their kind only, so other parts of that kind are related and only the contract tells them apart", () => {
    const prv = queries.find((q) => q.query === "PRV" && q.customer_id === "CUST-003")!;
    expect(prv.judgments["p:SKU-9010"]).toBe(3);
    expect(Object.values(prv.judgments).filter((g) => g === 1).length).toBeGreaterThan(100);
    expect(queries.some((q) => q.customer_id === "CUST-002" && q.query === "PRV")).toBe(false);
  });
});
