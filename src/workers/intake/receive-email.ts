import { publishToOps } from "../../durable-objects/ops-hub.do";
import { recordAudit } from "../../shared/db/audit-repository";
import { openIntakeEscalation } from "../../shared/db/escalation-repository";
import type { Principal } from "../../shared/db/principals-repository";
import { loadCustomerDigest } from "../../shared/db/reference-reads";
import { loadCustomers } from "../../shared/db/reference-repository";
import {
  EmailExtraction,
  type InboundEmail,
  type PurchaseOrderExtractor,
  sentText,
} from "../../shared/email/email.schema";
import { deterministicExtractor, directoryFromCustomers, selectExtractor } from "../../shared/email/extractor";
import { resolveWordedLines } from "../../shared/email/resolve-lines";
import { checkSender } from "../../shared/email/sender-check";
import { inspectText } from "../../shared/guardrails";
import { sha256Hex } from "../../shared/hashing";
import { ModelUnavailableError } from "../../shared/models/errors";
import { orderKeyOf } from "../../shared/order-key";
import type { CustomerDigest } from "../../shared/prompts/customer-digest";
import { emailExtractionRequest } from "../../shared/prompts/task-requests";
import type { Span, Tracer } from "../../shared/tracing";
import { AppError } from "../errors";
import { modelCallEvents, modelFallbackEvent, type ModelSession, openModelSession } from "../model-session";
import { PROBLEMS } from "../problems";
import { searchCatalog } from "../retrieval/search-catalog";
import { answerIntake, type IntakeAnswer } from "./answer-intake";
import { receiveOrder } from "./receive-order";

/** Who sent the e-mail, its trace, and the request's `waitUntil` for work off its path. */
type Caller = { principal: Principal; span: Span; tracer: Tracer; waitUntil: (work: Promise<unknown>) => void };

/**
 * The `order_validation` task (Haiku) behind the extractor interface. When the model gives no
 * usable answer (it fails, or answers out of schema twice) the deterministic extractor reads
 * the e-mail, and `onFallback` hears why.
 */
function modelExtractor(
  session: ModelSession,
  digest: CustomerDigest,
  interaction_id: string,
  onFallback: (err: ModelUnavailableError) => void,
): PurchaseOrderExtractor {
  return {
    name: "model:order_validation",
    async extract(email, directory) {
      try {
        const result = await session.gateway.structured(
          "order_validation",
          emailExtractionRequest({ digest, email, directory, interaction_id }),
          EmailExtraction,
          {
            description: "The purchase order read from the e-mail, or why it cannot be read.",
          },
        );
        return result.value;
      } catch (err) {
        if (!(err instanceof ModelUnavailableError)) throw err;
        onFallback(err);
        return deterministicExtractor.extract(email, directory);
      }
    },
  };
}

/**
 * E-mail PO intake (DESIGN §4), for the mail gateway: the PO is read out of the text, never
 * guessed. A readable PO from a sender of the customer it names goes through the same intake
 * as the portal; one for a customer the sender does not belong to, and a PO with gaps, become
 * an escalation for a person to decide; text that is no PO is refused (422) with the reason.
 * `bytes` is the body as received: its hash names the escalation, so a resent e-mail opens none twice.
 */
export async function receiveEmail(
  env: Env,
  email: InboundEmail,
  bytes: Uint8Array,
  caller: Caller,
): Promise<IntakeAnswer> {
  const { principal, span } = caller;
  const session = openModelSession(env, caller.tracer, span);
  // Text carrying an attack never reaches a model: the rules read it, and intake quarantines it.
  const sent = sentText(email);
  const attacks = inspectText(sent.value, sent).attacks;
  const fallbacks: ReturnType<typeof modelFallbackEvent>[] = [];
  const onFallback = (err: ModelUnavailableError) =>
    fallbacks.push(modelFallbackEvent("order_validation", err, "the rules read the e-mail"));
  const extractor = selectExtractor(
    attacks.length
      ? null
      : modelExtractor(
          session,
          await loadCustomerDigest(env.DB, null, new Date().toISOString().slice(0, 10)),
          `email:${span.context.traceId}`,
          onFallback,
        ),
  );
  const directory = directoryFromCustomers(await loadCustomers(env.DB));
  const extraction = await extractor.extract(email, directory);
  span.set({
    "email.extractor": extractor.name,
    "email.extraction": extraction.kind,
    "email.attacks": attacks.join(","),
    "email.model_fallback": fallbacks.map((f) => f.data.reason).join("; "),
  });
  const source = { from: email.from, subject: email.subject.slice(0, 200), extractor: extractor.name };
  const audit = { principalId: principal.id, traceId: span.context.traceId };
  /**
   * A person decides what the e-mail could not settle: the escalation (named by the body's hash,
   * so a resent e-mail opens none twice) and its audit row, answered 202 `escalated`.
   */
  const holdForPerson = async (hold: {
    po: string | null;
    customerId: string | null;
    reason: string;
    answerReason: string;
    gaps: string[];
    proposed: Record<string, unknown>;
    auditKind: "email.sender_mismatch" | "email.escalated";
    auditDetail: Record<string, unknown>;
  }): Promise<IntakeAnswer> => {
    const escalation_id = `ESC-INTAKE-${(await sha256Hex(bytes)).slice(0, 12)}`;
    await openIntakeEscalation(env.DB, {
      escalationId: escalation_id,
      poNumber: hold.po,
      customerId: hold.customerId,
      reason: hold.reason,
      proposed: { ...hold.proposed, email: { from: email.from, subject: email.subject } },
    });
    const opened = { type: "escalation.opened" as const, at: new Date().toISOString(), escalation_id };
    caller.waitUntil(publishToOps(env.OPS_HUB, [{ ...opened, po_number: hold.po, customer_id: hold.customerId }]));
    await recordAudit(env.DB, {
      ...audit,
      kind: hold.auditKind,
      poNumber: hold.po,
      detail: { escalation_id, ...hold.auditDetail, email, attacks_detected: attacks },
    });
    const body = { escalation_id, po_number: hold.po, gaps: hold.gaps, reason: hold.answerReason };
    return { status: 202, body: { status: "escalated", ...body }, headers: { "content-type": "application/json" } };
  };
  switch (extraction.kind) {
    case "extracted": {
      // Whoever read the mail, the sender's domain must be the customer's: nothing is booked otherwise.
      const sender = checkSender(email, extraction.purchase_order.customer_id, directory);
      if (!sender.ok) {
        span.set({ "email.sender_check": "held" });
        return holdForPerson({
          po: typeof extraction.purchase_order.po_number === "string" ? extraction.purchase_order.po_number : null,
          customerId: sender.claimed_customer_id,
          reason: `human decision: ${sender.reason}`,
          answerReason: sender.reason,
          gaps: ["customer"],
          proposed: {
            action: "confirm_sender_and_place_order",
            purchase_order: extraction.purchase_order,
            sender_customer_ids: sender.sender_customer_ids,
          },
          auditKind: "email.sender_mismatch",
          auditDetail: {
            reason: sender.reason,
            claimed_customer_id: sender.claimed_customer_id,
            sender_customer_ids: sender.sender_customer_ids,
            extractor: extractor.name,
          },
        });
      }
      // Products named in words become SKUs only when search is sure; otherwise a person picks from the candidates.
      const resolved = await resolveWordedLines(extraction.purchase_order, (query) => searchCatalog(env, query));
      span.set({
        "email.worded_lines": resolved.resolutions.length,
        "email.unresolved_lines": resolved.unresolved.length,
      });
      if (resolved.unresolved.length > 0) {
        const gaps = resolved.unresolved.map((u) => `line_items[${u.line}].sku`);
        const unsure = `not sure which catalog part is meant by ${resolved.unresolved.map((u) => `"${u.phrase}"`).join(", ")}`;
        // Operations see the parts that fit each phrase in the reason itself; the sender is told only what is unclear.
        const fits = resolved.unresolved.map(
          (u) => `"${u.phrase}": ${u.candidates.map((c) => c.sku).join(", ") || "no part fits"}`,
        );
        return holdForPerson({
          po: typeof resolved.purchase_order.po_number === "string" ? resolved.purchase_order.po_number : null,
          customerId:
            typeof resolved.purchase_order.customer_id === "string" ? resolved.purchase_order.customer_id : null,
          reason: `human intake: ${unsure} (gaps: ${gaps.join(", ")}; candidates ${fits.join("; ")})`,
          answerReason: unsure,
          gaps,
          proposed: {
            action: "complete_and_place_order",
            partial: resolved.purchase_order,
            gaps,
            product_candidates: resolved.unresolved,
          },
          auditKind: "email.escalated",
          auditDetail: { gaps, reason: unsure, product_resolutions: resolved.resolutions },
        });
      }
      const outcome = await receiveOrder(env, {
        body: resolved.purchase_order,
        channel: "email",
        principal,
        span,
        // Which phrase became which SKU, and how sure: kept on the order for operations (a customer's view drops `source`).
        source: resolved.resolutions.length ? { ...source, product_resolutions: resolved.resolutions } : source,
        sent,
      });
      if (outcome.kind !== "duplicate" && outcome.view) {
        await env.ORDER.getByName(orderKeyOf(outcome.view)).recordModelCalls({
          events: [...modelCallEvents(session), ...fallbacks],
          traceparent: span.traceparent,
        });
      }
      return answerIntake(outcome, principal.kind);
    }
    case "incomplete":
      return holdForPerson({
        po: typeof extraction.partial.po_number === "string" ? extraction.partial.po_number : null,
        customerId: typeof extraction.partial.customer_id === "string" ? extraction.partial.customer_id : null,
        reason: `human intake: ${extraction.reason} (gaps: ${extraction.gaps.join(", ")})`,
        answerReason: extraction.reason,
        gaps: extraction.gaps,
        proposed: { action: "complete_and_place_order", partial: extraction.partial, gaps: extraction.gaps },
        auditKind: "email.escalated",
        auditDetail: { gaps: extraction.gaps, reason: extraction.reason },
      });
    case "unreadable":
      await recordAudit(env.DB, {
        ...audit,
        kind: "email.unreadable",
        detail: { reason: extraction.reason, email, attacks_detected: attacks },
      });
      throw new AppError(
        PROBLEMS.unreadableEmail,
        `the e-mail could not be read as a purchase order: ${extraction.reason}`,
        { errors: [{ field: "body", message: extraction.reason }] },
      );
  }
}
