import { Hono } from "hono";
import { recordAudit } from "../../shared/db/audit-repository";
import { escalationOrder, findEscalation, listEscalations } from "../../shared/db/escalation-repository";
import { EscalationDecision } from "../../shared/escalation-decisions";
import { orderKey } from "../../shared/order-key";
import { publishToOps } from "../../durable-objects/ops-hub.do";
import type { AppEnv } from "../context";
import { AppError, notFound } from "../errors";
import { PROBLEMS } from "../problems";
import { EscalationListQuery } from "../http/request-schemas";
import { readValidJson, validate } from "../http/validate";
import { decideIntakeEscalation } from "../intake/decide-intake-escalation";
import { authenticate } from "../middleware";

/** Human decisions (DESIGN §4): the open escalations, and one decision at a time. */
export const escalationsRoutes = new Hono<AppEnv>()
  .get("/", authenticate(["ops"]), async (c) => {
    const q = validate(EscalationListQuery, c.req.query(), PROBLEMS.invalidRequest, "the request");
    return c.json({ escalations: await listEscalations(c.env.DB, q.status) });
  })
  .post("/:id/decision", authenticate(["ops"]), async (c) => {
    const id = c.req.param("id");
    const escalation = await findEscalation(c.env.DB, id);
    if (!escalation) throw notFound(`no escalation ${id.slice(0, 80)}`);
    const { data: decision } = await readValidJson(
      c.req.raw,
      EscalationDecision,
      PROBLEMS.invalidDecision,
      "the decision",
    );
    const principal = c.get("principal");
    const span = c.get("span");
    await recordAudit(c.env.DB, {
      kind: "escalation.decision",
      principalId: principal.id,
      poNumber: escalation.poNumber,
      traceId: span.context.traceId,
      detail: { escalation_id: id, ...decision },
    });

    if (escalation.poNumber === "(none)" || escalation.escalationId.startsWith("ESC-INTAKE-")) {
      const answer = await decideIntakeEscalation(c.env, escalation, decision, { principal, span });
      // An order's own escalations reach the operations stream from its commit; an intake one has no order to tell it.
      const decided = { type: "escalation.decided" as const, at: new Date().toISOString(), escalation_id: id };
      c.executionCtx.waitUntil(publishToOps(c.env.OPS_HUB, [{ ...decided, ...escalationOrder(escalation) }]));
      return answer;
    }

    const result = await c.env.ORDER.getByName(orderKey(escalation.customerId, escalation.poNumber)).decideEscalation({
      escalation_id: id,
      decision,
      decided_by: principal.id,
      traceparent: span.traceparent,
    });
    if (!result.applied)
      throw new AppError(PROBLEMS.decisionRefused, result.refused ?? "the decision was refused", {
        po_number: escalation.poNumber,
      });
    return c.json({
      escalation_id: id,
      status: "decided",
      decision: decision.decision,
      po_number: escalation.poNumber,
      order_status: result.view.status,
      order: result.view,
    });
  });
