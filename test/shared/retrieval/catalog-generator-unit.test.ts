import { describe, expect, it } from "vitest";
import seedCatalog from "../../../src/seed/data/catalog.json";
import committedCatalog from "../../../src/seed/data/catalog-generated.json";
import committedStock from "../../../src/seed/data/inventory-generated.json";
import { CATALOG_SKU, PartFamily } from "../../../src/shared/retrieval/catalog.schema";
import {
  CATALOG_SEED,
  generateCatalog,
  generateStock,
  withSeedParts,
} from "../../../src/shared/retrieval/catalog-generator";
import { createRng } from "../../../src/shared/retrieval/prng";

const catalog = generateCatalog();

describe("catalog generator", () => {
  it("is deterministic: the same seed gives the same catalog and stock, byte for byte", () => {
    expect(JSON.stringify(generateCatalog(CATALOG_SEED))).toBe(JSON.stringify(catalog));
    expect(JSON.stringify(generateStock(catalog))).toBe(JSON.stringify(generateStock(generateCatalog())));
    const a = createRng(7);
    const b = createRng(7);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("a different seed rewrites descriptions and prices but keeps the part numbers", () => {
    const other = generateCatalog(1);
    expect(other.map((p) => p.sku)).toEqual(catalog.map((p) => p.sku));
    expect(other.filter((p, i) => p.description !== catalog[i]!.description).length).toBeGreaterThan(1000);
  });

  it("the committed catalog-generated.json and inventory-generated.json are the generator's output", () => {
    expect(committedCatalog).toEqual(catalog);
    expect(committedStock).toEqual(generateStock(catalog));
  });

  it("has at least 5,000 parts in every family, each part number unique and in the supplier's format", () => {
    expect(catalog.length).toBeGreaterThanOrEqual(5000);
    expect(new Set(catalog.map((p) => p.sku)).size).toBe(catalog.length);
    for (const part of catalog) expect(part.sku).toMatch(CATALOG_SKU);
    const families = new Set(catalog.map((p) => p.attributes.family));
    expect([...families].sort()).toEqual([...PartFamily.options].sort());
    for (const sku of ["VLV-BL-4IN-SS316-300", "BRG-6205-2RS", "PRV-1IN-150PSI-BRS", "MTR-15HP-1800-TEFC-230/460V"])
      expect(catalog.some((p) => p.sku === sku)).toBe(true);
  });

  it("writes descriptions as suppliers do: inch marks, ALL CAPS, abbreviations, and prices and lead times for each", () => {
    const descriptions = catalog.map((p) => p.description);
    expect(descriptions.filter((d) => /\d"/.test(d)).length).toBeGreaterThan(500);
    expect(descriptions.filter((d) => d === d.toUpperCase()).length).toBeGreaterThan(2000);
    expect(descriptions.filter((d) => /\b(VLV|BRG|FLG|GSKT|MTR)\b/.test(d)).length).toBeGreaterThan(300);
    for (const p of catalog) {
      expect(p.list_price).toBeGreaterThan(0);
      expect(p.lead_time_days).toBeGreaterThan(0);
    }
  });

  it("leaves the five seed parts as they are and does not generate their numbers", () => {
    const parts = withSeedParts(seedCatalog, catalog);
    expect(parts.slice(0, 5).map(({ attributes: _, ...item }) => item)).toEqual(seedCatalog);
    expect(catalog.some((p) => p.sku.startsWith("SKU-"))).toBe(false);
    expect(parts).toHaveLength(catalog.length + 5);
    expect(() => withSeedParts([{ ...seedCatalog[0]!, sku: "SKU-0000" }], catalog)).toThrow(/no attributes/);
  });

  it("stocks about a third of the parts, only parts that exist, some on order with an ETA", () => {
    const stock = generateStock(catalog);
    const stocked = new Set(stock.map((s) => s.sku));
    expect(stocked.size / catalog.length).toBeGreaterThan(0.25);
    expect(stocked.size / catalog.length).toBeLessThan(0.45);
    const skus = new Set(catalog.map((p) => p.sku));
    for (const row of stock) expect(skus.has(row.sku)).toBe(true);
    expect(stock.some((s) => s.on_hand === 0 && s.supplier_eta !== null)).toBe(true);
  });
});
