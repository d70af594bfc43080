import { ackSegments, lineSegment } from "./ack-lines";
import type { Ack865 } from "./outbound-document";
import { x12DateOf, x12Text, type X12Segment } from "./x12-writer";
import type { z } from "zod";

/**
 * The body of an 865 PO change acknowledgment, answering an 860: BCA (00 original; AC
 * acknowledged with changes, AT accepted, RJ refused), then per line its POC (the change type
 * the 860 asked for: AI, DI, QI, QD, PC) and one ACK per line status, then CTT.
 */
export function build865(doc: z.infer<typeof Ack865>, now: Date): X12Segment[] {
  const body: X12Segment[] = [
    [
      "BCA",
      "00",
      doc.ack_type,
      x12Text(doc.po_number, 22),
      "",
      "",
      x12DateOf(doc.po_date),
      "",
      "",
      "",
      x12DateOf(now.toISOString()),
    ],
  ];
  for (const [i, line] of doc.lines.entries()) body.push(lineSegment("POC", line, i), ...ackSegments(line));
  body.push(["CTT", doc.lines.length]);
  return body;
}
