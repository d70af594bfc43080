import { describe, expect, it } from "vitest";
import { contractInForce, findTier, isContractActive, orderTotal, priceLine } from "../../src/shared/pricing";
import type { Contract } from "../../src/shared/schemas/reference.schema";
import { catalogItem, contractOf } from "../fixtures/reference";

const ACME = contractOf("CUST-001");
const BETA = contractOf("CUST-002");
const CONSOLIDATED = contractOf("CUST-003");
const ORDER_DATE = "2024-09-15";

const priced = (contract: Contract | null, sku: string, qty: number, unit_price?: number) =>
  priceLine({ sku, qty, ...(unit_price === undefined ? {} : { unit_price }) }, catalogItem(sku), contract, ORDER_DATE);

describe("findTier", () => {
  it.each([
    ["Acme", ACME, "SKU-4892", 1, 595],
    ["Acme", ACME, "SKU-4892", 49, 595],
    ["Acme", ACME, "SKU-4892", 50, 480],
    ["Acme", ACME, "SKU-4892", 10_000, 480],
    ["Beta", BETA, "SKU-7210", 99, 62.5],
    ["Beta", BETA, "SKU-7210", 100, 58],
    ["Consolidated", CONSOLIDATED, "SKU-4892", 99, 510],
    ["Consolidated", CONSOLIDATED, "SKU-4892", 100, 480],
  ])("%s %s x %i is priced %d", (_name, contract, sku, qty, price) => {
    expect(findTier(contract.pricing_tiers, sku, qty)?.price).toBe(price);
  });

  it("finds no tier for a SKU the contract does not list", () => {
    expect(findTier(ACME.pricing_tiers, "SKU-9010", 10)).toBeUndefined();
  });

  it("finds no tier for a quantity below every tier's minimum", () => {
    expect(findTier(ACME.pricing_tiers, "SKU-4892", 0)).toBeUndefined();
  });

  it("finds no tier above a closed tier's maximum", () => {
    const tiers = [{ sku: "SKU-1000", min_qty: 1, max_qty: 10, price: 5 }];
    expect(findTier(tiers, "SKU-1000", 10)?.price).toBe(5);
    expect(findTier(tiers, "SKU-1000", 11)).toBeUndefined();
  });
});

describe("isContractActive", () => {
  it("is active with open validity dates", () => {
    expect(ACME.effective_from).toBeNull();
    expect(ACME.effective_to).toBeNull();
    expect(isContractActive(ACME, "1999-01-01")).toBe(true);
  });

  it("includes both validity dates and excludes the days outside them", () => {
    const c: Contract = { ...ACME, effective_from: "2024-01-01", effective_to: "2024-12-31" };
    expect(isContractActive(c, "2023-12-31")).toBe(false);
    expect(isContractActive(c, "2024-01-01")).toBe(true);
    expect(isContractActive(c, "2024-12-31")).toBe(true);
    expect(isContractActive(c, "2025-01-01")).toBe(false);
  });
});

describe("priceLine", () => {
  it("prices Acme SKU-4892 at 595 for 49 and 480 for 50", () => {
    const at49 = priced(ACME, "SKU-4892", 49);
    expect(at49).toMatchObject({ contract_price: 595, charged_price: 595, price_source: "contract", list_price: 595 });
    const at50 = priced(ACME, "SKU-4892", 50);
    expect(at50).toMatchObject({ contract_price: 480, charged_price: 480, price_source: "contract", list_price: 595 });
  });

  it("prices Beta SKU-7210 at 62.5 for 99 and 58 for 100", () => {
    expect(priced(BETA, "SKU-7210", 99).charged_price).toBe(62.5);
    expect(priced(BETA, "SKU-7210", 100).charged_price).toBe(58);
  });

  it("prices Consolidated SKU-4892 at 510 for 99 and 480 for 100", () => {
    expect(priced(CONSOLIDATED, "SKU-4892", 99).charged_price).toBe(510);
    expect(priced(CONSOLIDATED, "SKU-4892", 100).charged_price).toBe(480);
  });

  it("charges the list price without a contract", () => {
    const line = priced(null, "SKU-4892", 60);
    expect(line).toEqual({
      sku: "SKU-4892",
      description: "Industrial Valve Assembly - 4 inch",
      qty: 60,
      unit_price: 595,
      contract_price: null,
      list_price: 595,
      charged_price: 595,
      price_source: "list",
      price_mismatch: false,
    });
  });

  it("charges the list price for a SKU the customer's contract does not cover", () => {
    const line = priced(ACME, "SKU-9010", 20);
    expect(line.price_source).toBe("list");
    expect(line.contract_price).toBeNull();
    expect(line.charged_price).toBe(215);
  });

  it("charges the list price when the contract expired before the order date", () => {
    const expired: Contract = { ...ACME, effective_to: "2024-09-14" };
    const line = priced(expired, "SKU-4892", 60);
    expect(line).toMatchObject({ price_source: "list", contract_price: null, charged_price: 595 });
  });

  it("still charges the contract price on the contract's last day", () => {
    const lastDay: Contract = { ...ACME, effective_to: ORDER_DATE };
    expect(priced(lastDay, "SKU-4892", 60)).toMatchObject({ price_source: "contract", charged_price: 480 });
  });

  it("charges the list price when the contract is not yet valid on the order date", () => {
    const future: Contract = { ...BETA, effective_from: "2024-09-16" };
    expect(priced(future, "SKU-7210", 150)).toMatchObject({
      price_source: "list",
      contract_price: null,
      charged_price: 62.5,
    });
    const fromToday: Contract = { ...BETA, effective_from: ORDER_DATE };
    expect(priced(fromToday, "SKU-7210", 150)).toMatchObject({ price_source: "contract", charged_price: 58 });
  });

  it("flags a buyer price that differs from the contract price, keeping the buyer's price", () => {
    const line = priced(ACME, "SKU-4892", 50, 495);
    expect(line.price_mismatch).toBe(true);
    expect(line.unit_price).toBe(495);
    expect(line.charged_price).toBe(480);
  });

  it("flags a buyer price that differs from the list price when there is no contract", () => {
    expect(priced(null, "SKU-9010", 5, 200).price_mismatch).toBe(true);
    expect(priced(null, "SKU-9010", 5, 215).price_mismatch).toBe(false);
  });

  it("does not flag a buyer price equal to the charged price", () => {
    expect(priced(ACME, "SKU-4892", 50, 480).price_mismatch).toBe(false);
  });

  it("compares buyer and charged prices in whole cents", () => {
    expect(priced(ACME, "SKU-4892", 50, 480.004).price_mismatch).toBe(false);
    expect(priced(ACME, "SKU-4892", 50, 480.01).price_mismatch).toBe(true);
    expect(priced(ACME, "SKU-4892", 50, 479.99).price_mismatch).toBe(true);
  });

  it("uses the charged price as the unit price when the buyer names none", () => {
    const line = priced(CONSOLIDATED, "SKU-4892", 75);
    expect(line.unit_price).toBe(510);
    expect(line.price_mismatch).toBe(false);
  });

  it("keeps the buyer's description over the catalog's", () => {
    const line = priceLine(
      { sku: "SKU-7211", qty: 1, description: "bearings for line 3" },
      catalogItem("SKU-7211"),
      BETA,
      ORDER_DATE,
    );
    expect(line.description).toBe("bearings for line 3");
    expect(priceLine({ sku: "SKU-7211", qty: 1 }, catalogItem("SKU-7211"), BETA, ORDER_DATE).description).toBe(
      "Stainless Steel Bearing - 3 inch",
    );
  });
});

describe("orderTotal", () => {
  it("sums qty x charged price", () => {
    // 50 x 480 + 20 x 215 = 24,000 + 4,300
    expect(
      orderTotal([
        { qty: 50, charged_price: 480 },
        { qty: 20, charged_price: 215 },
      ]),
    ).toBe(28_300);
  });

  it("charges the charged price, not the buyer's price", () => {
    const line = priced(ACME, "SKU-4892", 50, 495);
    expect(orderTotal([line])).toBe(24_000);
  });

  it("is 0 for no lines", () => {
    expect(orderTotal([])).toBe(0);
  });

  it("rounds to whole cents", () => {
    expect(orderTotal([{ qty: 3, charged_price: 0.1 }])).toBe(0.3);
    expect(orderTotal([{ qty: 3, charged_price: 33.333 }])).toBe(100);
    expect(
      orderTotal([
        { qty: 7, charged_price: 62.5 },
        { qty: 3, charged_price: 0.333 },
      ]),
    ).toBe(438.5);
  });

  it("rounds half a cent up", () => {
    expect(orderTotal([{ qty: 1, charged_price: 1.005 }])).toBe(1.01);
  });
});

describe("contractInForce", () => {
  const v1: Contract = { ...ACME, effective_to: "2024-12-31" };
  const v2: Contract = { ...ACME, effective_from: "2025-01-01", pricing_tiers: [] };

  it("picks the version in force on the order date", () => {
    expect(contractInForce([v2, v1], "2024-12-31")).toBe(v1);
    expect(contractInForce([v1, v2], "2025-01-01")).toBe(v2);
  });

  it("falls back to the latest version when none is in force, and answers null without versions", () => {
    const ended: Contract = { ...v2, effective_to: "2025-06-30" };
    expect(contractInForce([v1, ended], "2025-07-01")).toBe(ended);
    expect(contractInForce([], "2025-07-01")).toBeNull();
  });
});
