import type { AckLine } from "./outbound-document";
import { x12Text, type X12Segment } from "./x12-writer";

/** PO104 / POC06 / IT104: a unit price in dollars with cents. */
export const price = (usd: number) => usd.toFixed(2);

/** The PO1 (855) or POC (865) of one line, with its product id as the vendor's part number. */
export function lineSegment(kind: "PO1" | "POC", line: AckLine, index: number): X12Segment {
  const product = ["VP", x12Text(line.sku, 48)];
  if (kind === "PO1") return ["PO1", index + 1, line.qty, "EA", price(line.unit_price), "", ...product];
  const change = line.change ?? "CA";
  // POC03 ordered, POC04 left to receive: the same, since an order with goods shipped takes no amendment (409).
  return ["POC", index + 1, change, line.qty, line.qty, "EA", price(line.unit_price), "", ...product];
}

/** One ACK per status of the line: ACK01 status, ACK02 quantity, ACK03 unit. */
export function ackSegments(line: AckLine): X12Segment[] {
  return line.acks.map((a) => ["ACK", a.status, a.qty, "EA"]);
}
