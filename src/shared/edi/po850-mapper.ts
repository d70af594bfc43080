import { element, type Segment } from "./tokenizer";
import type { EdiError, TradingPartners } from "./types";

/** A mapped 850 in the §5.1 portal shape (unvalidated) and the set's content errors. */
export interface Mapped850 {
  purchase_order: Record<string, unknown>;
  /** AK5 code "5" errors: a segment or element of the set is in error. */
  errors: EdiError[];
}

/** Where the customer comes from: the interchange sender, or else the N1*BY party. */
export interface Map850Context {
  /** ISA06, trimmed. */
  senderId: string | null;
  partners: TradingPartners;
}

/** Product id qualifiers that carry our SKU, best first: vendor's, buyer's, then ours by another name. */
const SKU_QUALIFIERS = ["VP", "BP", "IN"] as const;
/** X12 "R" (decimal) data type: optional sign, optional decimal point, no exponent. */
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;
/** PO106/PO107 is the first product id pair; the 850 defines ten pairs up to PO124/PO125. */
const FIRST_PRODUCT_QUALIFIER = 6;

/** Where in the set an error is, for the 997's AK3/AK4 (all but `segment_position` optional). */
type At = Pick<
  EdiError,
  "segment_position" | "segment_error" | "element_position" | "element_reference" | "element_error" | "bad_value"
>;
type InError = (segment: string, message: string, at?: At) => void;

/** An element in error: AK3 code 8 (data element errors) with its AK4; AK403 "1" when it is empty. */
function badElement(position: number, index: number, reference: string, code: string, value: string): At {
  return {
    segment_position: position,
    segment_error: "8",
    element_position: index,
    element_reference: reference,
    element_error: value === "" ? "1" : code,
    ...(value === "" ? {} : { bad_value: value }),
  };
}

interface Line {
  sku?: string;
  qty?: number;
  unit_price?: number;
  description?: string;
}

/**
 * Maps the body of one 850 (the segments between ST and SE) to the portal PO shape:
 * BEG03 po_number, BEG05 order_date, PO1 lines (qty PO102, unit_price PO104, sku from the
 * VP/BP/IN product id), PID*F descriptions, DTM*002 requested_delivery_date, MSG/NTE notes,
 * customer_id from the trading partner table. Checks BEG, PO1 and CTT01; other segments
 * (N3, N4, PER, TD5, REF, ...) are ignored.
 */
export function map850(body: readonly Segment[], context: Map850Context): Mapped850 {
  const errors: EdiError[] = [];
  const inError: InError = (segment, message, at) =>
    errors.push({ level: "transaction", code: "5", message, segment, ...at });
  // The body starts after ST, which is position 1 in the set; SE follows the body.
  const first = body[0]?.position ?? 0;
  const inSet = (segment: Segment) => segment.position - first + 2;
  const sePosition = body.length + 2;

  let beg: Segment | null = null;
  let ctt: Segment | null = null;
  let buyerId: string | null = null;
  let requestedDelivery: string | undefined;
  const lines: Line[] = [];
  const notes: string[] = [];

  for (const segment of body) {
    switch (segment.tag) {
      case "BEG":
        if (beg)
          inError("BEG", `Segment ${segment.position}: a second BEG segment.`, {
            segment_position: inSet(segment),
            segment_error: "5",
          });
        else beg = segment;
        break;
      case "PO1":
        lines.push(mapLine(segment, inSet(segment), inError));
        break;
      case "PID": {
        const line = lines.at(-1);
        const text = element(segment, 5);
        if (element(segment, 1) === "F" && line && text !== "") {
          line.description = line.description === undefined ? text : `${line.description} ${text}`;
        }
        break;
      }
      case "DTM":
        if (element(segment, 1) === "002" && requestedDelivery === undefined) {
          requestedDelivery = isoDate(element(segment, 2)) ?? undefined;
          if (requestedDelivery === undefined) {
            inError(
              "DTM",
              `Segment ${segment.position}: DTM02 ${JSON.stringify(element(segment, 2))} is not a CCYYMMDD date.`,
              badElement(inSet(segment), 2, "373", "8", element(segment, 2)),
            );
          }
        }
        break;
      case "MSG":
        if (element(segment, 1) !== "") notes.push(element(segment, 1));
        break;
      case "NTE":
        if (element(segment, 2) !== "") notes.push(element(segment, 2));
        break;
      case "N1":
        if (element(segment, 1) === "BY" && buyerId === null && element(segment, 4).trim() !== "") {
          buyerId = element(segment, 4).trim();
        }
        break;
      case "CTT":
        ctt = segment;
        break;
    }
  }

  const order: Record<string, unknown> = {};
  if (!beg) {
    inError("BEG", "The BEG segment is missing.", { segment_position: 2, segment_error: "3" });
  } else {
    if (element(beg, 3) === "")
      inError("BEG", "BEG03 (purchase order number) is empty.", badElement(inSet(beg), 3, "324", "1", ""));
    else order.po_number = element(beg, 3);
    const orderDate = isoDate(element(beg, 5));
    if (orderDate === null)
      inError(
        "BEG",
        `BEG05 ${JSON.stringify(element(beg, 5))} is not a CCYYMMDD date.`,
        badElement(inSet(beg), 5, "373", "8", element(beg, 5)),
      );
    else order.order_date = orderDate;
  }
  const customerId =
    (context.senderId !== null ? context.partners.get(context.senderId) : undefined) ??
    (buyerId !== null ? context.partners.get(buyerId) : undefined);
  if (customerId !== undefined) order.customer_id = customerId;

  if (lines.length === 0)
    inError("PO1", "The set has no PO1 (line item) segment.", {
      segment_position: ctt ? inSet(ctt) : sePosition,
      segment_error: "3",
    });
  order.line_items = lines;
  if (requestedDelivery !== undefined) order.requested_delivery_date = requestedDelivery;
  if (notes.length > 0) order.notes = notes.join("\n");

  if (ctt) {
    const declared = element(ctt, 1);
    if (!/^\d+$/.test(declared) || Number(declared) !== lines.length) {
      // A count that disagrees is not a syntax error: AK3 names the segment without an AK304 code.
      inError("CTT", `CTT01 says ${JSON.stringify(declared)} line items; the set has ${lines.length} PO1 segments.`, {
        segment_position: inSet(ctt),
      });
    }
  }
  return { purchase_order: orderedKeys(order), errors };
}

function mapLine(po1: Segment, position: number, inError: InError): Line {
  const line: Line = {};
  const sku = productId(po1);
  if (sku !== null) line.sku = sku;
  const qty = element(po1, 2);
  if (qty !== "") {
    if (DECIMAL.test(qty)) line.qty = Number(qty);
    else
      inError(
        "PO1",
        `Segment ${po1.position}: PO102 quantity ${JSON.stringify(qty)} is not a number.`,
        badElement(position, 2, "330", "6", qty),
      );
  }
  const price = element(po1, 4);
  if (price !== "") {
    if (DECIMAL.test(price)) line.unit_price = Number(price);
    else
      inError(
        "PO1",
        `Segment ${po1.position}: PO104 unit price ${JSON.stringify(price)} is not a number.`,
        badElement(position, 4, "212", "6", price),
      );
  }
  return line;
}

function productId(po1: Segment): string | null {
  const byQualifier = new Map<string, string>();
  for (let i = FIRST_PRODUCT_QUALIFIER; i < po1.elements.length; i += 2) {
    const qualifier = element(po1, i);
    const id = element(po1, i + 1);
    if (id !== "" && !byQualifier.has(qualifier)) byQualifier.set(qualifier, id);
  }
  for (const qualifier of SKU_QUALIFIERS) {
    const id = byQualifier.get(qualifier);
    if (id !== undefined) return id;
  }
  return null;
}

/** CCYYMMDD to YYYY-MM-DD; null unless it is a real calendar date. */
export function isoDate(ccyymmdd: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(ccyymmdd);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const iso = `${y}-${m}-${d}`;
  return date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Keeps the §5.1 field order, so stored and logged POs read the same as portal ones. */
function orderedKeys(order: Record<string, unknown>): Record<string, unknown> {
  const keys = ["po_number", "customer_id", "line_items", "order_date", "requested_delivery_date", "notes"];
  return Object.fromEntries(keys.filter((k) => k in order).map((k) => [k, order[k]]));
}
