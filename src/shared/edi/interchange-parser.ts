import { readEnvelope, segmentCount, type EnvelopeGroup, type EnvelopeSet } from "./envelope";
import { map850, type Map850Context } from "./po850-mapper";
import { amendmentOf850, map860 } from "./po860-mapper";
import { element } from "./tokenizer";
import type {
  EdiAmendment,
  EdiGroupResult,
  EdiInterchangeResult,
  EdiTransactionResult,
  TradingPartners,
} from "./types";

/** The functional ids (GS01) and transaction sets (ST01) this system receives: purchase orders and change orders. */
const RECEIVED_SETS = { sets: { PO: "850", PC: "860" } } as const;

/**
 * Parses one X12 interchange of 850 purchase orders and 860 change orders (004010 or 005010, any delimiters the
 * ISA declares), validates its envelopes and maps each accepted 850 to the §5.1 portal
 * shape. An interchange error rejects everything, a group error its group, a set error its
 * set. The POs are not validated here: the caller runs them through the PurchaseOrder schema.
 *
 * @param raw the interchange as received
 * @param partners trading-partner id (ISA06 trimmed, or an N1*BY id) to customer id
 */
export function parseInterchange(raw: string, partners: TradingPartners): EdiInterchangeResult {
  const envelope = readEnvelope(raw, RECEIVED_SETS);
  const isa = envelope.tokens.isa;
  const accepted = envelope.errors.length === 0;
  const context: Map850Context = { senderId: isa ? (isa[6] ?? "").trim() : null, partners };
  return {
    accepted,
    control_number: isa ? (isa[13] ?? "") : null,
    sender_id: context.senderId,
    receiver_id: isa ? (isa[8] ?? "").trim() : null,
    version: isa ? (isa[12] ?? "") : null,
    errors: envelope.errors,
    groups: envelope.groups.map((group) => groupResult(group, accepted, context)),
    delimiters: envelope.tokens.delimiters,
    isa: isa
      ? {
          sender_qualifier: isa[5] ?? "",
          receiver_qualifier: isa[7] ?? "",
          usage_indicator: isa[15] ?? "",
          repetition: envelope.tokens.repetition,
          date: isa[9] ?? "",
          time: isa[10] ?? "",
          ack_requested: isa[14] === "1",
        }
      : null,
  };
}

function groupResult(group: EnvelopeGroup, interchangeAccepted: boolean, context: Map850Context): EdiGroupResult {
  const envelopeAccepted = interchangeAccepted && group.errors.length === 0;
  const transactions = group.sets.map((set) => transactionResult(set, envelopeAccepted, context));
  const declared = group.trailer ? element(group.trailer, 1) : "";
  return {
    control_number: element(group.header, 6),
    functional_id: element(group.header, 1),
    version: element(group.header, 8),
    application_sender: element(group.header, 2),
    application_receiver: element(group.header, 3),
    declared_set_count: /^\d+$/.test(declared) ? Number(declared) : null,
    // An empty group with a sound envelope is accepted; otherwise one accepted set makes it partial.
    accepted: envelopeAccepted && (transactions.length === 0 || transactions.some((t) => t.accepted)),
    errors: group.errors,
    transactions,
  };
}

function transactionResult(set: EnvelopeSet, envelopeAccepted: boolean, context: Map850Context): EdiTransactionResult {
  const setId = element(set.header, 1);
  const errors = [...set.errors];
  let purchaseOrder: Record<string, unknown> | null = null;
  let amendment: EdiAmendment | null = null;
  // A set that is neither cannot be read as one: its only error is "not supported".
  if (setId === RECEIVED_SETS.sets.PO) {
    const mapped = map850(set.body, context);
    errors.push(...mapped.errors);
    amendment = amendmentOf850(set.body, mapped.purchase_order);
    purchaseOrder = amendment ? null : mapped.purchase_order;
  } else if (setId === RECEIVED_SETS.sets.PC) {
    const mapped = map860(set.body, context);
    errors.push(...mapped.errors);
    amendment = mapped.amendment;
  }
  const accepted = envelopeAccepted && errors.length === 0;
  return {
    control_number: element(set.header, 2),
    set_id: setId,
    accepted,
    errors,
    purchase_order: accepted ? purchaseOrder : null,
    amendment: accepted ? amendment : null,
    segment_count: segmentCount(set),
  };
}
