import { viewFor } from "../../shared/customer-view";
import type { Principal } from "../../shared/db/principals-repository";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";
import type { IntakeOutcome } from "./receive-order";

/** Where the order is: its PO number and customer, so the link names this order for operations too (DESIGN §4). */
export const orderLocation = (order: { po_number: string; customer_id: string }) =>
  `/v1/orders/${encodeURIComponent(order.po_number)}?customer_id=${encodeURIComponent(order.customer_id)}`;

/** What an intake channel answers, before it becomes a response (or is kept for an idempotent replay). */
export interface IntakeAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string> & { "content-type": string };
}

/** The response of an intake answer. */
export const intakeResponse = (answer: IntakeAnswer) =>
  new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });

/** Answers an intake outcome as DESIGN §4 says: 202, 422 (recorded as rejected) or 409; a customer gets its view of the order. */
export function answerIntake(outcome: IntakeOutcome, kind: Principal["kind"]): IntakeAnswer {
  switch (outcome.kind) {
    case "accepted":
      return {
        status: 202,
        body: viewFor(kind, outcome.view),
        headers: { "content-type": "application/json", location: orderLocation(outcome.view) },
      };
    case "rejected":
      return {
        status: 422,
        body: new AppError(
          PROBLEMS.invalidPurchaseOrder,
          `purchase order ${outcome.view?.po_number ?? ""} failed validation and is recorded as rejected`,
          {
            errors: outcome.errors,
            po_number: outcome.view?.po_number,
            order_status: outcome.view?.status,
          },
        ).toProblem(),
        headers: { "content-type": "application/problem+json" },
      };
    case "duplicate":
      return {
        status: 409,
        body: new AppError(
          PROBLEMS.duplicatePurchaseOrder,
          `purchase order ${outcome.po_number} already exists; resend with the same Idempotency-Key and body to get the original answer`,
          {
            po_number: outcome.po_number,
          },
        ).toProblem(),
        headers: { "content-type": "application/problem+json" },
      };
  }
}
