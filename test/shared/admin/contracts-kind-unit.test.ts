import { describe, expect, it } from "vitest";
import { contractsKind } from "../../../src/shared/admin/contracts-kind";
import { Contract } from "../../../src/shared/schemas/reference.schema";
import { CONTRACTS } from "../../fixtures/reference";

const V1 = Contract.parse({
  contract_id: "CTR-9-001",
  customer_id: "CUST-9001",
  customer: "Nine, Ltd",
  payment_terms: "Net 30",
  sla: { delivery_window_days: 10, response_time_hours: 2.5 },
  effective_to: "2025-06-30",
  pricing_tiers: [
    { sku: "HX-200/B", min_qty: 1, max_qty: 9, price: 12.5 },
    { sku: "HX-200/B", min_qty: 10, max_qty: null, price: 11 },
  ],
});
const V2 = {
  ...V1,
  effective_from: "2025-07-01",
  effective_to: null,
  pricing_tiers: [{ ...V1.pricing_tiers[0]!, price: 13 }],
};

/** Items as the engine would read them from CSV: every record through fromCsv, then the item schema. */
function readCsv(records: Parameters<typeof contractsKind.fromCsv>[0]) {
  const { items, errors } = contractsKind.fromCsv(records);
  return { items: items.map((i) => contractsKind.item.parse(i)), errors };
}

describe("contractsKind CSV", () => {
  it("writes one row per tier and reads the same versions back", () => {
    const items = [...CONTRACTS, V1, V2];
    const csv = contractsKind.toCsv(items);
    expect(csv.header).toContain("sla.delivery_window_days");
    expect(csv.records).toHaveLength(items.reduce((n, c) => n + c.pricing_tiers.length, 0));
    expect(csv.records.find((r) => r.contract_id === "CTR-9-001" && r.min_qty === "10")).toMatchObject({
      max_qty: "",
      price: "11",
      effective_from: "",
      effective_to: "2025-06-30",
      "sla.response_time_hours": "2.5",
    });
    expect(readCsv(csv.records)).toEqual({ items, errors: [] });
  });

  it("keeps a version without tiers as one row with empty tier columns", () => {
    const bare = { ...V2, pricing_tiers: [] };
    const csv = contractsKind.toCsv([bare]);
    expect(csv.records).toHaveLength(1);
    expect(readCsv(csv.records).items).toEqual([bare]);
  });

  it("names the CSV row and column of a bad tier, and of a version whose columns disagree", () => {
    const records = contractsKind.toCsv([V1]).records;
    const { errors } = contractsKind.fromCsv([
      { ...records[0]!, min_qty: "many" },
      { ...records[1]!, payment_terms: "Net 60" },
      { ...records[1]!, customer_id: "" },
    ]);
    expect(errors).toEqual([
      { row: 1, field: "min_qty", message: expect.any(String) },
      { row: 2, field: "contract_id", message: expect.stringContaining("row 1") },
      { row: 3, field: "customer_id", message: expect.any(String) },
    ]);
  });
});

describe("contractsKind.check", () => {
  it("accepts versions that follow one another", () => {
    expect(contractsKind.check?.([V1, V2, ...CONTRACTS])).toEqual([]);
  });

  it("refuses versions of one contract in force on a common day, naming the other version", () => {
    const overlapping = { ...V2, effective_from: "2025-06-30" };
    expect(contractsKind.check?.([V1, overlapping])).toEqual([
      {
        row: 2,
        field: "effective_from",
        message: expect.stringMatching(
          /CTR-9-001 2025-06-30 to open overlaps CTR-9-001@ \(open to 2025-06-30\) in this import/,
        ),
      },
    ]);
  });

  it("refuses a second open-ended version, the same version twice, and a version that ends before it starts", () => {
    const openEnded = { ...V1, effective_to: null };
    const errors = contractsKind.check?.([
      openEnded,
      V2,
      V2,
      { ...V1, contract_id: "CTR-9-002", effective_from: "2025-02-01", effective_to: "2025-01-01" },
    ]);
    expect(errors?.map((e) => [e.row, e.field])).toEqual([
      [2, "effective_from"],
      [3, "effective_from"],
      [3, "effective_from"],
      [4, "effective_to"],
    ]);
    expect(errors?.[2]?.message).toContain("CTR-9-001@2025-07-01 is also in this import");
  });

  it("lets different contracts share dates and refuses overlapping quantity tiers of one SKU", () => {
    const other = { ...V1, contract_id: "CTR-9-002" };
    expect(contractsKind.check?.([V1, other])).toEqual([]);
    const clash = {
      ...V1,
      pricing_tiers: [...V1.pricing_tiers, { sku: "HX-200/B", min_qty: 5, max_qty: 20, price: 1 }],
    };
    expect(contractsKind.check?.([clash])).toEqual([
      { row: 1, field: "pricing_tiers.2", message: expect.stringContaining("tier 0") },
    ]);
  });

  it("keys a version by contract and start date", () => {
    expect(contractsKind.key(V1)).toBe("CTR-9-001@");
    expect(contractsKind.key(V2)).toBe("CTR-9-001@2025-07-01");
  });
});
