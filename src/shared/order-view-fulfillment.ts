import { laterInstant } from "./business-dates";
import { addFlags, type Fold } from "./order-view-model";

type FulfillmentEvent =
  | "intake.validated"
  | "fulfillment.planned"
  | "shipment.dispatched"
  | "shipment.delivered"
  | "shipment.tracking_updated"
  | "stock.shortfall";

/** How pricing, planning, shipping and stock change the order view. */
export const FULFILLMENT_FOLDS: { [K in FulfillmentEvent]: Fold<K> } = {
  "intake.validated": (view, e) => {
    view.lines = e.data.lines;
    view.total = e.data.total;
    view.contract_id = e.data.contract?.contract_id ?? null;
    view.payment_terms = e.data.payment_terms;
    view.sla = e.data.sla;
    view.validation.warnings = e.data.warnings;
    addFlags(view, e.data.flags);
  },
  "fulfillment.planned": (view, e) => {
    view.shipments = e.data.shipments;
    view.backorders = e.data.backorders;
    view.eta = e.data.eta;
    view.sla_risk = e.data.sla_risk;
    addFlags(view, e.data.flags);
  },
  "shipment.dispatched": (view, e) => {
    const s = view.shipments.find((x) => x.shipment_id === e.data.shipment_id);
    if (!s) return;
    s.carrier = e.data.carrier;
    s.tracking = e.data.tracking;
    s.status = "shipped";
    s.ship_date = e.data.shipped_at.slice(0, 10);
    // Allocation merges lines of one SKU, so a shipped quantity fills them in order.
    for (const sl of s.lines) {
      let left = sl.qty;
      for (const line of view.lines.filter((l) => l.sku === sl.sku)) {
        const take = Math.min(left, line.qty - line.qty_shipped);
        line.qty_shipped += take;
        left -= take;
      }
    }
  },
  "shipment.delivered": (view, e) => {
    const s = view.shipments.find((x) => x.shipment_id === e.data.shipment_id);
    if (!s) return;
    s.status = "delivered";
    s.carrier_event_at = laterInstant(s.carrier_event_at, e.data.delivered_at);
  },
  "shipment.tracking_updated": (view, e) => {
    const s = view.shipments.find((x) => x.shipment_id === e.data.shipment_id);
    if (!s) return;
    s.carrier_status = e.data.status;
    s.location = e.data.location;
    if (e.data.estimated_delivery) s.eta = e.data.estimated_delivery.slice(0, 10);
    s.carrier_event_at = laterInstant(s.carrier_event_at, e.data.occurred_at);
  },
  "stock.shortfall": (view, e) => {
    let left = e.data.qty;
    for (const s of [...view.shipments].reverse()) {
      if (s.status !== "planned" || s.warehouse !== e.data.warehouse) continue;
      for (const l of s.lines.filter((x) => x.sku === e.data.sku)) {
        const take = Math.min(left, l.qty);
        l.qty -= take;
        left -= take;
      }
      s.lines = s.lines.filter((l) => l.qty > 0);
      if (s.lines.length === 0) s.status = "cancelled";
    }
    const same = view.backorders.find((b) => b.sku === e.data.sku && b.supplier_eta === e.data.backorder.supplier_eta);
    if (same) same.qty += e.data.backorder.qty;
    else view.backorders.push({ ...e.data.backorder });
    view.eta =
      [view.eta, e.data.backorder.eta]
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1) ?? null;
    addFlags(
      view,
      view.shipments.some((s) => s.status !== "cancelled") ? ["backorder", "split_required"] : ["backorder"],
    );
  },
};
