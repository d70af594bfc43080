import { describe, expect, it } from "vitest";
import { FUSION } from "../../../src/shared/retrieval/hybrid";
import {
  namedAttributes,
  namesPartNumber,
  productConfidence,
  RESOLVE_THRESHOLD,
  resolveProduct,
} from "../../../src/shared/retrieval/resolve-product";
import { fakeSearch, passage, product } from "../../fixtures/fake-search";

describe("namedAttributes", () => {
  it("reads size, material and rating in buyers' wording", () => {
    expect(namedAttributes('3" SS bearing')).toEqual(["3in", "stainless"]);
    expect(namedAttributes("PRV 600psi")).toEqual(["600psi"]);
    expect(namedAttributes("4-inch valve assemblies")).toEqual(["4in"]);
    expect(namedAttributes("ball valve 300# brass")).toEqual(["class300", "brass"]);
  });
});

describe("namesPartNumber", () => {
  it("matches a part number by its trailing segments, not a longer neighbour", () => {
    expect(namesPartNumber("6205.2RS", "BRG-6205-2RS")).toBe(true);
    expect(namesPartNumber("6205.2RS", "BRG-S6205-2RS")).toBe(false);
    expect(namesPartNumber("VLV-BL-4IN-SS316-300", "VLV-BL-4IN-SS316-300")).toBe(true);
    expect(namesPartNumber("VLV-BL-4IN-SS316-300", "VLV-BL-4IN-SS316-150")).toBe(false);
  });
});

describe("productConfidence", () => {
  it("is high for a clear lead with named attributes and low for a tie", () => {
    expect(productConfidence(0.03, undefined, 2)).toBe(1);
    expect(productConfidence(0.05, 0.03, 1)).toBeGreaterThanOrEqual(RESOLVE_THRESHOLD);
    expect(productConfidence(0.0328, 0.0323, 1)).toBeLessThan(RESOLVE_THRESHOLD);
    expect(productConfidence(0.0328, 0.0323, 0)).toBeLessThan(RESOLVE_THRESHOLD);
  });

  it("reads leads on the scale of the fusion in use: neighbours in both lists are a tie", () => {
    const fused = (b: number, v: number) =>
      FUSION.weights.bm25 / (FUSION.k + b) + FUSION.weights.vector / (FUSION.k + v);
    expect(productConfidence(fused(1, 1), fused(2, 2), 1)).toBe(0.5);
    expect(productConfidence(fused(1, 1), fused(2, 6), 1)).toBe(1);
    expect(productConfidence(fused(1, 1), fused(3, 3), 1)).toBeGreaterThanOrEqual(RESOLVE_THRESHOLD);
  });
});

describe("resolveProduct", () => {
  it("takes the top part that has the named size and material, searching as the customer", async () => {
    const search = fakeSearch({
      bearing: [
        product("SKU-7210", "Stainless Steel Bearing - 2 inch", 0.05),
        product("SKU-7211", "Stainless Steel Bearing - 3 inch", 0.049),
        product("BRG-3IN-CS", "BRG BALL 3IN CARBON STEEL", 0.02),
        passage("CTR-2024-001", "Acme: Returns", "Bearings may be returned within 60 days.", 0.04),
      ],
    });
    const found = await resolveProduct('3" SS bearing', search, "CUST-001");
    expect(found.sku).toBe("SKU-7211");
    expect(found.confidence).toBeGreaterThanOrEqual(RESOLVE_THRESHOLD);
    expect(found.reason).toContain("3in");
    expect(search.asked).toEqual([{ q: '3" SS bearing', k: 10, customer_id: "CUST-001" }]);
    expect(found.candidates.map((c) => c.sku)).not.toContain(undefined);
    expect(found.candidates.find((c) => c.sku === "SKU-7210")?.disagrees).toEqual(["3in"]);
  });

  it("does not guess between parts that fit equally: no SKU, the candidates for a person", async () => {
    const search = fakeSearch({
      valve: [
        product("VLV-BL-4IN-SS316-150", "VLV BALL 4IN SS316 CL150", 0.0328),
        product("VLV-GT-4IN-CS-150", "GATE VALVE 4IN CS CL150", 0.0323),
        product("VLV-BL-2IN-BRS", "BALL VALVE 2IN BRASS", 0.031),
      ],
    });
    const found = await resolveProduct("4in valve", search, null);
    expect(found.sku).toBeNull();
    expect(found.confidence).toBeLessThan(RESOLVE_THRESHOLD);
    expect(found.candidates.map((c) => c.sku)).toEqual(["VLV-BL-4IN-SS316-150", "VLV-GT-4IN-CS-150"]);
    expect(search.asked[0]).not.toHaveProperty("customer_id");
  });

  it("takes a supplier part number as written even when search ranks a neighbour first", async () => {
    const search = fakeSearch({
      "6205": [
        product("BRG-S6205-2RS", "6205 2RS SS304 BRG", 0.04),
        product("BRG-6205-2RS", "Ball Bearing 6205-2RS", 0.03),
      ],
    });
    const found = await resolveProduct("6205.2RS", search, "CUST-002");
    expect(found).toMatchObject({ sku: "BRG-6205-2RS", confidence: 1 });
  });

  it("answers no SKU when no part has the rating asked for", async () => {
    const search = fakeSearch({ prv: [product("PRV-1/2IN-50PSI-BRS", "PRV 1/2IN SET 50 PSI BRASS", 0.05)] });
    const found = await resolveProduct("PRV 600psi", search, null);
    expect(found).toMatchObject({ sku: null, confidence: 0, reason: "no part has 600psi" });
  });
});
