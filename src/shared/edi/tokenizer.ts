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
  /** ISA11 when it is a repetition separator (00402 and later declare one), else null. */
  repetition: string | null;
  /** The ISA's elements, trimmed (index = ISA element number); null when it could not be read. */
  isa: readonly string[] | null;
  /** Every segment after the ISA, in order. */
  segments: Segment[];
  /** Interchange-level errors (TA1 note codes). */
  errors: EdiError[];
}

/** ISA12: any interchange version is read alike; GS08 decides which transaction versions are supported. */
const ISA_VERSION = /^\d{5}$/;
/** The first interchange version whose ISA11 is a repetition separator rather than a standards id. */
const FIRST_REPETITION_VERSION = "00402";
const UNUSABLE_DELIMITER = /[A-Za-z0-9 \t]/;
const LINE_BREAK = /^[\r\n]$/;

/** Reads element `i` of a segment; "" when absent. */
export function element(segment: Segment, i: number): string {
  return segment.elements[i] ?? "";
}

function interchangeError(code: string, message: string): EdiError {
  return { level: "interchange", code, message, segment: "ISA" };
}

/**
 * Reads the ISA's delimiters and fields, then splits the rest of the interchange into
 * segments, liberally as partners send them (DESIGN §5.4): a byte-order mark, whitespace
 * before the ISA, between segments and at the end are ignored; the ISA need not be the fixed
 * 106 characters (its fields are found by the element separator at position 3 and trimmed,
 * and the segment terminator is the character after ISA16 wherever it falls); a line break
 * declared as the terminator also accepts the other line breaks (CR, LF, CRLF).
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
  if (elementSep === "" || LINE_BREAK.test(elementSep) || UNUSABLE_DELIMITER.test(elementSep)) {
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
  for (let k = 1; k <= 15; k++) isa.push(text.slice((separators[k - 1] ?? 0) + 1, separators[k]).trim());
  isa.push(component);

  if (component === elementSep || LINE_BREAK.test(component) || UNUSABLE_DELIMITER.test(component)) {
    return unreadable("027", `The ISA declares an unusable component separator ${JSON.stringify(component)} (ISA16).`);
  }
  if (segmentSep === elementSep || segmentSep === component || UNUSABLE_DELIMITER.test(segmentSep)) {
    return unreadable("004", `The ISA declares an unusable segment terminator ${JSON.stringify(segmentSep)}.`);
  }

  const errors: EdiError[] = [];
  const version = isa[12] ?? "";
  if (!ISA_VERSION.test(version)) {
    errors.push(
      interchangeError("017", `ISA12 version ${JSON.stringify(version)} is not a 5-digit interchange version.`),
    );
  }
  if (!/^\d{9}$/.test(isa[13] ?? "")) {
    errors.push(interchangeError("018", `ISA13 control number ${JSON.stringify(isa[13])} is not 9 digits.`));
  }
  const repetition = isa[11] ?? "";
  const declaresRepetition =
    version >= FIRST_REPETITION_VERSION &&
    repetition.length === 1 &&
    !UNUSABLE_DELIMITER.test(repetition) &&
    ![elementSep, component, segmentSep].includes(repetition);

  return {
    delimiters: { element: elementSep, component, segment: segmentSep },
    repetition: declaresRepetition ? repetition : null,
    isa,
    segments: splitSegments(text.slice(last + 3), elementSep, segmentSep),
    errors,
  };
}

function splitSegments(body: string, elementSep: string, segmentSep: string): Segment[] {
  const segments: Segment[] = [];
  for (const piece of body.split(LINE_BREAK.test(segmentSep) ? /\r\n|\r|\n/ : segmentSep)) {
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
