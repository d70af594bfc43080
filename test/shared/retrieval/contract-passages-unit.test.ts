import { describe, expect, it } from "vitest";
import seedCatalog from "../../../src/seed/data/catalog.json";
import committed from "../../../src/seed/data/contract-passages.json";
import contractsData from "../../../src/seed/data/contracts.json";
import customersData from "../../../src/seed/data/customers.json";
import { buildContractPassages } from "../../../src/shared/retrieval/contract-passages";
import { CatalogItem, Contract, Customer } from "../../../src/shared/schemas/reference.schema";

const contracts = contractsData.map((c) => Contract.parse(c));
const customers = customersData.map((c) => Customer.parse(c));
const passages = buildContractPassages(
  contracts,
  customers,
  seedCatalog.map((i) => CatalogItem.parse(i)),
);
const text = (customer: string, topic: string) =>
  passages.find((p) => p.customer_id === customer && p.topic === topic)?.text ?? "";

describe("contract passages", () => {
  it("gives every contract its five passages, and the committed file is the builder's output", () => {
    for (const c of contracts)
      expect(passages.filter((p) => p.contract_id === c.contract_id).map((p) => p.topic)).toEqual([
        "pricing",
        "payment",
        "sla",
        "returns",
        "substitutions",
      ]);
    expect(committed).toEqual(passages);
  });

  it("is written from each customer's own contract: payment terms, tiers and SLA", () => {
    expect(text("CUST-001", "payment")).toContain("Net 45");
    expect(text("CUST-002", "payment")).toContain("Net 30");
    expect(text("CUST-003", "payment")).toContain("Net 60");
    expect(text("CUST-001", "pricing")).toContain("$480.00 each for 50 or more units");
    expect(text("CUST-003", "pricing")).toContain("$510.00 each for 1-99 units");
    expect(text("CUST-002", "sla")).toMatch(/within 21 days.*within 8 hours/);
  });

  it("follows the customer record: a customer without partial-shipment consent gets no substitutions", () => {
    expect(text("CUST-003", "substitutions")).toMatch(/no partial shipments and no substitutions/);
    expect(text("CUST-001", "substitutions")).toMatch(/accepts partial shipments/);
    expect(text("CUST-001", "returns")).toContain("60 days");
  });
});
