import { Hono } from "hono";
import { recordAudit } from "../../shared/db/audit-repository";
import { claimInterchange, loadTradingPartners, nextAckControlNumber } from "../../shared/db/edi-repository";
import { build997, parseInterchange, type EdiInterchangeResult } from "../../shared/edi";
import type { AppContext, AppEnv } from "../context";
import { AppError, badRequest } from "../errors";
import { decodeUtf8, readBodyBytes } from "../http/json-body";
import { receiveOrder } from "../intake/receive-order";
import { authenticate } from "../middleware";

const EDI_TYPES = ["application/edi-x12", "application/edi", "text/plain", "text/x12"];

/** Marks an interchange rejected at the envelope (every group R in the 997) for a reason found here. */
function rejectInterchange(result: EdiInterchangeResult, code: string, message: string): EdiInterchangeResult {
  return {
    ...result,
    accepted: false,
    errors: [...result.errors, { level: "interchange", code, message, segment: "ISA" }],
    groups: result.groups.map((g) => ({ ...g, accepted: false, transactions: g.transactions.map((t) => ({ ...t, accepted: false })) })),
  };
}

/** One order of an interchange as the EDI answer lists it. */
type EdiOrderAnswer = { po_number: string | null; status: string; validation: unknown; control_numbers: { group: string; transaction: string } };

async function takeOrders(c: AppContext, result: EdiInterchangeResult): Promise<EdiOrderAnswer[]> {
  const answers: EdiOrderAnswer[] = [];
  for (const group of result.groups) {
    for (const set of group.transactions) {
      if (!set.accepted || !set.purchase_order) continue;
      const control_numbers = { group: group.control_number, transaction: set.control_number };
      const source = { interchange_control_number: result.control_number, group_control_number: group.control_number, transaction_control_number: set.control_number, sender_id: result.sender_id };
      try {
        const outcome = await receiveOrder(c.env, { body: set.purchase_order, channel: "edi", principal: c.get("principal"), span: c.get("span"), source });
        if (outcome.kind === "duplicate") answers.push({ po_number: outcome.po_number, status: "duplicate", validation: { status: "duplicate_detected", errors: [], warnings: [] }, control_numbers });
        else answers.push({ po_number: outcome.view?.po_number ?? null, status: outcome.view?.status ?? "rejected", validation: outcome.view?.validation ?? { status: "rejected", errors: outcome.kind === "rejected" ? outcome.errors : [] }, control_numbers });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const po = typeof set.purchase_order.po_number === "string" ? set.purchase_order.po_number : null;
        answers.push({ po_number: po, status: err.status === 429 ? "deferred" : "rejected", validation: { status: "rejected", errors: err.extensions.errors ?? [{ field: "(order)", message: err.detail }] }, control_numbers });
      }
    }
  }
  return answers;
}

/**
 * EDI X12 850 intake (DESIGN §5.4), for the EDI gateway. The interchange is parsed and its
 * envelopes checked; a broken or repeated interchange records nothing but the audit row and
 * the rejecting 997. Each accepted transaction set becomes an order through the same intake as
 * the portal, naming its control numbers.
 */
export const ediRoutes = new Hono<AppEnv>().post("/", authenticate(["ops"]), async (c) => {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!EDI_TYPES.includes(type)) throw badRequest("unsupported-content-type", `expected Content-Type application/edi-x12 or text/plain, got ${type || "none"}`);
  const raw = decodeUtf8(await readBodyBytes(c.req.raw));
  let result = parseInterchange(raw, await loadTradingPartners(c.env.DB));
  const ackControl = await nextAckControlNumber(c.env.DB);
  const anySetAccepted = result.groups.some((g) => g.transactions.some((t) => t.accepted));
  // Only an interchange that yields orders claims its control number: a wholly rejected one
  // may be corrected and sent again under the same number.
  if (result.accepted && anySetAccepted && result.sender_id && result.control_number && !(await claimInterchange(c.env.DB, result.sender_id, result.control_number, ackControl))) {
    result = rejectInterchange(result, "025", `interchange control number ${result.control_number} from ${result.sender_id} was already received`);
  }
  const taken = result.accepted && anySetAccepted;
  const ack_997 = build997(result, { now: new Date(), controlNumber: ackControl });
  const orders = taken ? await takeOrders(c, result) : [];
  await recordAudit(c.env.DB, {
    kind: taken ? "edi.interchange" : "edi.interchange_rejected",
    principalId: c.get("principal").id,
    traceId: c.get("span").context.traceId,
    detail: {
      sender_id: result.sender_id,
      interchange_control_number: result.control_number,
      ack_control_number: ackControl,
      errors: [...result.errors, ...result.groups.flatMap((g) => [...g.errors, ...g.transactions.flatMap((t) => t.errors)])].map((e) => `${e.level} ${e.code} ${e.message}`),
      orders: orders.map((o) => o.po_number ?? "(none)"),
      raw_interchange: raw,
      ack_997,
    },
  });
  c.get("span").set({ "edi.interchange_control_number": result.control_number ?? "", "edi.accepted": taken, "edi.orders": orders.length });
  if (!taken) {
    const duplicate = result.errors.some((e) => e.code === "025");
    const reasons = result.errors.length ? result.errors : result.groups.flatMap((g) => [...g.errors, ...g.transactions.flatMap((t) => t.errors)]);
    throw new AppError(duplicate ? 409 : 422, duplicate ? "duplicate-interchange" : "invalid-interchange", `interchange rejected: ${reasons.map((e) => e.message).join("; ")}`, {
      interchange_control_number: result.control_number,
      ack_997,
      edi_errors: reasons,
    });
  }
  return c.json({ interchange_control_number: result.control_number, orders, ack_997 }, 202);
});
