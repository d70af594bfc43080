import type { EdiDelimiters, EdiError, EdiGroupResult, EdiInterchangeResult, EdiTransactionResult } from "./types";

/** Options of build997. */
export interface Build997Options {
  /** When the 997 is created (ISA09/ISA10 and GS04/GS05, in UTC). */
  now: Date;
  /** This 997's interchange control number, 1 to 9 digits (ISA13 is zero-padded to 9). */
  controlNumber: string;
}

/** Delimiters of a 997 answering an interchange whose ISA could not be read. */
export const DEFAULT_DELIMITERS: Readonly<EdiDelimiters> = { element: "*", component: ":", segment: "~" };

/** AK5/AK9 carry at most five error codes (AK502..AK506, AK905..AK909). */
const MAX_CODES = 5;
/** AK404 holds at most 99 characters. */
const MAX_BAD_VALUE = 99;

/**
 * Builds the 997 answering a parsed interchange: one interchange (sender and receiver
 * swapped, the received delimiters and version) with one FA group holding one 997 per
 * received functional group: AK1, an AK2/AK5 per transaction set, and AK9.
 *
 * AK5 is "A" for an accepted set; "R" with its own error codes otherwise, each error that
 * says where it is preceded by an AK3 naming the segment (id, position in the set, syntax
 * error code) and an AK4 naming the element (position, reference number, syntax error code,
 * a copy of the bad value). A set that is
 * sound but whose group or interchange was rejected gets "R" without codes: the reason is
 * in AK9 (or, for an interchange fault, in the interchange errors kept with the 997).
 * AK9 is "A" (every set accepted), "P" (some) or "R" (none, or a group/interchange fault).
 */
export function build997(result: EdiInterchangeResult, options: Build997Options): string {
  if (!/^\d{1,9}$/.test(options.controlNumber)) {
    throw new RangeError(`controlNumber must be 1 to 9 digits, got ${JSON.stringify(options.controlNumber)}`);
  }
  const d = result.delimiters ?? DEFAULT_DELIMITERS;
  const version = replyVersion(result);
  const gsVersion = version === "00501" ? "005010" : "004010";
  const control = options.controlNumber.padStart(9, "0");
  const groupControl = String(Number(options.controlNumber));
  const { date, time } = stamp(options.now);
  const first = result.groups[0];

  const segments: string[][] = [replyIsa(result, options)];
  if (result.groups.length > 0) {
    segments.push([
      "GS",
      "FA",
      first?.application_receiver || (result.receiver_id ?? ""),
      first?.application_sender || (result.sender_id ?? ""),
      date,
      time,
      groupControl,
      "X",
      gsVersion,
    ]);
    for (const [i, group] of result.groups.entries())
      segments.push(...ack(group, String(i + 1).padStart(4, "0"), version, d));
    segments.push(["GE", String(result.groups.length), groupControl]);
  }
  segments.push(["IEA", result.groups.length > 0 ? "1" : "0", control]);
  return serialize(segments, d);
}

/** Our answers speak 00501 to a 00501 interchange and 00401 to any other. */
function replyVersion(result: EdiInterchangeResult): "00401" | "00501" {
  return result.version === "00501" ? "00501" : "00401";
}

/** Segments as X12 text in the given delimiters, empty trailing elements left out. */
export function serialize(segments: readonly (readonly string[])[], d: EdiDelimiters): string {
  return segments
    .map((elements) => {
      const kept = [...elements];
      while (kept.length > 1 && kept.at(-1) === "") kept.pop();
      return kept.join(d.element) + d.segment;
    })
    .join("");
}

/**
 * The ISA of an interchange answering `result` (a 997 or a TA1): sender and receiver
 * swapped, the received delimiters, qualifiers and usage, fixed-width fields, no TA1 asked.
 */
export function replyIsa(result: EdiInterchangeResult, options: Build997Options): string[] {
  const d = result.delimiters ?? DEFAULT_DELIMITERS;
  const version = replyVersion(result);
  const { shortDate, time } = stamp(options.now);
  return [
    "ISA",
    "00",
    " ".repeat(10),
    "00",
    " ".repeat(10),
    result.isa?.receiver_qualifier || "ZZ",
    fixed(result.receiver_id ?? "", 15),
    result.isa?.sender_qualifier || "ZZ",
    fixed(result.sender_id ?? "", 15),
    shortDate,
    time,
    version === "00501" ? (result.isa?.repetition ?? "^") : "U",
    version,
    options.controlNumber.padStart(9, "0"),
    "0",
    result.isa?.usage_indicator === "T" ? "T" : "P",
    d.component,
  ];
}

/** One 997 transaction set acknowledging one received functional group. */
function ack(group: EdiGroupResult, setControl: string, version: string, d: EdiDelimiters): string[][] {
  const body: string[][] = [];
  body.push([
    "AK1",
    group.functional_id,
    group.control_number,
    ...(version === "00501" && group.version ? [group.version] : []),
  ]);
  for (const transaction of group.transactions) {
    body.push(["AK2", transaction.set_id, transaction.control_number]);
    if (!transaction.accepted) body.push(...segmentNotes(transaction.errors, d));
    body.push(["AK5", transaction.accepted ? "A" : "R", ...codes(transaction)]);
  }
  const received = group.transactions.length;
  const acceptedCount = group.transactions.filter((t) => t.accepted).length;
  const status = !group.accepted ? "R" : acceptedCount === received ? "A" : "P";
  body.push([
    "AK9",
    status,
    String(group.declared_set_count ?? received),
    String(received),
    String(acceptedCount),
    ...codes(group),
  ]);
  return [["ST", "997", setControl], ...body, ["SE", String(body.length + 2), setControl]];
}

/** AK3 (and its AK4s) for each segment the set's errors point at, in the order of the set. */
function segmentNotes(errors: readonly EdiError[], d: EdiDelimiters): string[][] {
  const bySegment = new Map<string, EdiError[]>();
  for (const e of errors) {
    if (e.segment_position === undefined || !e.segment) continue;
    const key = `${e.segment_position} ${e.segment}`;
    bySegment.set(key, [...(bySegment.get(key) ?? []), e]);
  }
  const ordered = [...bySegment.values()].sort((a, b) => (a[0]?.segment_position ?? 0) - (b[0]?.segment_position ?? 0));
  return ordered.flatMap((notes) => {
    const first = notes[0] as EdiError;
    const elements = notes.filter((e) => e.element_position !== undefined);
    const code = first.segment_error ?? (elements.length > 0 ? "8" : "");
    return [
      ["AK3", first.segment ?? "", String(first.segment_position), "", code],
      ...elements.map((e) => [
        "AK4",
        String(e.element_position),
        e.element_reference ?? "",
        e.element_error ?? "",
        badValue(e.bad_value ?? "", d),
      ]),
    ];
  });
}

/** AK404 copies the bad value, less any character that would break the 997's own syntax. */
function badValue(value: string, d: EdiDelimiters): string {
  return [...value]
    .filter((c) => c !== d.element && c !== d.component && c !== d.segment && c >= " ")
    .join("")
    .trim()
    .slice(0, MAX_BAD_VALUE);
}

function codes(result: EdiTransactionResult | EdiGroupResult): string[] {
  return [...new Set(result.errors.map((e) => e.code))].slice(0, MAX_CODES);
}

function fixed(value: string, width: number): string {
  return value.slice(0, width).padEnd(width, " ");
}

function stamp(now: Date): { date: string; shortDate: string; time: string } {
  const iso = now.toISOString();
  const date = iso.slice(0, 10).replaceAll("-", "");
  return { date, shortDate: date.slice(2), time: iso.slice(11, 16).replace(":", "") };
}
