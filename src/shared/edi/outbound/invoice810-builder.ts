import { cents } from "../../money";
import { price } from "./ack-lines";
import type { Invoice810 } from "./outbound-document";
import { x12DateOf, x12Text, type X12Segment } from "./x12-writer";
import type { z } from "zod";

/**
 * The body of an 810 invoice: BIG (invoice date and number, PO date and number), one IT1 per
 * line (quantity, unit price, part number), TDS with the total in cents (an implied two
 * decimals, as X12's N2 type has it), then CTT.
 */
export function build810(doc: z.infer<typeof Invoice810>): X12Segment[] {
  const total = cents(doc.lines.reduce((sum, l) => sum + l.qty * l.unit_price, 0));
  const body: X12Segment[] = [
    [
      "BIG",
      x12DateOf(doc.invoice_date),
      x12Text(doc.invoice_id, 22),
      x12DateOf(doc.po_date),
      x12Text(doc.po_number, 22),
    ],
  ];
  for (const [i, line] of doc.lines.entries())
    body.push(["IT1", i + 1, line.qty, "EA", price(line.unit_price), "", "VP", x12Text(line.sku, 48)]);
  body.push(["TDS", Math.round(total * 100)], ["CTT", doc.lines.length]);
  return body;
}
