import { element, tokenize, type Segment, type Tokenized } from "./tokenizer";
import type { EdiError } from "./types";

/** One ST/SE transaction set with its body (the segments between ST and SE). */
export interface EnvelopeSet {
  header: Segment;
  trailer: Segment | null;
  body: Segment[];
  /** AK5 codes: envelope faults of this set. */
  errors: EdiError[];
}

/** One GS/GE functional group. */
export interface EnvelopeGroup {
  header: Segment;
  trailer: Segment | null;
  sets: EnvelopeSet[];
  /** AK9 codes: envelope faults of this group. */
  errors: EdiError[];
}

/** An interchange read into its envelopes and checked against their control totals. */
export interface Envelope {
  tokens: Tokenized;
  groups: EnvelopeGroup[];
  trailer: Segment | null;
  /** Interchange-level errors (TA1 note codes), including the ISA's. */
  errors: EdiError[];
}

/** What an interchange may carry: each functional id (GS01) it accepts and the set id (ST01) its groups hold. */
export interface EnvelopeRules {
  sets: Readonly<Record<string, string>>;
}

const SUPPORTED_GS_VERSION = /^00(4010|5010)/;
const SEGMENT_TAG = /^[A-Z][A-Z0-9]{1,2}$/;

const groupError = (code: string, message: string, segment: string): EdiError => ({
  level: "group",
  code,
  message,
  segment,
});
const setError = (code: string, message: string, segment: string): EdiError => ({
  level: "transaction",
  code,
  message,
  segment,
});

const isCount = (value: string, expected: number) => /^\d+$/.test(value) && Number(value) === expected;

/**
 * Reads an interchange's ISA/GS/ST nesting and validates its envelopes: ISA13 = IEA02,
 * IEA01 = groups, GS06 = GE02, GE01 = sets, ST02 = SE02, SE01 = segments, trailers present.
 * A segment out of place (outside a set, after IEA, a second ISA) breaks the control
 * structure of the whole interchange (TA1 022), since what it belongs to is unknowable.
 */
export function readEnvelope(raw: string, rules: EnvelopeRules): Envelope {
  const tokens = tokenize(raw);
  const errors: EdiError[] = [...tokens.errors];
  const groups: EnvelopeGroup[] = [];
  const open: { group: EnvelopeGroup | null; set: EnvelopeSet | null } = { group: null, set: null };
  let trailer: Segment | null = null;

  const misplaced = (segment: Segment, where: string) =>
    errors.push({
      level: "interchange",
      code: "022",
      message: `Segment ${segment.position} (${segment.tag}) ${where}.`,
      segment: segment.tag,
    });
  const closeSet = (se: Segment | null) => {
    if (open.set) finishSet(open.set, se);
    open.set = null;
  };
  const closeGroup = (ge: Segment | null) => {
    closeSet(null);
    if (open.group) finishGroup(open.group, ge);
    open.group = null;
  };

  for (const segment of tokens.segments) {
    if (trailer) {
      misplaced(segment, "follows the IEA trailer");
      continue;
    }
    switch (segment.tag) {
      case "ISA":
        misplaced(segment, "starts a second interchange; send one interchange at a time");
        break;
      case "GS":
        closeGroup(null);
        open.group = openGroup(segment, rules);
        groups.push(open.group);
        break;
      case "ST":
        if (!open.group) {
          misplaced(segment, "is outside a functional group");
          break;
        }
        closeSet(null);
        open.set = openSet(segment, open.group, rules);
        open.group.sets.push(open.set);
        break;
      case "SE":
        if (!open.set) misplaced(segment, "has no matching ST");
        else closeSet(segment);
        break;
      case "GE":
        if (!open.group) misplaced(segment, "has no matching GS");
        else closeGroup(segment);
        break;
      case "IEA":
        closeGroup(null);
        trailer = segment;
        break;
      default:
        if (!open.set) misplaced(segment, "is outside a transaction set");
        else addToBody(open.set, segment);
    }
  }
  closeGroup(null);

  if (tokens.isa) {
    if (!trailer) {
      errors.push({ level: "interchange", code: "023", message: "The IEA trailer is missing.", segment: "IEA" });
    } else {
      const declared = element(trailer, 1);
      if (!isCount(declared, groups.length)) {
        errors.push({
          level: "interchange",
          code: "021",
          message: `IEA01 says ${JSON.stringify(declared)} functional groups; the interchange has ${groups.length}.`,
          segment: "IEA",
        });
      }
      if (element(trailer, 2) !== tokens.isa[13]) {
        errors.push({
          level: "interchange",
          code: "001",
          message: `IEA02 ${JSON.stringify(element(trailer, 2))} does not match ISA13 ${JSON.stringify(tokens.isa[13])}.`,
          segment: "IEA",
        });
      }
    }
  }
  return { tokens, groups, trailer, errors };
}

function openGroup(gs: Segment, rules: EnvelopeRules): EnvelopeGroup {
  const group: EnvelopeGroup = { header: gs, trailer: null, sets: [], errors: [] };
  const functionalId = element(gs, 1);
  if (!Object.hasOwn(rules.sets, functionalId)) {
    group.errors.push(
      groupError(
        "1",
        `Functional group ${JSON.stringify(functionalId)} is not supported (${Object.keys(rules.sets).join(", ")}).`,
        "GS",
      ),
    );
  }
  if (!SUPPORTED_GS_VERSION.test(element(gs, 8))) {
    group.errors.push(
      groupError("2", `GS08 version ${JSON.stringify(element(gs, 8))} is not supported (004010 or 005010).`, "GS"),
    );
  }
  if (!/^\d{1,9}$/.test(element(gs, 6))) {
    group.errors.push(
      groupError("6", `GS06 control number ${JSON.stringify(element(gs, 6))} is not 1 to 9 digits.`, "GS"),
    );
  }
  return group;
}

function finishGroup(group: EnvelopeGroup, ge: Segment | null): void {
  const control = element(group.header, 6);
  if (!ge) {
    group.errors.push(groupError("3", `Functional group ${control} has no GE trailer.`, "GE"));
    return;
  }
  group.trailer = ge;
  if (element(ge, 2) !== control) {
    group.errors.push(
      groupError("4", `GE02 ${JSON.stringify(element(ge, 2))} does not match GS06 ${JSON.stringify(control)}.`, "GE"),
    );
  }
  if (!isCount(element(ge, 1), group.sets.length)) {
    group.errors.push(
      groupError(
        "5",
        `GE01 says ${JSON.stringify(element(ge, 1))} transaction sets; the group has ${group.sets.length}.`,
        "GE",
      ),
    );
  }
}

function openSet(st: Segment, group: EnvelopeGroup, rules: EnvelopeRules): EnvelopeSet {
  const set: EnvelopeSet = { header: st, trailer: null, body: [], errors: [] };
  const setId = element(st, 1);
  const control = element(st, 2);
  const expected = rules.sets[element(group.header, 1)] ?? Object.values(rules.sets).join(", ");
  if (setId !== expected) {
    set.errors.push(setError("1", `Transaction set ${JSON.stringify(setId)} is not supported (${expected}).`, "ST"));
  }
  if (!/^\S{4,9}$/.test(control)) {
    set.errors.push(setError("7", `ST02 control number ${JSON.stringify(control)} is not 4 to 9 characters.`, "ST"));
  } else if (group.sets.some((other) => element(other.header, 2) === control)) {
    set.errors.push(setError("23", `ST02 control number ${control} is used twice in the group.`, "ST"));
  }
  return set;
}

function addToBody(set: EnvelopeSet, segment: Segment): void {
  set.body.push(segment);
  if (!SEGMENT_TAG.test(segment.tag)) {
    const error = setError(
      "5",
      `Segment ${segment.position} has an invalid tag ${JSON.stringify(segment.tag)}.`,
      segment.tag,
    );
    // AK301 can only name a tag of two or three letters and digits; AK304 "1" is an unrecognized segment id.
    const named = /^[A-Z0-9]{2,3}$/.test(segment.tag);
    set.errors.push(named ? { ...error, segment_position: set.body.length + 1, segment_error: "1" } : error);
  }
}

function finishSet(set: EnvelopeSet, se: Segment | null): void {
  const control = element(set.header, 2);
  if (!se) {
    set.errors.push(setError("2", `Transaction set ${control} has no SE trailer.`, "SE"));
    return;
  }
  set.trailer = se;
  if (element(se, 2) !== control) {
    set.errors.push(
      setError("3", `SE02 ${JSON.stringify(element(se, 2))} does not match ST02 ${JSON.stringify(control)}.`, "SE"),
    );
  }
  const count = set.body.length + 2;
  if (!isCount(element(se, 1), count)) {
    set.errors.push(setError("4", `SE01 says ${JSON.stringify(element(se, 1))} segments; the set has ${count}.`, "SE"));
  }
}

/** Segments from ST to SE inclusive, or to the set's last segment when SE is missing. */
export function segmentCount(set: EnvelopeSet): number {
  return set.body.length + (set.trailer ? 2 : 1);
}
