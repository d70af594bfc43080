import { readEnvelope } from "./envelope";
import { element, type Segment } from "./tokenizer";
import type { EdiDelimiters, EdiError } from "./types";

/** One AK2/AK5 pair: how a received transaction set was acknowledged. */
export interface Ack997SetStatus {
  /** AK201. */
  set_id: string;
  /** AK202. */
  control_number: string;
  /** AK501: "A", "E" or "R". */
  status: string;
  /** AK502..AK506. */
  codes: string[];
}

/** One 997 transaction set: how a received functional group was acknowledged. */
export interface Ack997GroupStatus {
  /** ST02 of the 997 set. */
  ack_control_number: string;
  /** AK101. */
  functional_id: string;
  /** AK102. */
  group_control_number: string;
  /** AK901: "A", "E", "P" or "R". */
  status: string;
  /** AK902, AK903, AK904 (NaN when not a number). */
  included: number;
  received: number;
  accepted: number;
  /** AK905..AK909. */
  codes: string[];
  sets: Ack997SetStatus[];
}

/** A 997 interchange as read back. */
export interface Ack997 {
  /** ISA13. */
  control_number: string | null;
  /** ISA05 / ISA06 (trimmed) / ISA07 / ISA08 (trimmed). */
  sender_qualifier: string | null;
  sender_id: string | null;
  receiver_qualifier: string | null;
  receiver_id: string | null;
  /** ISA12. */
  version: string | null;
  /** ISA15. */
  usage_indicator: string | null;
  delimiters: EdiDelimiters | null;
  /** GS02 and GS03 of the FA group; null without one. */
  application_sender: string | null;
  application_receiver: string | null;
  /** Envelope faults of the 997 itself (control numbers, SE01/GE01/IEA01 counts), all levels. */
  errors: EdiError[];
  groups: Ack997GroupStatus[];
}

/**
 * Reads a 997 interchange back: its envelope (validated like any interchange, expecting FA
 * groups of 997 sets) and each set's AK1/AK2/AK5/AK9 values. Meant for tests and for
 * inspecting acknowledgments in the audit trail.
 */
export function readAck997(text: string): Ack997 {
  const envelope = readEnvelope(text, { sets: { FA: "997" } });
  const isa = envelope.tokens.isa;
  const errors: EdiError[] = [...envelope.errors];
  const groups: Ack997GroupStatus[] = [];
  for (const group of envelope.groups) {
    errors.push(...group.errors);
    for (const set of group.sets) {
      errors.push(...set.errors);
      groups.push(readSet(element(set.header, 2), set.body, errors));
    }
  }
  const fa = envelope.groups[0]?.header;
  return {
    control_number: isa?.[13] ?? null,
    sender_qualifier: isa?.[5] ?? null,
    sender_id: isa ? (isa[6] ?? "").trim() : null,
    receiver_qualifier: isa?.[7] ?? null,
    receiver_id: isa ? (isa[8] ?? "").trim() : null,
    version: isa?.[12] ?? null,
    usage_indicator: isa?.[15] ?? null,
    delimiters: envelope.tokens.delimiters,
    application_sender: fa ? element(fa, 2) : null,
    application_receiver: fa ? element(fa, 3) : null,
    errors,
    groups,
  };
}

function readSet(control: string, body: readonly Segment[], errors: EdiError[]): Ack997GroupStatus {
  const status: Ack997GroupStatus = {
    ack_control_number: control,
    functional_id: "",
    group_control_number: "",
    status: "",
    included: Number.NaN,
    received: Number.NaN,
    accepted: Number.NaN,
    codes: [],
    sets: [],
  };
  const fault = (message: string, segment: string) =>
    errors.push({ level: "transaction", code: "5", message, segment });
  for (const segment of body) {
    switch (segment.tag) {
      case "AK1":
        status.functional_id = element(segment, 1);
        status.group_control_number = element(segment, 2);
        break;
      case "AK2":
        status.sets.push({ set_id: element(segment, 1), control_number: element(segment, 2), status: "", codes: [] });
        break;
      case "AK5": {
        const last = status.sets.at(-1);
        if (!last) fault(`997 ${control}: AK5 without a preceding AK2.`, "AK5");
        else {
          last.status = element(segment, 1);
          last.codes = segment.elements.slice(2, 7).filter((c) => c !== "");
        }
        break;
      }
      case "AK9":
        status.status = element(segment, 1);
        status.included = toCount(element(segment, 2));
        status.received = toCount(element(segment, 3));
        status.accepted = toCount(element(segment, 4));
        status.codes = segment.elements.slice(5, 10).filter((c) => c !== "");
        break;
    }
  }
  if (status.functional_id === "") fault(`997 ${control}: AK1 is missing.`, "AK1");
  if (status.status === "") fault(`997 ${control}: AK9 is missing.`, "AK9");
  return status;
}

function toCount(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}
