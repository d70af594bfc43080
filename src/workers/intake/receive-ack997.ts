import { auditEntriesWithText, recordAudits } from "../../shared/db/audit-repository";
import { acknowledgeOutbound } from "../../shared/db/edi-outbound-repository";
import type { Principal } from "../../shared/db/principals-repository";
import { readAck997 } from "../../shared/edi";
import { groupAcks } from "../../shared/edi/outbound/ack997-matching";
import type { Span } from "../../shared/tracing";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";

/** Groups a 997 may acknowledge in one request: one update each, well within D1's queries per invocation. */
const MAX_ACKNOWLEDGED_GROUPS = 500;

/** What the EDI intake answers for a partner's 997: no orders and no 997 of a 997, the documents it acknowledged. */
export interface Ack997Answer {
  status: 200;
  body: {
    interchange_control_number: string | null;
    orders: [];
    ack_997: null;
    acknowledged: { id: string; type: string; po_number: string; control_number: string; ack_status: string }[];
    unmatched: { functional_id: string; group_control_number: string }[];
  };
}

/**
 * A trading partner's 997 for documents we sent (DESIGN §14): each AK1 group names one of our
 * documents by the partner (the 997's ISA sender) and its control number, and sets its
 * `ack_status`. An acknowledgment is never acknowledged. A 997 whose own envelope is broken is
 * refused (422) and changes nothing; the 997 is kept in the audit trail either way.
 */
export async function receiveAck997(
  env: Env,
  raw: string,
  caller: { principal: Principal; span: Span },
): Promise<Ack997Answer> {
  const ack = readAck997(raw);
  const audit = (kind: string, detail: Record<string, unknown>) =>
    auditEntriesWithText(
      { kind, principalId: caller.principal.id, traceId: caller.span.context.traceId, detail },
      "raw_interchange",
      raw,
      { sender_id: ack.sender_id, interchange_control_number: ack.control_number },
    );
  const base = { sender_id: ack.sender_id, interchange_control_number: ack.control_number };
  if (ack.errors.length > 0 || !ack.sender_id) {
    const errors = ack.errors.map((e) => `${e.level} ${e.code} ${e.message}`);
    await recordAudits(env.DB, await audit("edi.ack997_rejected", { ...base, errors }));
    throw new AppError(PROBLEMS.invalidInterchange, `997 rejected: ${errors.join("; ") || "no sender id"}`, {
      interchange_control_number: ack.control_number,
      edi_errors: ack.errors,
    });
  }
  const groups = groupAcks(ack).slice(0, MAX_ACKNOWLEDGED_GROUPS);
  const partnerIsaId = ack.sender_id;
  const matched = await acknowledgeOutbound(
    env.DB,
    groups.map((g) => ({
      partnerIsaId,
      types: g.types,
      controlNumber: g.control_number,
      status: g.status,
      ackInterchange: ack.control_number,
    })),
  );
  const acknowledged = matched.map((r) => ({
    id: r.id,
    type: r.type,
    po_number: r.po_number,
    control_number: String(r.control_number).padStart(9, "0"),
    ack_status: r.ack_status,
  }));
  const unmatched = ack.groups
    .filter((g) => !matched.some((r) => r.control_number === Number(g.group_control_number)))
    .map((g) => ({ functional_id: g.functional_id, group_control_number: g.group_control_number }));
  await recordAudits(env.DB, await audit("edi.ack997_received", { ...base, acknowledged, unmatched }));
  caller.span.set({
    "edi.interchange_control_number": ack.control_number ?? "",
    "edi.acknowledged": acknowledged.length,
  });
  return {
    status: 200,
    body: { interchange_control_number: ack.control_number, orders: [], ack_997: null, acknowledged, unmatched },
  };
}
