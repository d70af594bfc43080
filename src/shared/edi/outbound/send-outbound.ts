import { finishOutbound, loadOutboundPartner, reserveOutbound } from "../../db/edi-outbound-repository";
import { buildDocument } from "./build-document";
import type { OutboundDue } from "./outbound-document";
import type { X12Party } from "./x12-writer";

/** Our own interchange id, from config (`EDI_ISA_QUALIFIER`, `EDI_ISA_ID`). */
export function ourParty(env: Pick<Env, "EDI_ISA_QUALIFIER" | "EDI_ISA_ID">): X12Party {
  return { qualifier: env.EDI_ISA_QUALIFIER || "ZZ", id: env.EDI_ISA_ID || "EDGEORDERS" };
}

/**
 * Whether a partner wants a document of `type`: those its `documents` name, and an 865 wherever
 * an 855 is wanted, since the 865 is the 855 of a change order (DESIGN §14 lists the partners'
 * wants as 855/856/810 and answers a change order with an 865).
 */
export function partnerWants(documents: readonly string[], type: string): boolean {
  return documents.includes(type) || (type === "865" && documents.includes("855"));
}

/** What became of a document due. */
export type OutboundOutcome =
  | { sent: false; reason: "not a trading partner" | "not wanted by the partner" }
  | { sent: true; id: string; control_number: number };

/**
 * Generates one document due, at most once: nothing when the customer is no trading partner or
 * the partner does not want the type; else its row and control number are reserved (or found,
 * on a redelivery), and its text and audit row written once. Safe to run again after any failure.
 */
export async function sendOutbound(
  env: Pick<Env, "DB" | "EDI_ISA_QUALIFIER" | "EDI_ISA_ID">,
  due: OutboundDue,
): Promise<OutboundOutcome> {
  const partner = await loadOutboundPartner(env.DB, { senderId: due.sender_id, customerId: due.customer_id });
  if (!partner) return { sent: false, reason: "not a trading partner" };
  const type = due.document.type;
  if (!partnerWants(partner.documents, type)) return { sent: false, reason: "not wanted by the partner" };
  const sender = ourParty(env);
  const row = await reserveOutbound(env.DB, {
    ourId: sender.id,
    partner,
    type,
    customerId: due.customer_id,
    poNumber: due.po_number,
    eventSeq: due.event_seq,
  });
  if (row.x12 === null) {
    const x12 = buildDocument(due.document, {
      sender,
      receiver: { qualifier: partner.isaQualifier, id: partner.isaId },
      controlNumber: row.control_number,
      now: new Date(row.created_at),
    });
    const detail = {
      id: row.id,
      partner_id: partner.partnerId,
      type,
      customer_id: due.customer_id,
      event_seq: due.event_seq,
      control_number: row.control_number,
      x12,
    };
    await finishOutbound(env.DB, row.id, x12, [{ kind: "edi.outbound", poNumber: due.po_number, detail }]);
  }
  return { sent: true, id: row.id, control_number: row.control_number };
}
