import type { ChangeRequest } from "../schemas/amendment.schema";
import { isoDate, type Map850Context } from "./po850-mapper";
import { element, type Segment } from "./tokenizer";
import type { EdiAmendment, EdiError } from "./types";

/** A mapped 860 (or 850 amendment) and the set's content errors (AK5 code "5"). */
export interface MappedAmendment {
  amendment: EdiAmendment | null;
  errors: EdiError[];
}

/** X12 "R" (decimal) data type: optional sign, optional decimal point, no exponent. */
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;
const SKU_QUALIFIERS = ["VP", "BP", "IN"] as const;
/** POC08/POC09 is the first product id pair. */
const FIRST_PRODUCT_QUALIFIER = 8;
/** POC02 codes this system applies, and what each does to the line. */
const CHANGE_TYPES = ["AI", "DI", "QI", "QD", "PC", "CA"] as const;

/** The customer of a set: its interchange sender, or else its N1*BY party, through the trading-partner table. */
function customerOf(body: readonly Segment[], context: Map850Context): string | null {
  const buyer = body.find((s) => s.tag === "N1" && element(s, 1) === "BY" && element(s, 4).trim() !== "");
  return (
    (context.senderId !== null ? context.partners.get(context.senderId) : undefined) ??
    (buyer ? context.partners.get(element(buyer, 4).trim()) : undefined) ??
    null
  );
}

function productId(poc: Segment): string | null {
  const byQualifier = new Map<string, string>();
  for (let i = FIRST_PRODUCT_QUALIFIER; i < poc.elements.length; i += 2) {
    const id = element(poc, i + 1);
    if (id !== "" && !byQualifier.has(element(poc, i))) byQualifier.set(element(poc, i), id);
  }
  for (const q of SKU_QUALIFIERS) if (byQualifier.has(q)) return byQualifier.get(q) ?? null;
  return null;
}

/** Notes of the set (NTE02, MSG01), kept as the change's note or the cancellation's reason. */
const notesOf = (body: readonly Segment[]) =>
  body.flatMap((s) =>
    s.tag === "NTE" && element(s, 2) !== ""
      ? [element(s, 2)]
      : s.tag === "MSG" && element(s, 1) !== ""
        ? [element(s, 1)]
        : [],
  );

const requestedDate = (body: readonly Segment[]) => {
  const dtm = body.find((s) => s.tag === "DTM" && element(s, 1) === "002");
  return dtm ? isoDate(element(dtm, 2)) : null;
};

/**
 * Maps the body of one 860 change order: BCH03 the PO number, BCH01 `01` a cancellation of the
 * whole order, else a change with one line per POC: `AI` adds, `DI` deletes (quantity 0), and
 * `QI`/`QD`/`CA`/`PC` set the line to POC03, the quantity ordered after the change (as 004010
 * partners send it), with POC06 the buyer's new unit price when given; the SKU is the POC's
 * `VP`, `BP` or `IN` product id. DTM*002 is a new requested delivery date.
 */
export function map860(body: readonly Segment[], context: Map850Context): MappedAmendment {
  const errors: EdiError[] = [];
  const inError = (segment: string, message: string) =>
    errors.push({ level: "transaction", code: "5", message, segment });
  const bch = body.find((s) => s.tag === "BCH");
  if (!bch)
    return {
      amendment: null,
      errors: [{ level: "transaction", code: "5", message: "The BCH segment is missing.", segment: "BCH" }],
    };
  const po_number = element(bch, 3);
  if (po_number === "") inError("BCH", "BCH03 (purchase order number) is empty.");
  const customer_id = customerOf(body, context);
  const notes = notesOf(body);
  if (element(bch, 1) === "01") {
    const reason = notes.join(" ") || `cancelled by the buyer's 860 change order`;
    return {
      amendment: errors.length ? null : { kind: "cancel", po_number, customer_id, request: { reason } },
      errors,
    };
  }
  const lines: NonNullable<ChangeRequest["lines"]> = [];
  for (const poc of body.filter((s) => s.tag === "POC")) {
    const type = element(poc, 2);
    const sku = productId(poc);
    const at = `Segment ${poc.position}`;
    if (!(CHANGE_TYPES as readonly string[]).includes(type)) {
      inError("POC", `${at}: POC02 change type ${JSON.stringify(type)} is not supported (${CHANGE_TYPES.join(", ")}).`);
      continue;
    }
    if (sku === null) {
      inError("POC", `${at}: the POC names no VP, BP or IN product id.`);
      continue;
    }
    const qty = type === "DI" ? "0" : element(poc, 3);
    if (!/^\d+$/.test(qty)) {
      inError("POC", `${at}: POC03 quantity ${JSON.stringify(qty)} is not a whole number.`);
      continue;
    }
    const price = element(poc, 6);
    if (price !== "" && !DECIMAL.test(price)) {
      inError("POC", `${at}: POC06 unit price ${JSON.stringify(price)} is not a number.`);
      continue;
    }
    lines.push({ sku, qty: Number(qty), ...(price !== "" && type !== "DI" ? { unit_price: Number(price) } : {}) });
  }
  const date = requestedDate(body);
  if (lines.length === 0 && date === null)
    inError("POC", "The change order changes no line (POC) and no date (DTM*002).");
  if (errors.length) return { amendment: null, errors };
  const request: ChangeRequest = {
    ...(lines.length ? { lines } : {}),
    ...(date !== null ? { requested_delivery_date: date } : {}),
    ...(notes.length ? { note: notes.join("\n") } : {}),
  };
  return { amendment: { kind: "change", po_number, customer_id, request, replace: false }, errors };
}

/**
 * An 850 that amends an earlier one (BEG01 `01` cancellation, `05` replace), from its mapped PO;
 * null for an original (`00`) or any other purpose, which is taken as a new order.
 */
export function amendmentOf850(body: readonly Segment[], po: Record<string, unknown>): EdiAmendment | null {
  const purpose = element(body.find((s) => s.tag === "BEG") ?? { tag: "BEG", elements: [], position: 0 }, 1);
  if (purpose !== "01" && purpose !== "05") return null;
  const po_number = typeof po.po_number === "string" ? po.po_number : "";
  const customer_id = typeof po.customer_id === "string" ? po.customer_id : null;
  if (purpose === "01")
    return { kind: "cancel", po_number, customer_id, request: { reason: "cancelled by the buyer's 850 (BEG01 01)" } };
  // Only what a change names: a line's PID description or other detail is the 850's, not the amendment's.
  const lines = (Array.isArray(po.line_items) ? (po.line_items as unknown[]) : []).map((raw) => {
    const l = (raw ?? {}) as Record<string, unknown>;
    return { sku: l.sku, qty: l.qty, ...(l.unit_price !== undefined ? { unit_price: l.unit_price } : {}) };
  }) as ChangeRequest["lines"];
  const request: ChangeRequest = {
    ...(lines?.length ? { lines } : {}),
    ...(typeof po.requested_delivery_date === "string" ? { requested_delivery_date: po.requested_delivery_date } : {}),
    ...(typeof po.notes === "string" ? { note: po.notes } : {}),
  };
  return { kind: "change", po_number, customer_id, request, replace: true };
}
