import type { CancelRequest, ChangeRequest } from "../schemas/amendment.schema";

/**
 * Result types of the EDI X12 module (DESIGN §5.4).
 *
 * Error codes by level:
 * - `interchange`: TA1 interchange note codes (TA105), e.g. "001" control numbers differ,
 *   "021" wrong group count, "022" invalid control structure, "023" premature end of file.
 * - `group`: 997 AK9 functional group error codes (AK905), e.g. "4" control numbers differ.
 * - `transaction`: 997 AK5 transaction set error codes (AK502), e.g. "5" segments in error.
 *
 * A transaction error that names where it is (`segment_position`) becomes a 997 AK3 segment
 * note, and with `element_position` also an AK4 element note under it.
 */

/** One problem found in an interchange, at the envelope level that it rejects. */
export interface EdiError {
  level: "interchange" | "group" | "transaction";
  code: string;
  message: string;
  /** Tag of the segment at fault, e.g. "SE". */
  segment?: string;
  /** AK302: the segment's position in its transaction set, ST being 1. */
  segment_position?: number;
  /** AK304 segment syntax error code, e.g. "3" mandatory segment missing, "8" data element errors. */
  segment_error?: string;
  /** AK401: the element's position in the segment, e.g. 2 for PO102. */
  element_position?: number;
  /** AK402: the X12 data element reference number, e.g. "330" quantity ordered. */
  element_reference?: string;
  /** AK403 data element syntax error code, e.g. "1" missing, "6" invalid character, "8" invalid date. */
  element_error?: string;
  /** AK404: a copy of the value in error. */
  bad_value?: string;
}

/** One ST/SE transaction set as received. */
export interface EdiTransactionResult {
  /** ST02. */
  control_number: string;
  /** ST01, e.g. "850". */
  set_id: string;
  /** False when the set, its group or the interchange has an error. */
  accepted: boolean;
  /** Errors of this set only (group and interchange errors are on their own results). */
  errors: EdiError[];
  /** The §5.1 portal JSON shape, not yet validated; null unless the set was accepted. */
  purchase_order: Record<string, unknown> | null;
  /** What an accepted 860, or an 850 with BEG01 `01`/`05`, asks of an existing order (it then carries no `purchase_order`). */
  amendment?: EdiAmendment | null;
  /** Segments counted from ST to SE inclusive (to the last segment when SE is missing). */
  segment_count: number;
}

/** One GS/GE functional group as received. */
export interface EdiGroupResult {
  /** GS06. */
  control_number: string;
  /** GS01, e.g. "PO". */
  functional_id: string;
  /** GS08, e.g. "004010" or "005010". */
  version: string;
  /** GS02, the application sender's code. */
  application_sender: string;
  /** GS03, the application receiver's code. */
  application_receiver: string;
  /** GE01 as declared; null when GE is missing or GE01 is not a number. */
  declared_set_count: number | null;
  /** True when the group is accepted in whole or in part (997 AK9 "A" or "P"). */
  accepted: boolean;
  /** Errors of this group's envelope only. */
  errors: EdiError[];
  transactions: EdiTransactionResult[];
}

/** The delimiters an ISA declares. */
export interface EdiDelimiters {
  element: string;
  component: string;
  segment: string;
}

/** ISA fields a 997 needs besides the ids. */
export interface IsaEnvelopeInfo {
  /** ISA05. */
  sender_qualifier: string;
  /** ISA07. */
  receiver_qualifier: string;
  /** ISA15: "P" production or "T" test. */
  usage_indicator: string;
  /** ISA11 when it is a repetition separator (00402 and later); null in 00401, where ISA11 is a standards id. */
  repetition: string | null;
  /** ISA09 (YYMMDD) and ISA10 (HHMM) as received, which a TA1 repeats. */
  date: string;
  time: string;
  /** ISA14 = "1": the sender asks for a TA1 interchange acknowledgment. */
  ack_requested: boolean;
}

/** Everything parseInterchange found in one interchange. */
export interface EdiInterchangeResult {
  /** False when the interchange envelope has an error: then every group is rejected. */
  accepted: boolean;
  /** ISA13 as received (9 digits). */
  control_number: string | null;
  /** ISA06, trimmed. */
  sender_id: string | null;
  /** ISA08, trimmed. */
  receiver_id: string | null;
  /** ISA12, e.g. "00401". */
  version: string | null;
  /** Interchange-level errors only. */
  errors: EdiError[];
  groups: EdiGroupResult[];
  /** Null when no delimiters could be read from the ISA. */
  delimiters: EdiDelimiters | null;
  /** Null when the ISA could not be read. */
  isa: IsaEnvelopeInfo | null;
}

/** Trading-partner id (ISA06 trimmed, or an N1*BY identifier) to customer id. */
export type TradingPartners = ReadonlyMap<string, string>;

/**
 * An amendment an EDI set asks for (DESIGN §14), in the shape the API's commands take: a
 * cancellation of the whole order, or a change. `replace` (an 850 with BEG01 `05`) means the
 * lines are the order's whole new line set: lines of the order missing from it go to 0, which
 * only the order itself can say, so the caller fills them in.
 */
export type EdiAmendment =
  | { kind: "cancel"; po_number: string; customer_id: string | null; request: CancelRequest }
  | { kind: "change"; po_number: string; customer_id: string | null; request: ChangeRequest; replace: boolean };
