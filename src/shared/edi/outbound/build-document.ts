import { build810 } from "./invoice810-builder";
import { build855 } from "./po855-builder";
import { build865 } from "./po865-builder";
import { build856 } from "./asn856-builder";
import type { OutboundDocument } from "./outbound-document";
import { writeX12, type X12Envelope, type X12Segment } from "./x12-writer";

function body(doc: OutboundDocument, now: Date): X12Segment[] {
  switch (doc.type) {
    case "855":
      return build855(doc, now);
    case "865":
      return build865(doc, now);
    case "856":
      return build856(doc, now);
    case "810":
      return build810(doc);
  }
}

/** One outbound document as a whole X12 interchange under its envelope. */
export function buildDocument(doc: OutboundDocument, envelope: X12Envelope): string {
  return writeX12(doc.type, envelope, body(doc, envelope.now));
}
