import { splitRejected } from "../escalation-decisions";
import type { OrderView } from "../order-view";
import type { DetectedException } from "../schemas/exception.schema";
import type { BackorderLine } from "../schemas/fulfillment.schema";
import { decided, type PlaybookResolution, type Resolver } from "./resolution";

/** Stock allocation could not cover; a backorder already recorded (from allocation or an inventory drop) is not found twice. */
export function detectBackorder(view: OrderView): DetectedException<"backorder">[] {
  return view.backorders.length && !view.exceptions.some((x) => x.type === "backorder")
    ? [{ type: "backorder", details: { source: "allocation", backorders: view.backorders } }]
    : [];
}

/** Backorder: ship what is in stock when the customer allows partial shipment, else notify with the supplier ETA. */
export function resolveBackorder(backorders: readonly BackorderLine[], allowPartial: boolean): PlaybookResolution {
  const when = backorders.map((b) => `${b.qty} x ${b.sku} expected ${b.supplier_eta ?? `by ${b.eta}`}`).join("; ");
  return allowPartial
    ? decided({
        resolution_type: "split_shipment",
        escalated: false,
        explanation: `Shipping available stock now; backordered: ${when}.`,
      })
    : decided({
        resolution_type: "backorder_notify",
        escalated: false,
        explanation: `No partial shipments for this customer; order waits for stock: ${when}.`,
      });
}

/**
 * Whatever opened it, a backorder is decided on what the order is still short of. A split a
 * person rejected is not shipped in parts by the playbook either: the order waits whole.
 */
export const resolveBackorderException: Resolver<"backorder"> = (_ex, view) =>
  resolveBackorder(view.backorders, view.allow_partial_shipment && !splitRejected(view));
