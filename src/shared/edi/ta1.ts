import { type Build997Options, DEFAULT_DELIMITERS, replyIsa, serialize } from "./ack997-builder";
import type { EdiInterchangeResult } from "./types";

/** TA104: the interchange accepted, accepted with errors noted, or rejected. */
export type Ta1Status = "A" | "E" | "R";

/** TA105 "000": no error. The other note codes are the interchange-level `EdiError` codes (types.ts). */
export const TA1_NO_ERROR = "000";

/** Whether an interchange is answered with a TA1: its envelope is at fault, or ISA14 asks for one. */
export function wantsTa1(result: EdiInterchangeResult): boolean {
  return !result.accepted || result.isa?.ack_requested === true;
}

/**
 * TA104 and TA105 for an interchange: "R" with the first interchange error's note code when
 * the envelope is rejected, else "A" with "000". ("E", accepted with errors, is not used: an
 * envelope this system can read liberally is accepted, one it cannot is rejected.)
 */
export function ta1Verdict(result: EdiInterchangeResult): { status: Ta1Status; note: string } {
  const fault = result.errors.find((e) => e.level === "interchange");
  if (!result.accepted) return { status: "R", note: fault?.code ?? "022" };
  return { status: "A", note: TA1_NO_ERROR };
}

/**
 * Builds the TA1 interchange acknowledgment answering `result`, as an interchange of its own
 * (ISA, TA1, IEA with no groups): TA101 the received ISA13, TA102/TA103 the received ISA09/ISA10,
 * TA104/TA105 its verdict. Where the ISA could not be read, TA101 is nine zeros and TA102/TA103
 * are when the TA1 is made, since nothing better is known.
 */
export function buildTa1(result: EdiInterchangeResult, options: Build997Options): string {
  if (!/^\d{1,9}$/.test(options.controlNumber)) {
    throw new RangeError(`controlNumber must be 1 to 9 digits, got ${JSON.stringify(options.controlNumber)}`);
  }
  const iso = options.now.toISOString();
  const received = result.control_number ?? "";
  const date = result.isa?.date ?? "";
  const time = result.isa?.time ?? "";
  const { status, note } = ta1Verdict(result);
  const ta1 = [
    "TA1",
    /^\d{9}$/.test(received) ? received : "000000000",
    /^\d{6}$/.test(date) ? date : iso.slice(2, 10).replaceAll("-", ""),
    /^\d{4}$/.test(time) ? time : iso.slice(11, 16).replace(":", ""),
    status,
    note,
  ];
  const control = options.controlNumber.padStart(9, "0");
  return serialize([replyIsa(result, options), ta1, ["IEA", "0", control]], result.delimiters ?? DEFAULT_DELIMITERS);
}
