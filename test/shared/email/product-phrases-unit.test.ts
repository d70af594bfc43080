import { describe, expect, it } from "vitest";
import customersData from "../../../src/seed/data/customers.json";
import { directoryFromCustomers, extractPurchaseOrder } from "../../../src/shared/email/extractor";
import { scanProductPhrases } from "../../../src/shared/email/product-phrases";

describe("scanProductPhrases", () => {
  it("reads quantity and product phrase in buyers' forms", () => {
    const lines = [
      "Please ship 60 of the 4-inch valve assemblies.",
      '3" SS bearing x 20',
      "PRV 600psi, qty 4",
      "VLV-BL-4IN-SS316-300 - 6 pcs",
      "6205.2RS x 100",
      "- 12 x brass ball valve 2in at $40 each",
    ];
    expect(scanProductPhrases(lines, new Set()).map(({ qty, phrase }) => [qty, phrase])).toEqual([
      [60, "4-inch valve assemblies"],
      [20, '3" SS bearing'],
      [4, "PRV 600psi"],
      [6, "VLV-BL-4IN-SS316-300"],
      [100, "6205.2RS"],
      [12, "brass ball valve 2in"],
    ]);
  });

  it("takes no phrase that names no product, and no line a SKU scan or a field used", () => {
    const lines = ["Payment in 60 days as usual.", "We have 3 sites.", "50 x SKU-4892", "2 x brass ball valve"];
    expect(scanProductPhrases(lines, new Set([3]))).toEqual([]);
  });
});

describe("extractPurchaseOrder with products in words", () => {
  it("keeps each phrase and quantity as a line for intake to resolve, and leaves them out of the notes", () => {
    const directory = directoryFromCustomers(customersData);
    const extraction = extractPurchaseOrder(
      {
        from: "buyer@acme-industrial.example",
        subject: "PO-2026-5501",
        body: "Hello,\nplease ship 60 of the 4-inch valve assemblies.\nPRV 600psi, qty 4\nThanks",
      },
      directory,
    );
    expect(extraction.kind).toBe("extracted");
    if (extraction.kind !== "extracted") return;
    expect(extraction.purchase_order.line_items).toEqual([
      { phrase: "4-inch valve assemblies", qty: 60 },
      { phrase: "PRV 600psi", qty: 4 },
    ]);
    expect(String(extraction.purchase_order.notes ?? "")).not.toContain("valve");
    expect(extraction.notes.join(" ")).toContain("2 line(s) name products in words");
  });
});
