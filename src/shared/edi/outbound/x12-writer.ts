/**
 * The one writer of outbound X12 (DESIGN §14): an interchange holding one functional group
 * holding one transaction set, version 004010, element `*`, component `>`, segment `~`. It
 * counts SE01 and carries the document's control number as ISA13, GS06 and ST02 alike.
 */

/** One side of an interchange: ISA qualifier and id (the id is also the GS application code). */
export interface X12Party {
  qualifier: string;
  id: string;
}

/** Where a document goes and under which control number. */
export interface X12Envelope {
  sender: X12Party;
  receiver: X12Party;
  /** 1 to 999,999,999: ISA13 (9 digits), GS06 and ST02 (at least 4 digits). */
  controlNumber: number;
  now: Date;
  /** ISA15: "P" production, "T" test. */
  usage?: "P" | "T";
}

/** A segment as its tag and elements; empty trailing elements are dropped when written. */
export type X12Segment = readonly [string, ...(string | number)[]];

export const OUTBOUND_DELIMITERS = { element: "*", component: ">", segment: "~" } as const;

/** GS01 of each document this system sends. */
export const FUNCTIONAL_ID = { "855": "PR", "865": "CA", "856": "SH", "810": "IN" } as const;
export type OutboundType = keyof typeof FUNCTIONAL_ID;

const RESERVED = /[*>~\r\n^]/g;

/** An element's text with the delimiters taken out: text from a PO must never split a segment. */
export function x12Text(value: string | number, max = 80): string {
  return String(value).replace(RESERVED, " ").trim().slice(0, max);
}

/** CCYYMMDD, YYMMDD and HHMM of a moment in UTC. */
export function x12Date(at: Date | string): { date: string; shortDate: string; time: string } {
  const iso = (typeof at === "string" ? new Date(at) : at).toISOString();
  const date = iso.slice(0, 10).replaceAll("-", "");
  return { date, shortDate: date.slice(2), time: iso.slice(11, 16).replace(":", "") };
}

/** CCYYMMDD of an ISO date or date-time, read as written (no time zone shift for a plain date). */
export function x12DateOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10).replaceAll("-", "") : x12Date(value).date;
}

function write(segment: X12Segment): string {
  const elements = segment.map((e) => String(e));
  while (elements.length > 1 && elements.at(-1) === "") elements.pop();
  return elements.join(OUTBOUND_DELIMITERS.element) + OUTBOUND_DELIMITERS.segment;
}

const fixed = (value: string, width: number) => value.slice(0, width).padEnd(width, " ");

/** Writes one document: ISA, GS, ST, `body`, SE (counted), GE, IEA, one segment a line. */
export function writeX12(type: OutboundType, envelope: X12Envelope, body: readonly X12Segment[]): string {
  const n = envelope.controlNumber;
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999) throw new RangeError(`control number out of range: ${n}`);
  const { date, shortDate, time } = x12Date(envelope.now);
  const isa13 = String(n).padStart(9, "0");
  const st02 = String(n).padStart(4, "0");
  const { sender, receiver } = envelope;
  const isa: X12Segment = [
    "ISA",
    "00",
    " ".repeat(10),
    "00",
    " ".repeat(10),
    fixed(sender.qualifier, 2),
    fixed(sender.id, 15),
    fixed(receiver.qualifier, 2),
    fixed(receiver.id, 15),
    shortDate,
    time,
    "U",
    "00401",
    isa13,
    "0",
    envelope.usage ?? "P",
    OUTBOUND_DELIMITERS.component,
  ];
  const set: X12Segment[] = [["ST", type, st02], ...body];
  set.push(["SE", set.length + 1, st02]);
  const segments: X12Segment[] = [
    isa,
    ["GS", FUNCTIONAL_ID[type], sender.id, receiver.id, date, time, n, "X", "004010"],
    ...set,
    ["GE", 1, n],
    ["IEA", 1, isa13],
  ];
  // The ISA is fixed-width: its padded elements are written whole.
  return [isa.join(OUTBOUND_DELIMITERS.element) + OUTBOUND_DELIMITERS.segment, ...segments.slice(1).map(write)].join(
    "\n",
  );
}
