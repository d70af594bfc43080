import { Hono } from "hono";
import { recordAudit } from "../../shared/db/audit-repository";
import { openIntakeEscalation } from "../../shared/db/escalation-repository";
import { loadCustomerDigest, loadCustomers } from "../../shared/db/reference-repository";
import { deterministicExtractor, directoryFromCustomers, selectExtractor } from "../../shared/email/extractor";
import { EmailExtraction, InboundEmail, type PurchaseOrderExtractor } from "../../shared/email/email.schema";
import { inspectText } from "../../shared/guardrails";
import { ModelUnavailableError, StructuredOutputError } from "../../shared/models/errors";
import type { CustomerDigest } from "../../shared/prompts/customer-digest";
import { emailExtractionRequest } from "../../shared/prompts/task-requests";
import { modelCallEvents, openModelSession, type ModelSession } from "../model-session";
import { sha256Hex } from "../../shared/hashing";
import { orderKeyOf } from "../../shared/order-key";
import { fieldErrorsFromZod } from "../../shared/order-validation";
import type { AppEnv } from "../context";
import { AppError } from "../errors";
import { readJsonObject } from "../http/json-body";
import { receiveOrder } from "../intake/receive-order";
import { answerIntake } from "../intake/answer-intake";
import { authenticate } from "../middleware";

/**
 * The `order_validation` task (Haiku) behind the extractor interface. When the model layer is
 * unavailable or answers out of schema twice, the deterministic extractor reads the e-mail.
 */
function modelExtractor(session: ModelSession, digest: CustomerDigest, interaction_id: string): PurchaseOrderExtractor {
  return {
    name: "model:order_validation",
    async extract(email, directory) {
      try {
        const result = await session.gateway.structured("order_validation", emailExtractionRequest({ digest, email, directory, interaction_id }), EmailExtraction, {
          description: "The purchase order read from the e-mail, or why it cannot be read.",
        });
        return result.value;
      } catch (err) {
        if (!(err instanceof ModelUnavailableError) && !(err instanceof StructuredOutputError)) throw err;
        return deterministicExtractor.extract(email, directory);
      }
    },
  };
}

/**
 * E-mail PO intake (DESIGN §4), for the mail gateway: the PO is read out of the text, never
 * guessed. A readable PO goes through the same intake as the portal; a PO with gaps becomes
 * an escalation for human intake; text that is no PO is refused with the reason.
 */
export const emailRoutes = new Hono<AppEnv>().post("/", authenticate(["ops"]), async (c) => {
  const { value, bytes } = await readJsonObject(c.req.raw);
  const parsed = InboundEmail.safeParse(value);
  if (!parsed.success) {
    const errors = fieldErrorsFromZod(parsed.error);
    throw new AppError(422, "invalid-email", `the e-mail is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, { errors });
  }
  const email = parsed.data;
  const span = c.get("span");
  const session = openModelSession(c.env, c.get("tracer"), span);
  // Text carrying an attack never reaches a model: the rules read it, and intake quarantines it.
  const attacks = inspectText(`${email.subject}\n${email.body}`).attacks;
  const extractor = selectExtractor(attacks.length ? null : modelExtractor(session, await loadCustomerDigest(c.env.DB, null), `email:${span.context.traceId}`));
  const extraction = await extractor.extract(email, directoryFromCustomers(await loadCustomers(c.env.DB)));
  span.set({ "email.extractor": extractor.name, "email.extraction": extraction.kind, "email.attacks": attacks.join(",") });
  const source = { from: email.from, subject: email.subject.slice(0, 200), extractor: extractor.name };
  switch (extraction.kind) {
    case "extracted": {
      const outcome = await receiveOrder(c.env, { body: extraction.purchase_order, channel: "email", principal: c.get("principal"), span, source });
      if (outcome.kind !== "duplicate" && outcome.view) {
        await c.env.ORDER.getByName(orderKeyOf(outcome.view)).recordModelCalls({ events: modelCallEvents(session), traceparent: span.traceparent });
      }
      const answer = answerIntake(outcome, c.get("principal").kind);
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
    }
    case "incomplete": {
      const escalation_id = `ESC-INTAKE-${(await sha256Hex(bytes)).slice(0, 12)}`;
      const po = typeof extraction.partial.po_number === "string" ? extraction.partial.po_number : null;
      const customer = typeof extraction.partial.customer_id === "string" ? extraction.partial.customer_id : null;
      await openIntakeEscalation(c.env.DB, {
        escalationId: escalation_id,
        poNumber: po,
        customerId: customer,
        reason: `human intake: ${extraction.reason} (gaps: ${extraction.gaps.join(", ")})`,
        proposed: { action: "complete_and_place_order", partial: extraction.partial, gaps: extraction.gaps, email: { from: email.from, subject: email.subject } },
      });
      await recordAudit(c.env.DB, { kind: "email.escalated", principalId: c.get("principal").id, poNumber: po, traceId: span.context.traceId, detail: { escalation_id, gaps: extraction.gaps, reason: extraction.reason, email } });
      return c.json({ status: "escalated", escalation_id, po_number: po, gaps: extraction.gaps, reason: extraction.reason }, 202);
    }
    case "unreadable":
      await recordAudit(c.env.DB, { kind: "email.unreadable", principalId: c.get("principal").id, traceId: span.context.traceId, detail: { reason: extraction.reason, email } });
      throw new AppError(422, "unreadable-email", `the e-mail could not be read as a purchase order: ${extraction.reason}`, { errors: [{ field: "body", message: extraction.reason }] });
  }
});
