import { describe, expect, it } from "vitest";
import committedDev2 from "../../../evaluation/retrieval/dev2-queries.json";
import committed from "../../../evaluation/retrieval/queries.json";
import committedTest from "../../../evaluation/retrieval/test-queries.json";
import committedTest3 from "../../../evaluation/retrieval/test3-queries.json";
import seedCatalog from "../../../src/seed/data/catalog.json";
import generated from "../../../src/seed/data/catalog-generated.json";
import passages from "../../../src/seed/data/contract-passages.json";
import contracts from "../../../src/seed/data/contracts.json";
import { CatalogPart, ContractPassage } from "../../../src/shared/retrieval/catalog.schema";
import { withSeedParts } from "../../../src/shared/retrieval/catalog-generator";
import {
  buildDev2QuerySet,
  buildQuerySet,
  buildTestQuerySet,
  judgeByAttributes,
  LabelledQuery,
  TEST3_SEEDS,
} from "../../../src/shared/retrieval/query-set";

const parts = withSeedParts(
  seedCatalog,
  generated.map((p) => CatalogPart.parse(p)),
);
const contractSkus = Object.fromEntries(contracts.map((c) => [c.customer_id, c.pricing_tiers.map((t) => t.sku)]));
const queries = buildQuerySet(
  parts,
  passages.map((p) => ContractPassage.parse(p)),
  contractSkus,
);
const partBySku = new Map(parts.map((p) => [p.sku, p]));

describe("labelled query set", () => {
  it("has at least 150 queries in every category, each with an exact answer; the committed file is its output", () => {
    expect(queries.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(queries.map((q) => q.category));
    for (const c of [
      "exact",
      "abbreviation",
      "misspelling",
      "units",
      "attribute_order",
      "sku",
      "customer_part",
      "customer_passage",
    ])
      expect(categories.has(c as LabelledQuery["category"])).toBe(true);
    for (const q of queries) expect(Object.values(q.judgments)).toContain(3);
    expect(committed.map((q) => LabelledQuery.parse(q))).toEqual(queries);
  });

  it("is judged from attributes: every exact part of an attribute query is the same kind of part", () => {
    for (const q of queries.filter((x) => !x.category.startsWith("customer") && x.category !== "sku")) {
      const exact = Object.entries(q.judgments).filter(([, g]) => g === 3);
      expect(exact.length).toBeLessThanOrEqual(5);
      const kinds = new Set(exact.map(([id]) => partBySku.get(id.slice(2))!.attributes.type));
      expect(kinds.size).toBe(1);
    }
  });

  it("grades 3 for every named attribute, 2 for one different, 1 for the same kind and size", () => {
    const target = partBySku.get("VLV-BL-4IN-SS316-300")!;
    const j = judgeByAttributes(target.attributes, ["size_in", "material", "pressure_class"], parts);
    expect(j["p:VLV-BL-4IN-SS316-300"]).toBe(3);
    expect(j["p:VLV-BL-4IN-SS316-600"]).toBe(2);
    expect(j["p:VLV-BL-4IN-CS-600"]).toBe(1);
    expect(j["p:VLV-GT-4IN-SS316-300"]).toBeUndefined();
  });

  it("asks each customer about its own contract only, and includes the brief's phrasings", () => {
    for (const q of queries.filter((x) => x.category === "customer_passage")) {
      expect(q.customer_id).not.toBeNull();
      for (const id of Object.keys(q.judgments)) expect(id).toMatch(/^c:/);
      const owner = passages.find((p) => Object.keys(q.judgments).includes(`c:${p.passage_id}`))!;
      expect(owner.customer_id).toBe(q.customer_id);
    }
    const texts = queries.map((q) => q.query);
    for (const phrase of ["4 in valve assy", '3" SS bearing', "PRV 600psi"]) expect(texts).toContain(phrase);
  });

  it("misspells the misspelling queries", () => {
    const misspelt = queries.filter((q) => q.category === "misspelling");
    const plain = queries.filter((q) => q.category === "exact").map((q) => q.query);
    expect(misspelt.length).toBeGreaterThanOrEqual(30);
    for (const q of misspelt) expect(plain).not.toContain(q.query);
  });

  it("draws DEV-2 afresh: larger than DEV, no customer query, no text or exact parts a labelled query has", () => {
    const dev2 = buildDev2QuerySet(parts, queries);
    expect(committedDev2.map((q) => LabelledQuery.parse(q))).toEqual(dev2);
    expect(dev2.length).toBeGreaterThan(100);
    // DEV-2 may repeat a set of exact parts within itself (its builder only avoids the labelled set's).
    expectFreshDraw(dev2, queries, "D", { withinDraw: false });
  });

  it("draws the held-out TEST afresh: 150+ queries, no customer query, no text or exact parts another query has", () => {
    const earlier = [...queries, ...buildDev2QuerySet(parts, queries)];
    const test = buildTestQuerySet(parts, earlier);
    expect(committedTest.map((q) => LabelledQuery.parse(q))).toEqual(test);
    expectHeldOut(test);
    expectFreshDraw(test, earlier, "T");
  });

  it("draws the third held-out TEST afresh: 150+ queries, none sharing text or exact parts with any earlier set", () => {
    const dev = [...queries, ...buildDev2QuerySet(parts, queries)];
    const earlier = [...dev, ...buildTestQuerySet(parts, dev)];
    const test3 = buildTestQuerySet(parts, earlier, TEST3_SEEDS, "U");
    expect(committedTest3.map((q) => LabelledQuery.parse(q))).toEqual(test3);
    expectHeldOut(test3);
    expectFreshDraw(test3, earlier, "U");
  });
});

/** The graded-3 parts of a query, as one key. */
const exactParts = (q: LabelledQuery) =>
  Object.keys(q.judgments)
    .filter((id) => q.judgments[id] === 3)
    .sort()
    .join(" ");

/** A held-out set is large enough and covers every category. */
function expectHeldOut(set: LabelledQuery[]): void {
  expect(set.length).toBeGreaterThanOrEqual(150);
  for (const c of ["exact", "abbreviation", "misspelling", "units", "attribute_order", "sku"])
    expect(set.some((q) => q.category === c)).toBe(true);
}

/**
 * A fresh draw: numbered `prefix001`... in order, no customer query, and no query whose text or set of
 * exact parts an earlier query (and, `withinDraw`, one before it in the draw) already has.
 */
function expectFreshDraw(
  draw: LabelledQuery[],
  earlier: LabelledQuery[],
  prefix: string,
  { withinDraw } = { withinDraw: true },
): void {
  const texts = new Set(earlier.map((q) => q.query.toLowerCase()));
  const targets = new Set(earlier.map(exactParts));
  for (const q of draw) {
    expect(q.customer_id).toBeNull();
    expect(texts.has(q.query.toLowerCase())).toBe(false);
    expect(targets.has(exactParts(q))).toBe(false);
    if (!withinDraw) continue;
    texts.add(q.query.toLowerCase());
    targets.add(exactParts(q));
  }
  const ids = draw.map((q) => q.id);
  for (const id of ids) expect(id).toMatch(new RegExp(`^${prefix}\\d{3}$`));
  expect(ids).toEqual([...new Set(ids)].sort());
}
