import { auditEntriesWithText, recordAudit, recordAudits, type AuditEntry } from "../../shared/db/audit-repository";
import { D1_MAX_QUERIES_PER_INVOCATION } from "../../shared/db/d1-limits";
import type { Principal } from "../../shared/db/principals-repository";
import {
  claimInterchange,
  finishInterchange,
  loadTakenSets,
  loadTradingPartners,
  nextControlNumber,
  recordTakenSet,
} from "../../shared/db/edi-repository";
import {
  build997,
  buildTa1,
  interchangeErrors,
  interchangeFingerprint,
  interchangeQueryBudget,
  isAmendmentSet,
  MAX_SETS_PER_INTERCHANGE,
  parseInterchange,
  takeableSets,
  wantsTa1,
  withTakenSets,
  type AmendmentSet,
  type EdiInterchangeResult,
  type EdiOrderAnswer,
  type OrderSet,
  type TakenSet,
} from "../../shared/edi";
import type { Span } from "../../shared/tracing";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";
import { takeAmendmentSet } from "./take-amendment-set";
import { takeTransactionSet } from "./take-transaction-set";

/** What the EDI intake answers once every set of the interchange is taken. */
export interface InterchangeAnswer {
  status: 202;
  /** `ta1` is null unless the envelope is at fault or ISA14 asks for one (DESIGN §14). */
  body: { interchange_control_number: string; orders: EdiOrderAnswer[]; ack_997: string; ta1: string | null };
}

/** A resent interchange is asked to wait this long before trying again after a failure. */
const RESEND_AFTER_SECONDS = 30;

type Caller = { principal: Principal; span: Span };

/** Marks an interchange rejected at the envelope (every group R in the 997) for a reason found here. */
function rejectInterchange(result: EdiInterchangeResult, code: string, message: string): EdiInterchangeResult {
  return {
    ...result,
    accepted: false,
    errors: [...result.errors, { level: "interchange", code, message, segment: "ISA" }],
    groups: result.groups.map((g) => ({
      ...g,
      accepted: false,
      transactions: g.transactions.map((t) => ({ ...t, accepted: false })),
    })),
  };
}

/** The next control number of an interchange answering `result`, from our id it was sent to (ISA08) to its sender. */
function nextAnswerControlNumber(env: Env, result: EdiInterchangeResult): Promise<string> {
  return nextControlNumber(env.DB, result.receiver_id ?? "", result.sender_id ?? "");
}

/** The TA1 answering an interchange, under a control number of its own; null when none is wanted. */
async function ta1Of(env: Env, result: EdiInterchangeResult): Promise<string | null> {
  if (!wantsTa1(result)) return null;
  return buildTa1(result, { now: new Date(), controlNumber: await nextAnswerControlNumber(env, result) });
}

function auditEntry(kind: string, caller: Caller, detail: Record<string, unknown>): AuditEntry {
  return { kind, principalId: caller.principal.id, traceId: caller.span.context.traceId, detail };
}

/** The audit rows of one interchange: the raw text kept whole, in part rows when it is too long for one. */
function interchangeAudit(
  kind: string,
  caller: Caller,
  result: EdiInterchangeResult,
  raw: string,
  detail: Record<string, unknown>,
): Promise<AuditEntry[]> {
  const ids = { sender_id: result.sender_id, interchange_control_number: result.control_number };
  return auditEntriesWithText(auditEntry(kind, caller, { ...ids, ...detail }), "raw_interchange", raw, ids);
}

/** Answers a wholly rejected or repeated interchange: the audit row and the rejecting 997 in a 422 or 409 problem. */
async function refuseInterchange(
  env: Env,
  caller: Caller,
  result: EdiInterchangeResult,
  raw: string,
  ackControlNumber?: string,
): Promise<never> {
  const ackControl = ackControlNumber ?? (await nextAnswerControlNumber(env, result));
  const ack_997 = build997(result, { now: new Date(), controlNumber: ackControl });
  const ta1 = await ta1Of(env, result);
  const errors = interchangeErrors(result);
  const audit = await interchangeAudit("edi.interchange_rejected", caller, result, raw, {
    ack_control_number: ackControl,
    errors: errors.map((e) => `${e.level} ${e.code} ${e.message}`),
    orders: [],
    ack_997,
    ta1,
  });
  await recordAudits(env.DB, audit);
  caller.span.set({
    "edi.interchange_control_number": result.control_number ?? "",
    "edi.accepted": false,
    "edi.orders": 0,
  });
  const duplicate = result.errors.some((e) => e.code === "025");
  const reasons = result.errors.length ? result.errors : errors;
  throw new AppError(
    duplicate ? PROBLEMS.duplicateInterchange : PROBLEMS.invalidInterchange,
    `interchange rejected: ${reasons.map((e) => e.message).join("; ")}`,
    {
      interchange_control_number: result.control_number,
      ack_997,
      ta1,
      edi_errors: reasons,
    },
  );
}

/** Refuses an interchange too large to take in one request (D1's queries per invocation) with a 413 naming the limit. */
async function refuseTooLarge(
  env: Env,
  caller: Caller,
  result: EdiInterchangeResult,
  raw: string,
  sets: readonly (OrderSet | AmendmentSet)[],
  queries: number,
): Promise<never> {
  const limit = {
    limit: "d1-queries-per-invocation",
    max_queries: D1_MAX_QUERIES_PER_INVOCATION,
    estimated_queries: queries,
    transaction_sets: sets.length,
    max_transaction_sets: MAX_SETS_PER_INTERCHANGE,
  };
  const audit = await interchangeAudit("edi.interchange_refused", caller, result, raw, limit);
  await recordAudits(env.DB, audit);
  throw new AppError(
    PROBLEMS.interchangeTooLarge,
    `taking this interchange's ${sets.length} transaction sets would make about ${queries} database queries, ` +
      `over D1's limit of ${D1_MAX_QUERIES_PER_INVOCATION} per request; ` +
      `send at most ${MAX_SETS_PER_INTERCHANGE} transaction sets (of up to 100 distinct SKUs each) per interchange`,
    { interchange_control_number: result.control_number, ...limit },
  );
}

/**
 * Takes the sets not taken yet, one at a time, recording each as it is done. A failure part-way
 * leaves the claim unfinished with what was done recorded and an audit row saying so, and
 * answers 503: the same interchange sent again takes only what is missing.
 */
async function takeMissingSets(
  env: Env,
  caller: Caller,
  result: EdiInterchangeResult,
  raw: string,
  sets: readonly (OrderSet | AmendmentSet)[],
  taken: Map<string, TakenSet>,
): Promise<void> {
  const at = { senderId: result.sender_id ?? "", controlNumber: result.control_number ?? "" };
  try {
    for (const s of sets) {
      if (taken.has(s.key)) continue;
      const done = isAmendmentSet(s)
        ? await takeAmendmentSet(env, result, s, caller)
        : await takeTransactionSet(env, result, s, caller);
      await recordTakenSet(env.DB, { ...at, group: s.group.control_number, transaction: s.set.control_number }, done);
      taken.set(s.key, done);
    }
  } catch (err) {
    const detail = {
      transaction_sets: sets.length,
      taken: [...taken.keys()],
      error: err instanceof Error ? err.message : String(err),
    };
    console.error(
      JSON.stringify({ msg: "interchange left unfinished", ...at, ...detail, trace_id: caller.span.context.traceId }),
    );
    caller.span.set({ "error.message": detail.error });
    // The 503 stands even when the audit cannot be written: the claim stays unfinished either way.
    const audit = await interchangeAudit("edi.interchange_incomplete", caller, result, raw, detail);
    await recordAudits(env.DB, audit).catch((auditErr: unknown) =>
      console.error(
        JSON.stringify({ msg: "could not audit an unfinished interchange", ...at, error: String(auditErr) }),
      ),
    );
    throw new AppError(
      PROBLEMS.interchangeIncomplete,
      `${taken.size} of ${sets.length} transaction sets were taken before a failure; send the same interchange again to take the rest`,
      {
        headers: { "retry-after": String(RESEND_AFTER_SECONDS) },
        interchange_control_number: result.control_number,
        transaction_sets: sets.length,
        taken: taken.size,
      },
    );
  }
}

/**
 * EDI X12 850/860 intake (DESIGN §5.4, §14). Parses and checks the envelopes; a broken interchange,
 * or a different one under a control number already claimed, records only its audit row and answers
 * the rejecting 997. Otherwise the control number is claimed, each set accepted at the envelope
 * becomes an order or amends one (or is a rejection in the 997), and the 997 and audit row are written together
 * once every set is taken. Sending the same interchange again finishes an unfinished one and
 * never doubles an order; a finished one is refused as a duplicate (409) carrying its original
 * answer and 997.
 */
export async function receiveInterchange(env: Env, raw: string, caller: Caller): Promise<InterchangeAnswer> {
  const parsed = parseInterchange(raw, await loadTradingPartners(env.DB));
  const sets = takeableSets(parsed);
  const { sender_id: senderId, control_number: controlNumber } = parsed;
  // Only an interchange that yields orders claims its control number: a wholly rejected one
  // may be corrected and sent again under the same number.
  if (!parsed.accepted || sets.length === 0 || !senderId || !controlNumber)
    return refuseInterchange(env, caller, parsed, raw);
  const budget = interchangeQueryBudget(sets);
  if (!budget.withinLimit) return refuseTooLarge(env, caller, parsed, raw, sets, budget.queries);

  const fingerprint = await interchangeFingerprint(parsed);
  const ackControlNumber = await nextAnswerControlNumber(env, parsed);
  const claim = await claimInterchange(env.DB, { senderId, controlNumber, ackControlNumber, fingerprint });
  if (claim.fingerprint !== fingerprint) {
    const refused = rejectInterchange(
      parsed,
      "025",
      `interchange control number ${controlNumber} from ${senderId} was already received with other content`,
    );
    return refuseInterchange(env, caller, refused, raw, ackControlNumber);
  }
  const taken = claim.claimedNow ? new Map<string, TakenSet>() : await loadTakenSets(env.DB, senderId, controlNumber);
  const answer = (ack_997: string) => ({
    interchange_control_number: controlNumber,
    orders: sets.flatMap((s) => taken.get(s.key)?.order ?? []),
    ack_997,
  });
  caller.span.set({ "edi.interchange_control_number": controlNumber, "edi.resent": !claim.claimedNow });
  if (claim.ack997 !== null) {
    // A resend of a finished interchange (a VAN retrying, a 997 lost on the way) is refused as a
    // duplicate, as before, but carries the original answer and 997 for the partner to keep.
    await recordAudit(
      env.DB,
      auditEntry("edi.interchange_resent", caller, {
        sender_id: senderId,
        interchange_control_number: controlNumber,
        ack_control_number: claim.ackControlNumber,
      }),
    );
    throw new AppError(
      PROBLEMS.duplicateInterchange,
      `interchange control number ${controlNumber} from ${senderId} was already received and answered; its acknowledgment is sent again`,
      {
        ...answer(claim.ack997),
        // The first answer again, TA1 included: the partner is missing an acknowledgment, not at fault.
        ta1: claim.ta1,
        resent: true,
      },
    );
  }

  await takeMissingSets(env, caller, parsed, raw, sets, taken);
  const answered = withTakenSets(parsed, taken);
  const ack_997 = build997(answered, { now: new Date(), controlNumber: claim.ackControlNumber });
  const body = { ...answer(ack_997), ta1: await ta1Of(env, parsed) };
  const audit = await interchangeAudit("edi.interchange", caller, parsed, raw, {
    ack_control_number: claim.ackControlNumber,
    errors: interchangeErrors(answered).map((e) => `${e.level} ${e.code} ${e.message}`),
    orders: body.orders.map((o) => o.po_number ?? "(none)"),
    ack_997,
    ta1: body.ta1,
  });
  const stored = await finishInterchange(
    env.DB,
    { senderId, controlNumber },
    { ack997: ack_997, ta1: body.ta1 },
    audit,
  );
  caller.span.set({ "edi.accepted": true, "edi.orders": body.orders.length });
  return { status: 202, body: { ...body, ack_997: stored.ack997, ta1: stored.ta1 } };
}
