import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../../shared/db/audit-repository";
import { closeIntakeEscalation, findEscalation, listEscalations } from "../../shared/db/escalation-repository";
import { EscalationDecision } from "../../shared/escalation-decisions";
import { orderKey } from "../../shared/order-key";
import { fieldErrorsFromZod } from "../../shared/order-validation";
import type { AppEnv } from "../context";
import { AppError, notFound } from "../errors";
import { readJsonObject } from "../http/json-body";
import { answerIntake } from "../intake/answer-intake";
import { receiveOrder } from "../intake/receive-order";
import { authenticate } from "../middleware";

/** An intake escalation holding a whole PO (the e-mail sender check): approving it places that PO. */
const HeldPurchaseOrder = z.object({ purchase_order: z.record(z.string(), z.unknown()) });

const ListQuery = z.strictObject({ status: z.enum(["open", "decided", "all"]).default("open") });

/** Human decisions (DESIGN §4): the open escalations, and one decision at a time. */
export const escalationsRoutes = new Hono<AppEnv>()
  .get("/", authenticate(["ops"]), async (c) => {
    const q = ListQuery.safeParse(c.req.query());
    if (!q.success) throw q.error;
    return c.json({ escalations: await listEscalations(c.env.DB, q.data.status) });
  })
  .post("/:id/decision", authenticate(["ops"]), async (c) => {
    const id = c.req.param("id");
    const escalation = await findEscalation(c.env.DB, id);
    if (!escalation) throw notFound(`no escalation ${id.slice(0, 80)}`);
    const parsed = EscalationDecision.safeParse((await readJsonObject(c.req.raw)).value);
    if (!parsed.success) {
      const errors = fieldErrorsFromZod(parsed.error);
      throw new AppError(422, "invalid-decision", `the decision is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, { errors });
    }
    const decision = parsed.data;
    const principal = c.get("principal");
    const span = c.get("span");
    await recordAudit(c.env.DB, { kind: "escalation.decision", principalId: principal.id, poNumber: escalation.poNumber, traceId: span.context.traceId, detail: { escalation_id: id, ...decision } });

    if (escalation.poNumber === "(none)" || escalation.escalationId.startsWith("ESC-INTAKE-")) {
      // Human intake: the person completes the PO the e-mail could not give whole, places a PO
      // held by the sender check as read (approve) or corrected (modify), or declines it.
      if (escalation.status !== "open") throw new AppError(409, "already-decided", `escalation ${id} was already decided`);
      const held = HeldPurchaseOrder.safeParse(escalation.proposedResolution);
      const purchaseOrder = decision.resolution?.purchase_order ?? (decision.decision === "approve" && held.success ? held.data.purchase_order : undefined);
      if (decision.decision !== "reject" && !purchaseOrder) {
        throw new AppError(422, "purchase-order-required", "completing a human-intake escalation needs resolution.purchase_order", { errors: [{ field: "resolution.purchase_order", message: "required to approve or modify" }] });
      }
      await closeIntakeEscalation(c.env.DB, id);
      if (decision.decision === "reject") return c.json({ escalation_id: id, status: "decided", decision: "reject" });
      const answer = answerIntake(await receiveOrder(c.env, { body: purchaseOrder, channel: "email", principal, span, source: { escalation_id: id, completed_by: principal.id } }), principal.kind);
      return new Response(JSON.stringify({ escalation_id: id, status: "decided", decision: decision.decision, order: answer.body }), { status: answer.status === 202 ? 200 : answer.status, headers: { "content-type": "application/json" } });
    }

    const result = await c.env.ORDER.getByName(orderKey(escalation.customerId, escalation.poNumber)).decideEscalation({ escalation_id: id, decision, decided_by: principal.id, traceparent: span.traceparent });
    if (!result.applied) throw new AppError(409, "decision-refused", result.refused ?? "the decision was refused", { po_number: escalation.poNumber });
    return c.json({ escalation_id: id, status: "decided", decision: decision.decision, po_number: escalation.poNumber, order_status: result.view.status, order: result.view });
  });
