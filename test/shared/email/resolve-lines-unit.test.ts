import { describe, expect, it } from "vitest";
import { resolveWordedLines } from "../../../src/shared/email/resolve-lines";
import { fakeSearch, product } from "../../fixtures/fake-search";

const SEARCH = fakeSearch({
  "valve assemblies": [
    product("SKU-4892", "Industrial Valve Assembly - 4 inch", 0.049),
    product("VLV-BL-4IN-CS-150", "BALL VALVE 4IN CS CL150", 0.03),
  ],
  "4in valve": [
    product("VLV-BL-4IN-SS316-150", "VLV BALL 4IN SS316", 0.0328),
    product("VLV-GT-4IN-CS-150", "GATE VLV 4IN CS", 0.0326),
  ],
});

describe("resolveWordedLines", () => {
  it("replaces a sure phrase with its SKU, keeps the quantity, and records which phrase became which SKU", async () => {
    const po = {
      po_number: "PO-2026-5501",
      customer_id: "CUST-001",
      line_items: [
        { sku: "SKU-3300", qty: 1 },
        { phrase: "4-inch valve assemblies", qty: 60 },
      ],
    };
    const out = await resolveWordedLines(po, SEARCH);
    expect(out.purchase_order.line_items).toEqual([
      { sku: "SKU-3300", qty: 1 },
      { sku: "SKU-4892", qty: 60 },
    ]);
    expect(out.unresolved).toEqual([]);
    expect(out.resolutions).toEqual([
      expect.objectContaining({
        line: 1,
        phrase: "4-inch valve assemblies",
        sku: "SKU-4892",
        confidence: expect.any(Number),
      }),
    ]);
    expect(SEARCH.asked.at(-1)?.customer_id).toBe("CUST-001");
  });

  it("leaves an unsure phrase in place and lists its candidates for a person", async () => {
    const out = await resolveWordedLines(
      { customer_id: "CUST-002", line_items: [{ phrase: "4in valve", qty: 5 }] },
      SEARCH,
    );
    expect(out.purchase_order.line_items).toEqual([{ phrase: "4in valve", qty: 5 }]);
    expect(out.unresolved).toHaveLength(1);
    expect(out.unresolved[0]).toMatchObject({ line: 0, sku: null });
    expect(out.unresolved[0]?.candidates.map((c) => c.sku)).toEqual(["VLV-BL-4IN-SS316-150", "VLV-GT-4IN-CS-150"]);
  });
});
