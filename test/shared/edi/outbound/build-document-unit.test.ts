import { describe, expect, it } from "vitest";
import { readEnvelope } from "../../../../src/shared/edi/envelope";
import { buildDocument } from "../../../../src/shared/edi/outbound/build-document";
import type { OutboundDocument } from "../../../../src/shared/edi/outbound/outbound-document";
import type { X12Envelope } from "../../../../src/shared/edi/outbound/x12-writer";
import { hierarchy, parseWithNodeX12 } from "../../../fixtures/edi/x12-check";

const ENVELOPE: X12Envelope = {
  sender: { qualifier: "ZZ", id: "EDGEORDERS" },
  receiver: { qualifier: "01", id: "ACMEIND" },
  controlNumber: 42,
  now: new Date("2024-09-16T08:05:00Z"),
};

const ACCEPTED_855: OutboundDocument = {
  type: "855",
  po_number: "PO-2024-30001",
  po_date: "2024-09-15",
  ack_type: "AC",
  lines: [
    { sku: "SKU-4892", qty: 60, unit_price: 480, acks: [{ status: "IA", qty: 60 }] },
    {
      sku: "SKU-3300",
      qty: 10,
      unit_price: 3200,
      acks: [
        { status: "IA", qty: 6 },
        { status: "IB", qty: 4 },
      ],
    },
  ],
};

const SHIP_856: OutboundDocument = {
  type: "856",
  po_number: "PO-2024-30001",
  po_date: "2024-09-15",
  shipment_id: "SHP-1",
  carrier: "UPS",
  tracking: "1Z999AA10123456784",
  shipped_at: "2024-09-17T15:00:00Z",
  warehouse: "WH-EAST",
  lines: [
    { sku: "SKU-4892", qty_ordered: 60, qty_shipped: 60 },
    { sku: "SKU-3300", qty_ordered: 10, qty_shipped: 6 },
  ],
};

const INVOICE_810: OutboundDocument = {
  type: "810",
  po_number: "PO-2024-30001",
  po_date: "2024-09-15",
  invoice_id: "INV-9001",
  invoice_date: "2024-09-20T10:00:00Z",
  lines: [
    { sku: "SKU-4892", qty: 60, unit_price: 480 },
    { sku: "SKU-3300", qty: 6, unit_price: 3200.5 },
  ],
};

const CHANGE_865: OutboundDocument = {
  type: "865",
  po_number: "PO-2024-30001",
  po_date: "2024-09-15",
  ack_type: "AC",
  lines: [
    { sku: "SKU-4892", qty: 80, unit_price: 480, acks: [{ status: "IQ", qty: 80 }], change: "QI", qty_before: 60 },
    { sku: "SKU-3300", qty: 0, unit_price: 3200, acks: [{ status: "IR", qty: 10 }], change: "DI", qty_before: 10 },
  ],
};

const tags = (segments: string[][]) => segments.map((s) => s[0]);

describe("outbound X12 documents, read back by node-x12 (strict) and by our own envelope reader", () => {
  it.each([
    ["855", "PR", ACCEPTED_855],
    ["856", "SH", SHIP_856],
    ["810", "IN", INVOICE_810],
    ["865", "CA", CHANGE_865],
  ] as const)(
    "a %s has its own envelope: ISA13, GS06 and ST02 from the control number, GS01 %s, counts right",
    (type, fid, doc) => {
      const text = buildDocument(doc, ENVELOPE);
      const x = parseWithNodeX12(text);
      expect(x.isa.slice(5, 9).map((v) => v.trim())).toEqual(["ZZ", "EDGEORDERS", "01", "ACMEIND"]);
      expect(x.isa[12]).toBe("00401");
      // node-x12 reads ISA13 as a number; the text has it zero-padded to its fixed 9 digits.
      expect(Number(x.isa[13])).toBe(42);
      expect(text.split("\n")[0]).toHaveLength(106);
      expect(text.split("\n")[0]).toContain("*00401*000000042*0*P*>~");
      expect(x.isa[16]).toBe(">");
      expect(x.gs).toEqual(["GS", fid, "EDGEORDERS", "ACMEIND", "20240916", "0805", "42", "X", "004010"]);
      expect(x.segments[0]).toEqual(["ST", type, "0042"]);
      expect(x.segments.at(-1)).toEqual(["SE", String(x.segments.length), "0042"]);

      const ours = readEnvelope(text, { sets: { [fid]: type } });
      expect(ours.errors).toEqual([]);
      expect(ours.groups.flatMap((g) => [...g.errors, ...g.sets.flatMap((s) => s.errors)])).toEqual([]);
    },
  );

  it("an 855 says BAK 00 AC with the PO, then per line PO1 and one ACK per status, and CTT", () => {
    const x = parseWithNodeX12(buildDocument(ACCEPTED_855, ENVELOPE));
    expect(x.segments.slice(1, -1)).toEqual([
      ["BAK", "00", "AC", "PO-2024-30001", "20240915", "", "", "", "", "20240916"],
      ["PO1", "1", "60", "EA", "480.00", "", "VP", "SKU-4892"],
      ["ACK", "IA", "60", "EA"],
      ["PO1", "2", "10", "EA", "3200.00", "", "VP", "SKU-3300"],
      ["ACK", "IA", "6", "EA"],
      ["ACK", "IB", "4", "EA"],
      ["CTT", "2"],
    ]);
  });

  it("an 856 nests shipment, order and items (HL S, O, I) with carrier, tracking, PO and quantities shipped", () => {
    const x = parseWithNodeX12(buildDocument(SHIP_856, ENVELOPE));
    expect(hierarchy(x)).toEqual([
      ["1", "", "S"],
      ["2", "1", "O"],
      ["3", "2", "I"],
      ["4", "2", "I"],
    ]);
    expect(tags(x.segments)).toEqual([
      "ST",
      "BSN",
      "HL",
      "TD5",
      "REF",
      "DTM",
      "HL",
      "PRF",
      "HL",
      "LIN",
      "SN1",
      "HL",
      "LIN",
      "SN1",
      "CTT",
      "SE",
    ]);
    const find = (tag: string) => x.segments.filter((s) => s[0] === tag);
    expect(find("BSN")[0]?.slice(0, 3)).toEqual(["BSN", "00", "SHP-1"]);
    expect(find("TD5")[0]).toEqual(["TD5", "B", "", "", "M", "UPS"]);
    expect(find("REF")[0]).toEqual(["REF", "CN", "1Z999AA10123456784"]);
    expect(find("PRF")[0]).toEqual(["PRF", "PO-2024-30001", "", "", "20240915"]);
    expect(find("SN1")).toEqual([
      ["SN1", "", "60", "EA", "", "60", "EA"],
      ["SN1", "", "6", "EA", "", "10", "EA"],
    ]);
    expect(find("CTT")[0]).toEqual(["CTT", "4"]);
  });

  it("an 810 has BIG, IT1 lines and TDS as the total in cents", () => {
    const x = parseWithNodeX12(buildDocument(INVOICE_810, ENVELOPE));
    expect(x.segments.slice(1, -1)).toEqual([
      ["BIG", "20240920", "INV-9001", "20240915", "PO-2024-30001"],
      ["IT1", "1", "60", "EA", "480.00", "", "VP", "SKU-4892"],
      ["IT1", "2", "6", "EA", "3200.50", "", "VP", "SKU-3300"],
      // 60 x 480 + 6 x 3200.50 = 48,003.00
      ["TDS", "4800300"],
      ["CTT", "2"],
    ]);
  });

  it("an 865 answers each change with its POC change type and ACK status", () => {
    const x = parseWithNodeX12(buildDocument(CHANGE_865, ENVELOPE));
    expect(x.segments.slice(1, -1)).toEqual([
      ["BCA", "00", "AC", "PO-2024-30001", "", "", "20240915", "", "", "", "20240916"],
      ["POC", "1", "QI", "80", "80", "EA", "480.00", "", "VP", "SKU-4892"],
      ["ACK", "IQ", "80", "EA"],
      ["POC", "2", "DI", "0", "0", "EA", "3200.00", "", "VP", "SKU-3300"],
      ["ACK", "IR", "10", "EA"],
      ["CTT", "2"],
    ]);
  });

  it("text from a PO cannot break a segment: delimiters in values are blanked", () => {
    const text = buildDocument({ ...ACCEPTED_855, po_number: "PO*1~ISA>2" }, ENVELOPE);
    const bak = parseWithNodeX12(text).segments[1];
    expect(bak?.[3]).toBe("PO 1 ISA 2");
  });
});
