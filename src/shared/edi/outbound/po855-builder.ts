import { ackSegments, lineSegment } from "./ack-lines";
import type { Ack855 } from "./outbound-document";
import { x12DateOf, x12Text, type X12Segment } from "./x12-writer";
import type { z } from "zod";

/**
 * The body of an 855 PO acknowledgment: BAK (00 original; AD as ordered, AC with changes or
 * backorders, RJ refused), then per line its PO1 and one ACK per line status, then CTT.
 */
export function build855(doc: z.infer<typeof Ack855>, now: Date): X12Segment[] {
  const body: X12Segment[] = [
    [
      "BAK",
      "00",
      doc.ack_type,
      x12Text(doc.po_number, 22),
      x12DateOf(doc.po_date),
      "",
      "",
      "",
      "",
      x12DateOf(now.toISOString()),
    ],
  ];
  for (const [i, line] of doc.lines.entries()) body.push(lineSegment("PO1", line, i), ...ackSegments(line));
  body.push(["CTT", doc.lines.length]);
  return body;
}
