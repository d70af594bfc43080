import { z } from "zod";
import { closeIntakeEscalation } from "../../shared/db/escalation-repository";
import type { Principal } from "../../shared/db/principals-repository";
import type { EscalationDecision } from "../../shared/escalation-decisions";
import { orderKeyOf } from "../../shared/order-key";
import type { Span } from "../../shared/tracing";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";
import { answerIntake } from "./answer-intake";
import { receiveOrder, type IntakeOutcome } from "./receive-order";

/** An intake escalation holding a whole PO (the e-mail sender check): approving it places that PO. */
const HeldPurchaseOrder = z.object({ purchase_order: z.record(z.string(), z.unknown()) });

type Caller = { principal: Principal; span: Span };

const alreadyDecided = (id: string) => new AppError(PROBLEMS.alreadyDecided, `escalation ${id} was already decided`);

/**
 * A duplicate outcome whose order this very escalation placed (a concurrent approval, or an
 * earlier attempt that failed before closing it) is that order; a PO number taken by any other
 * order stays a duplicate.
 */
async function ownOrder(env: Env, id: string, outcome: IntakeOutcome): Promise<IntakeOutcome> {
  if (outcome.kind !== "duplicate") return outcome;
  const existing = await env.ORDER.getByName(orderKeyOf(outcome)).read();
  if (existing?.source?.escalation_id !== id) return outcome;
  return existing.validation.status === "rejected"
    ? { kind: "rejected", view: existing, errors: existing.validation.errors }
    : { kind: "accepted", view: existing };
}

/**
 * Decides a human-intake escalation (DESIGN §4): the person completes the PO the e-mail could not
 * give whole, places a PO held by the sender check as read (approve) or corrected (modify), or
 * declines it. The PO is placed before the escalation is closed, waiting for admission however
 * long the line is (a person has accepted it), so a failure leaves the escalation open to retry.
 * The escalation closes only while still open: of two concurrent decisions one applies, the
 * other gets 409, and the PO is placed once (its OrderObject records it once).
 */
export async function decideIntakeEscalation(
  env: Env,
  escalation: { escalationId: string; status: string; proposedResolution: Record<string, unknown> | null },
  decision: EscalationDecision,
  caller: Caller,
): Promise<Response> {
  const id = escalation.escalationId;
  if (escalation.status !== "open") throw alreadyDecided(id);
  const held = HeldPurchaseOrder.safeParse(escalation.proposedResolution);
  const purchaseOrder =
    decision.resolution?.purchase_order ??
    (decision.decision === "approve" && held.success ? held.data.purchase_order : undefined);
  if (decision.decision !== "reject" && !purchaseOrder) {
    throw new AppError(
      PROBLEMS.purchaseOrderRequired,
      "completing a human-intake escalation needs resolution.purchase_order",
      { errors: [{ field: "resolution.purchase_order", message: "required to approve or modify" }] },
    );
  }
  const { principal, span } = caller;
  const outcome = purchaseOrder
    ? await ownOrder(
        env,
        id,
        await receiveOrder(env, {
          body: purchaseOrder,
          channel: "email",
          principal,
          span,
          source: { escalation_id: id, completed_by: principal.id },
          park: true,
        }),
      )
    : null;
  // A PO number another order already holds places nothing: the person may still correct it (modify) or decline.
  if (outcome?.kind === "duplicate") {
    throw new AppError(
      PROBLEMS.duplicatePurchaseOrder,
      `purchase order ${outcome.po_number} already exists as another order; escalation ${id} stays open to modify with another PO number or reject`,
      {
        escalation_id: id,
        po_number: outcome.po_number,
      },
    );
  }
  const answer = outcome && answerIntake(outcome, principal.kind);
  if (!(await closeIntakeEscalation(env.DB, id))) throw alreadyDecided(id);
  if (!answer) return jsonResponse({ escalation_id: id, status: "decided", decision: "reject" }, 200);
  return jsonResponse(
    { escalation_id: id, status: "decided", decision: decision.decision, order: answer.body },
    answer.status === 202 ? 200 : answer.status,
  );
}

function jsonResponse(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
