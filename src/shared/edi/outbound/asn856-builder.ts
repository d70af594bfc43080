import type { Asn856 } from "./outbound-document";
import { x12Date, x12DateOf, x12Text, type X12Segment } from "./x12-writer";
import type { z } from "zod";

/**
 * The body of an 856 ship notice for one shipment: BSN (00 original, hierarchy 0004 shipment,
 * order, item), then HL levels: the shipment (S) with its carrier (TD5), tracking (REF*CN) and
 * ship date (DTM*011); the order (O) with its PO number (PRF); one item (I) per line with its
 * part number (LIN) and the quantity shipped against the quantity ordered (SN1); then CTT with
 * the number of HL segments.
 */
export function build856(doc: z.infer<typeof Asn856>, now: Date): X12Segment[] {
  const stamp = x12Date(now);
  const shipped = x12Date(doc.shipped_at);
  const body: X12Segment[] = [
    ["BSN", "00", x12Text(doc.shipment_id, 30), stamp.date, stamp.time, "0004"],
    ["HL", 1, "", "S"],
    // The carrier by name in TD505 only: we hold no SCAC, and a code made up under TD502 "2" (SCAC) would misroute.
    ["TD5", "B", "", "", "M", x12Text(doc.carrier, 35)],
    ["REF", "CN", x12Text(doc.tracking, 30)],
    ["DTM", "011", shipped.date, shipped.time],
    ["HL", 2, 1, "O"],
    ["PRF", x12Text(doc.po_number, 22), "", "", x12DateOf(doc.po_date)],
  ];
  for (const [i, line] of doc.lines.entries()) {
    body.push(
      ["HL", i + 3, 2, "I"],
      ["LIN", i + 1, "VP", x12Text(line.sku, 48)],
      ["SN1", "", line.qty_shipped, "EA", "", line.qty_ordered, "EA"],
    );
  }
  body.push(["CTT", doc.lines.length + 2]);
  return body;
}
