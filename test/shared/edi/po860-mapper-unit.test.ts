import { describe, expect, it } from "vitest";
import { build997, interchangeFingerprint, parseInterchange, readAck997 } from "../../../src/shared/edi";
import acme860 from "../../fixtures/edi/acme-860-change.edi?raw";
import { amending850, changeOrder860 } from "../../fixtures/edi/amendments";

const PARTNERS = new Map([["ACMEIND", "CUST-001"]]);
const setOf = (raw: string) => parseInterchange(raw, PARTNERS).groups[0]!.transactions[0]!;

describe("860 change orders", () => {
  it("maps every POC change type to the change request, with the date and note", () => {
    const parsed = parseInterchange(acme860, PARTNERS);
    expect(parsed.accepted).toBe(true);
    expect(parsed.groups[0]).toMatchObject({ functional_id: "PC", accepted: true });
    const t = parsed.groups[0]!.transactions[0]!;
    expect(t).toMatchObject({ set_id: "860", accepted: true, errors: [], purchase_order: null });
    expect(t.amendment).toEqual({
      kind: "change",
      po_number: "PO-2024-20101",
      customer_id: "CUST-001",
      replace: false,
      request: {
        lines: [
          { sku: "SKU-4892", qty: 80, unit_price: 480 },
          { sku: "SKU-7210", qty: 0 },
          { sku: "SKU-3300", qty: 5, unit_price: 3200 },
          { sku: "SKU-7211", qty: 10, unit_price: 61.5 },
        ],
        requested_delivery_date: "2024-10-20",
        note: "Revised per planning meeting",
      },
    });
  });

  it("reads BCH01 01 as cancelling the whole order, its notes the reason", () => {
    const t = setOf(changeOrder860(901, "PO-9", [], { purpose: "01", note: "Project cancelled" }));
    expect(t.amendment).toEqual({
      kind: "cancel",
      po_number: "PO-9",
      customer_id: "CUST-001",
      request: { reason: "Project cancelled" },
    });
  });

  it("rejects a set with an unknown change type or no product id, naming the POC", () => {
    const t = setOf(changeOrder860(902, "PO-9", [{ type: "XX", sku: "SKU-4892", qty: 1 }]));
    expect(t.accepted).toBe(false);
    expect(t.amendment).toBeNull();
    expect(t.errors[0]).toMatchObject({ code: "5", segment: "POC" });
    expect(t.errors[0]!.message).toMatch(/POC02 change type "XX"/);
  });

  it("is acknowledged in a 997 under the functional id PC", () => {
    const parsed = parseInterchange(acme860, PARTNERS);
    const ack = readAck997(build997(parsed, { now: new Date("2024-10-03T09:00:00Z"), controlNumber: "000000001" }));
    expect(ack.groups[0]).toMatchObject({ functional_id: "PC", group_control_number: "860", status: "A" });
    expect(ack.groups[0]!.sets).toMatchObject([{ set_id: "860", control_number: "0001", status: "A" }]);
  });
  it("fingerprints two 860s under one control number apart when their changes differ", async () => {
    const first = changeOrder860(906, "PO-9", [{ type: "QI", sku: "SKU-4892", qty: 5 }]);
    const other = changeOrder860(906, "PO-9", [{ type: "QI", sku: "SKU-4892", qty: 6 }]);
    expect(await interchangeFingerprint(parseInterchange(first, PARTNERS))).not.toBe(
      await interchangeFingerprint(parseInterchange(other, PARTNERS)),
    );
  });
});

describe("850 amendments", () => {
  it("reads BEG01 01 as a cancellation and BEG01 05 as a replacement of the whole line set", () => {
    expect(setOf(amending850(903, "PO-7", "01", [["SKU-4892", 60, 480]])).amendment).toMatchObject({
      kind: "cancel",
      po_number: "PO-7",
      customer_id: "CUST-001",
    });
    const replaced = setOf(amending850(904, "PO-7", "05", [["SKU-4892", 70, 480]], "20241101"));
    expect(replaced.purchase_order).toBeNull();
    expect(replaced.amendment).toEqual({
      kind: "change",
      po_number: "PO-7",
      customer_id: "CUST-001",
      replace: true,
      request: { lines: [{ sku: "SKU-4892", qty: 70, unit_price: 480 }], requested_delivery_date: "2024-11-01" },
    });
  });

  it("keeps BEG01 00 an original order", () => {
    const t = setOf(amending850(905, "PO-7", "05", [["SKU-4892", 1, 480]]).replace("BEG*05", "BEG*00"));
    expect(t.amendment).toBeNull();
    expect(t.purchase_order).toMatchObject({ po_number: "PO-7" });
  });
});
