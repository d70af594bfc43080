import {
  chooseCarrier,
  DEFAULT_DELIVERY_WINDOW_DAYS,
  estimateArrival,
  isSlaRisk,
  restockDate,
  type AllocationPlan,
} from "./allocation";
import { laterDate } from "./business-dates";
import { canTransition, type OrderStatus } from "./order-lifecycle";
import type { OrderView } from "./order-view";
import { SPLIT_APPROVAL_LIMIT_USD } from "./playbook";
import type { BackorderLine, Shipment } from "./schemas/fulfillment.schema";
import type { Carrier, CatalogItem } from "./schemas/reference.schema";

/** The fulfillment agent's decision for one order. */
export interface FulfillmentDecision {
  plan: AllocationPlan;
  shipments: Shipment[];
  backorders: BackorderLine[];
  eta: string | null;
  sla_risk: boolean;
  flags: string[];
  status: OrderStatus;
  approval: { reason: string } | null;
}

/**
 * Turns an allocation into shipments with carriers and ETAs, judges the SLA, and applies the
 * human gate: a split shipment of an order worth more than $50,000 waits for approval.
 */
export function planFulfillment(
  view: OrderView,
  plan: AllocationPlan,
  carriers: readonly Carrier[],
  catalog: ReadonlyMap<string, CatalogItem>,
): FulfillmentDecision {
  const shipments: Shipment[] = plan.shipments.map((s, i) => {
    const carrier = chooseCarrier(s.warehouse, carriers);
    const { ship_date, eta } = estimateArrival(view.order_date, carrier);
    return {
      shipment_id: `${view.po_number}-S${i + 1}`,
      warehouse: s.warehouse,
      lines: s.lines,
      carrier: carrier.carrier,
      tracking: null,
      status: "planned",
      ship_date,
      eta,
    };
  });
  const fastest = [...carriers].sort((a, b) => a.transit_days - b.transit_days)[0];
  const backorders: BackorderLine[] = plan.backorders.map((b) => {
    const restock = restockDate(b, view.order_date, catalog.get(b.sku)?.lead_time_days ?? 0);
    return { ...b, eta: fastest ? estimateArrival(restock, fastest).eta : restock };
  });
  const etas = [...shipments.map((s) => s.eta as string), ...backorders.map((b) => b.eta)];
  const eta = etas.length ? etas.reduce(laterDate) : null;
  const window = view.sla?.delivery_window_days ?? DEFAULT_DELIVERY_WINDOW_DAYS;
  const sla_risk = eta !== null && isSlaRisk(eta, view.order_date, window);

  const flags: string[] = [];
  if (plan.kind === "split") flags.push("split_required");
  if (backorders.length) flags.push("backorder");
  if (sla_risk) flags.push("sla_risk");

  const needsApproval = plan.kind === "split" && view.total > SPLIT_APPROVAL_LIMIT_USD;
  const status: OrderStatus = needsApproval
    ? "awaiting-approval"
    : plan.kind === "backorder"
      ? "backordered"
      : "confirmed";
  return {
    plan,
    shipments,
    backorders,
    eta,
    sla_risk,
    flags,
    status,
    approval: needsApproval
      ? {
          reason: `split shipment of an order worth $${view.total.toFixed(2)} exceeds the $${SPLIT_APPROVAL_LIMIT_USD} approval limit`,
        }
      : null,
  };
}

/**
 * Whether a whole-order plan can still apply: fulfillment writes no stock for an order whose
 * status cannot move to either of its outcomes (cancelled, shipped...), as its decision would be refused.
 */
export function canPlanFulfillment(view: OrderView): boolean {
  return canTransition(view.status, "confirmed") && canTransition(view.status, "backordered");
}

/** The lines an order still has to allocate. */
export function demandOf(view: OrderView) {
  return view.lines.map((l) => ({ sku: l.sku, qty: l.qty - l.qty_shipped })).filter((l) => l.qty > 0);
}
