import type { EdiDelimiters, EdiError } from "./types";

/** One segment: `elements[0]` is the tag and `elements[i]` the i-th data element. */
export interface Segment {
  tag: string;
  elements: readonly string[];
  /** 1-based ordinal in the interchange; the ISA is 1. */
  position: number;
}

/** An interchange split into its ISA fields and the segments that follow the ISA. */
export interface Tokenized {
  /** Null when the delimiters could not be read: then nothing else could be. */
  delimiters: EdiDelimiters | null;
  /** ISA11 when ISA12 is 00501 (repetition separator), else null. */
  repetition: string | null;
  /** The ISA's elements (index = ISA element number); null when it could not be read. */
  isa: readonly string[] | null;
  /** Every segment after the ISA, in order. */
  segments: Segment[];
  /** Interchange-level errors (TA1 note codes). */
  errors: EdiError[];
}

/** Widths of ISA01..ISA16: the ISA is fixed-length, 106 characters with its terminator. */
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;
const SUPPORTED_ISA_VERSIONS = new Set(["00401", "00501"]);
const UNUSABLE_DELIMITER = /[A-Za-z0-9 \t]/;

/** Reads element `i` of a segment; "" when absent. */
export function element(segment: Segment, i: number): string {
  return segment.elements[i] ?? "";
}

function interchangeError(code: string, message: string): EdiError {
  return { level: "interchange", code, message, segment: "ISA" };
}

/**
 * Reads the ISA's delimiters and fields, then splits the rest of the interchange into
 * segments. Whitespace before the ISA, between segments (CRLF, LF) and at the end is ignored.
 * An ISA of the wrong length still yields its delimiters when its 16 elements can be found,
 * so the groups can be listed (and rejected) in the 997.
 */
export function tokenize(raw: string): Tokenized {
  const text = raw.replace(/^[\s\uFEFF]+/, "");
  const unreadable = (code: string, message: string): Tokenized => ({
    delimiters: null,
    repetition: null,
    isa: null,
    segments: [],
    errors: [interchangeError(code, message)],
  });
  if (!text.startsWith("ISA")) return unreadable("022", "The interchange does not start with an ISA segment.");
  const elementSep = text.charAt(3);
  if (elementSep === "" || elementSep === "\r" || elementSep === "\n" || UNUSABLE_DELIMITER.test(elementSep)) {
    return unreadable("026", `The ISA declares an unusable element separator ${JSON.stringify(elementSep)}.`);
  }

  // separators[k - 1] is the separator before ISA k.
  const separators = [3];
  for (let k = 2; k <= 16; k++) {
    const next = text.indexOf(elementSep, (separators[k - 2] ?? 0) + 1);
    if (next < 0) return unreadable("022", `The ISA segment is truncated: ISA${pad2(k)} not found.`);
    separators.push(next);
  }
  const last = separators[15] ?? 0;
  const component = text.charAt(last + 1);
  const segmentSep = text.charAt(last + 2);
  if (component === "" || segmentSep === "") return unreadable("022", "The ISA segment is truncated after ISA15.");

  const isa = ["ISA"];
  for (let k = 1; k <= 15; k++) isa.push(text.slice((separators[k - 1] ?? 0) + 1, separators[k]));
  isa.push(component);

  if (component === elementSep || component === "\r" || component === "\n" || UNUSABLE_DELIMITER.test(component)) {
    return unreadable("027", `The ISA declares an unusable component separator ${JSON.stringify(component)} (ISA16).`);
  }
  if (segmentSep === elementSep || segmentSep === component || UNUSABLE_DELIMITER.test(segmentSep)) {
    return unreadable("004", `The ISA declares an unusable segment terminator ${JSON.stringify(segmentSep)}.`);
  }

  const errors: EdiError[] = [];
  const wrongWidth = ISA_WIDTHS.findIndex((width, i) => (isa[i + 1] ?? "").length !== width);
  if (wrongWidth >= 0) {
    const got = (isa[wrongWidth + 1] ?? "").length;
    errors.push(
      interchangeError(
        "022",
        `The ISA segment is not the fixed 106-character layout: ISA${pad2(wrongWidth + 1)} has ${got} characters, expected ${ISA_WIDTHS[wrongWidth]}.`,
      ),
    );
  }
  const version = isa[12] ?? "";
  if (!SUPPORTED_ISA_VERSIONS.has(version)) {
    errors.push(interchangeError("003", `ISA12 version ${JSON.stringify(version)} is not supported (00401 or 00501).`));
  }
  if (!/^\d{9}$/.test(isa[13] ?? "")) {
    errors.push(interchangeError("018", `ISA13 control number ${JSON.stringify(isa[13])} is not 9 digits.`));
  }

  return {
    delimiters: { element: elementSep, component, segment: segmentSep },
    repetition: version === "00501" ? (isa[11] ?? null) : null,
    isa,
    segments: splitSegments(text.slice(last + 3), elementSep, segmentSep),
    errors,
  };
}

function splitSegments(body: string, elementSep: string, segmentSep: string): Segment[] {
  const segments: Segment[] = [];
  for (const piece of body.split(segmentSep)) {
    const trimmed = piece.trim();
    if (trimmed === "") continue;
    const elements = trimmed.split(elementSep);
    segments.push({ tag: elements[0] ?? "", elements, position: segments.length + 2 });
  }
  return segments;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
