import { viewFor } from "../../shared/customer-view";
import type { Principal } from "../../shared/db/principals-repository";
import { AppError } from "../errors";
import type { IntakeOutcome } from "./receive-order";

/** Where the order is: its PO number and customer, so the link names this order for operations too (DESIGN §4). */
export const orderLocation = (order: { po_number: string; customer_id: string }) =>
  `/v1/orders/${encodeURIComponent(order.po_number)}?customer_id=${encodeURIComponent(order.customer_id)}`;

/** Answers an intake outcome as DESIGN §4 says: 202, 422 (recorded as rejected) or 409; a customer gets its view of the order. */
export function answerIntake(
  outcome: IntakeOutcome,
  kind: Principal["kind"],
): { status: number; body: unknown; headers: Record<string, string> & { "content-type": string } } {
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
          422,
          "invalid-purchase-order",
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
          409,
          "duplicate-purchase-order",
          `purchase order ${outcome.po_number} already exists; resend with the same Idempotency-Key and body to get the original answer`,
          {
            po_number: outcome.po_number,
          },
        ).toProblem(),
        headers: { "content-type": "application/problem+json" },
      };
  }
}
