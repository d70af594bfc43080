import { orderKeyOf } from "../../shared/order-key";
import type { Principal } from "../../shared/db/principals-repository";
import type { EdiInterchangeResult, OrderSet, TakenSet } from "../../shared/edi";
import type { JsonObject } from "../../shared/schemas/json.schema";
import type { Span } from "../../shared/tracing";
import { AppError } from "../errors";
import { receiveOrder } from "./receive-order";

/** The interchange, sender and control numbers a set's order names as its source (DESIGN §5.4). */
function setSource(result: EdiInterchangeResult, s: OrderSet): JsonObject {
  return {
    interchange_control_number: result.control_number,
    group_control_number: s.group.control_number,
    transaction_control_number: s.set.control_number,
    sender_id: result.sender_id,
  };
}

function sameSource(found: JsonObject | null, expected: JsonObject): boolean {
  return found !== null && Object.entries(expected).every(([k, v]) => found[k] === v);
}

/**
 * Takes one transaction set accepted at the envelope: it becomes an order recorded (accepted,
 * or refused by the business rules with its reasons), or, when no order can be recorded, a
 * rejection the 997 carries (AK5 R, code 5). The set waits for admission however long the
 * waiting line is: the partner has committed to it. A PO number already held by an order this
 * very set made (an earlier attempt that failed after recording it) is that order, not a
 * duplicate, so a resend never doubles it; one held by another order of the customer is a
 * rejection naming the duplicate. Anything else thrown is a failure of this attempt.
 */
export async function takeTransactionSet(
  env: Env,
  result: EdiInterchangeResult,
  s: OrderSet,
  caller: { principal: Principal; span: Span },
): Promise<TakenSet> {
  const control_numbers = { group: s.group.control_number, transaction: s.set.control_number };
  const source = setSource(result, s);
  try {
    const outcome = await receiveOrder(env, {
      body: s.set.purchase_order,
      channel: "edi",
      principal: caller.principal,
      span: caller.span,
      source,
      park: true,
    });
    if (outcome.kind !== "duplicate") {
      const validation = outcome.view?.validation ?? {
        status: "rejected",
        errors: outcome.kind === "rejected" ? outcome.errors : [],
      };
      return {
        order: {
          po_number: outcome.view?.po_number ?? null,
          status: outcome.view?.status ?? "rejected",
          validation,
          control_numbers,
        },
        rejection: null,
      };
    }
    const existing = await env.ORDER.getByName(orderKeyOf(outcome)).read();
    if (existing && sameSource(existing.source, source)) {
      return {
        order: {
          po_number: existing.po_number,
          status: existing.status,
          validation: existing.validation,
          control_numbers,
        },
        rejection: null,
      };
    }
    // The customer already used this PO number for another order: this set records nothing, so the 997 rejects it.
    const message = `duplicate PO number ${outcome.po_number}: ${outcome.customer_id} already has an order with this number`;
    return {
      order: {
        po_number: outcome.po_number,
        status: "duplicate",
        validation: { status: "duplicate_detected", errors: [{ field: "po_number", message }], warnings: [] },
        control_numbers,
      },
      rejection: { level: "transaction", code: "5", message, segment: "BEG" },
    };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const po = typeof s.set.purchase_order.po_number === "string" ? s.set.purchase_order.po_number : null;
    const errors = err.extensions.errors ?? [{ field: "(order)", message: err.detail }];
    return {
      order: { po_number: po, status: "rejected", validation: { status: "rejected", errors }, control_numbers },
      rejection: { level: "transaction", code: "5", message: `no order was recorded: ${err.detail}`, segment: "BEG" },
    };
  }
}
