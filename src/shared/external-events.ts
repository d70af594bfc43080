import { isBefore } from "./business-dates";
import { cents } from "./money";
import { exceptionId } from "./exception-ids";
import { canTransition, type OrderStatus } from "./order-lifecycle";
import type { OrderView } from "./order-view";
import type { DetectedException, ExceptionOf, ExceptionType } from "./schemas/exception.schema";
import type { Shipment } from "./schemas/fulfillment.schema";
import type { OrderEventBody } from "./schemas/order-event.schema";
import type { CarrierEvent, ErpEvent } from "./schemas/webhook.schema";
import { refusal as refuse, type Transition } from "./transition";

/** Kinds of `exception.reported` the playbook knows by name; anything else is never seen before. */
const KNOWN_KINDS: readonly ExceptionType[] = ["carrier_delay", "pricing_discrepancy", "quality_hold", "backorder"];

/** An `exception.opened` with the order's next free id; `nth` counts exceptions opened by the same event. */
function opened(view: OrderView, exception: DetectedException, detectedAt: string, nth = 1): OrderEventBody {
  return {
    type: "exception.opened",
    data: { ...exception, exception_id: exceptionId(view, view.exceptions.length + nth), detected_at: detectedAt },
  };
}

/** Opening an exception moves the order to `to` (default `exception`) and hands it to the exception agent. */
function withException(
  view: OrderView,
  events: OrderEventBody[],
  at: string,
  reason: string,
  to: OrderStatus = "exception",
): Transition {
  const status = view.status === to || !canTransition(view.status, to) ? null : { to, reason, business_at: at };
  return { events, status, next_stage: "exceptions", refused: null };
}

/** After a shipment moves, the order is shipped when every shipment is out and nothing waits for stock. */
function shippingStatus(shipments: readonly Shipment[], backorders: number, current: OrderStatus): OrderStatus {
  const out = shipments.filter((s) => s.status === "shipped" || s.status === "delivered").length;
  const delivered = shipments.filter((s) => s.status === "delivered").length;
  if (backorders === 0 && shipments.length > 0 && delivered === shipments.length) return "delivered";
  if (backorders === 0 && out === shipments.length) return current === "exception" ? "exception" : "shipped";
  return current === "exception" ? "exception" : "partially-shipped";
}

/**
 * Interprets an ERP event for one order (DESIGN §5.3): status changes checked against the
 * lifecycle, dispatches, invoices checked against contract prices, quality holds and reported
 * problems opened as exceptions. Business time is the event's own `occurred_at`.
 */
export function interpretErpEvent(view: OrderView, e: Exclude<ErpEvent, { type: "inventory.updated" }>): Transition {
  const at = e.occurred_at;
  switch (e.type) {
    case "order.status_changed": {
      const to = e.data.status;
      if (!canTransition(view.status, to)) return refuse(`illegal transition ${view.status} -> ${to}`);
      return {
        events: [],
        status: to === view.status ? null : { to, reason: e.data.reason ?? "ERP status change", business_at: at },
        next_stage: null,
        refused: null,
      };
    }
    case "shipment.dispatched": {
      const target = e.data.shipment_id
        ? view.shipments.find((s) => s.shipment_id === e.data.shipment_id)
        : view.shipments.find((s) => s.status === "planned");
      if (!target)
        return refuse(
          e.data.shipment_id
            ? `no shipment ${e.data.shipment_id} on this order`
            : "no shipment is waiting for dispatch",
        );
      if (target.status !== "planned") return refuse(`shipment ${target.shipment_id} is already ${target.status}`);
      const after = view.shipments.map((s) =>
        s.shipment_id === target.shipment_id ? { ...s, status: "shipped" as const } : s,
      );
      const to = shippingStatus(after, view.backorders.length, view.status);
      if (!canTransition(view.status, to)) return refuse(`illegal transition ${view.status} -> ${to}`);
      return {
        events: [
          {
            type: "shipment.dispatched",
            data: {
              shipment_id: target.shipment_id,
              carrier: e.data.carrier,
              tracking: e.data.tracking,
              shipped_at: e.data.shipped_at,
            },
          },
        ],
        status:
          to === view.status
            ? null
            : { to, reason: `shipment ${target.shipment_id} dispatched`, business_at: e.data.shipped_at },
        next_stage: "comms",
        refused: null,
      };
    }
    case "invoice.issued": {
      const recorded: OrderEventBody = {
        type: "invoice.recorded",
        data: { invoice_id: e.data.invoice_id, occurred_at: at, lines: e.data.lines },
      };
      const charged = e.data.lines.flatMap((l) => {
        const contract = view.lines.find((v) => v.sku === l.sku)?.contract_price;
        return contract === null || contract === undefined || cents(contract) === cents(l.unit_price)
          ? []
          : [{ sku: l.sku, qty: l.qty, charged: l.unit_price, contract }];
      });
      const over = charged.filter((c) => c.charged > c.contract);
      const under = charged.filter((c) => c.charged < c.contract);
      if (!over.length && !under.length) return { events: [recorded], status: null, next_stage: null, refused: null };
      const events: OrderEventBody[] = [recorded];
      for (const [direction, lines] of [
        ["overcharge", over],
        ["undercharge", under],
      ] as const) {
        if (lines.length)
          events.push(
            opened(
              view,
              {
                type: "pricing_discrepancy",
                details: { source: "invoice", invoice_id: e.data.invoice_id, direction, lines },
              },
              at,
              events.length,
            ),
          );
      }
      return { events, status: null, next_stage: "exceptions", refused: null };
    }
    case "quality.hold": {
      const line = view.lines.find((l) => l.sku === e.data.sku);
      if (!line) return refuse(`${e.data.sku} is not on this order`);
      const details: ExceptionOf<"quality_hold">["details"] = {
        sku: e.data.sku,
        lot: e.data.lot,
        reason: e.data.reason,
        qty: line.qty,
      };
      return withException(
        view,
        [opened(view, { type: "quality_hold", details }, at)],
        at,
        `quality hold on lot ${e.data.lot}`,
        "quality-hold",
      );
    }
    case "exception.reported": {
      const kind = e.data.kind
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, "_");
      const type = KNOWN_KINDS.find((k) => k === kind) ?? "unknown";
      const details = { source: "erp" as const, kind: e.data.kind, detail: e.data.detail ?? null };
      return withException(view, [opened(view, { type, details }, at)], at, `reported: ${e.data.kind}`);
    }
  }
}

/**
 * Interprets a carrier tracking event for one shipment. An event that happened before the
 * latest one the shipment already took (a delay stamped before the delivery) is stale: recorded,
 * never applied, so it cannot reopen a delivered order; a delivery is applied whenever it comes,
 * since nothing follows it. Otherwise progress is recorded; a weather or
 * other delay, or an ETA that slips past the shipment's, opens a carrier delay (unless one is
 * already open for that shipment); a carrier exception opens one for the exception agent to
 * classify; delivery delivers the shipment and, when all are, the order.
 */
export function interpretCarrierEvent(view: OrderView, shipment: Shipment, e: CarrierEvent): Transition {
  const at = e.occurred_at;
  const known = shipment.carrier_event_at;
  if (known !== undefined && e.status !== "delivered" && isBefore(at, known)) {
    return { events: [], status: null, next_stage: null, refused: null, stale: { occurred_at: at, known_at: known } };
  }
  const newEta = e.estimated_delivery?.slice(0, 10) ?? null;
  const tracked: OrderEventBody = {
    type: "shipment.tracking_updated",
    data: {
      shipment_id: shipment.shipment_id,
      tracking: e.tracking,
      status: e.status,
      location: e.location,
      occurred_at: at,
      estimated_delivery: newEta,
    },
  };
  if (e.status === "delivered") {
    if (shipment.status === "delivered") return refuse(`shipment ${shipment.shipment_id} is already delivered`);
    const after = view.shipments.map((s) =>
      s.shipment_id === shipment.shipment_id ? { ...s, status: "delivered" as const } : s,
    );
    const to = shippingStatus(after, view.backorders.length, view.status);
    const status =
      to !== view.status && canTransition(view.status, to)
        ? { to, reason: `shipment ${shipment.shipment_id} delivered`, business_at: at }
        : null;
    return {
      events: [tracked, { type: "shipment.delivered", data: { shipment_id: shipment.shipment_id, delivered_at: at } }],
      status,
      next_stage: "comms",
      refused: null,
    };
  }
  const openDelay = view.exceptions.some(
    (x) => x.status === "open" && x.type === "carrier_delay" && x.details.shipment_id === shipment.shipment_id,
  );
  const slipped = newEta !== null && shipment.eta !== null && newEta > shipment.eta;
  if (e.status === "exception") {
    const details: ExceptionOf<"unknown">["details"] = {
      source: "carrier",
      kind: "carrier_exception",
      carrier: e.carrier,
      tracking: e.tracking,
      shipment_id: shipment.shipment_id,
      location: e.location,
      detail: e.detail ?? null,
    };
    return withException(
      view,
      [tracked, opened(view, { type: "unknown", details }, at)],
      at,
      "carrier reported an exception",
    );
  }
  if ((e.status === "weather_delay" || e.status === "delay" || slipped) && !openDelay) {
    const details: ExceptionOf<"carrier_delay">["details"] = {
      source: "carrier",
      cause: e.status === "weather_delay" ? "weather" : e.status === "delay" ? "delay" : "eta_slip",
      carrier: e.carrier,
      tracking: e.tracking,
      shipment_id: shipment.shipment_id,
      hub: e.location,
      previous_eta: shipment.eta,
      new_eta: newEta,
      detail: e.detail ?? null,
    };
    return withException(
      view,
      [tracked, opened(view, { type: "carrier_delay", details }, at)],
      at,
      `carrier ${e.status.replace("_", " ")} at ${e.location}`,
    );
  }
  return { events: [tracked], status: null, next_stage: null, refused: null };
}

/**
 * Stock this order held is gone (an ERP inventory drop, DESIGN §6 "backorder … or inventory
 * drop"): its planned shipments from that warehouse shrink, what is missing is backordered
 * against the supplier's ETA, and a backorder exception goes to the exception agent. With
 * nothing left to ship the order is backordered.
 */
export function interpretShortfall(
  view: OrderView,
  s: {
    movement_id: string;
    sku: string;
    warehouse: string;
    qty: number;
    supplier_eta: string | null;
    occurred_at: string;
  },
  backorderEta: string,
): Transition {
  const backorder = { sku: s.sku, qty: s.qty, supplier_eta: s.supplier_eta, eta: backorderEta };
  const events: OrderEventBody[] = [
    {
      type: "stock.shortfall",
      data: { movement_id: s.movement_id, sku: s.sku, warehouse: s.warehouse, qty: s.qty, backorder },
    },
    opened(
      view,
      {
        type: "backorder",
        details: { source: "inventory", sku: s.sku, warehouse: s.warehouse, qty: s.qty, supplier_eta: s.supplier_eta },
      },
      s.occurred_at,
    ),
  ];
  const planned = view.shipments
    .filter((x) => x.status === "planned" && x.warehouse === s.warehouse)
    .flatMap((x) => x.lines.filter((l) => l.sku === s.sku))
    .reduce((n, l) => n + l.qty, 0);
  const otherActive = view.shipments.some(
    (x) =>
      x.status !== "cancelled" &&
      !(x.status === "planned" && x.warehouse === s.warehouse && x.lines.every((l) => l.sku === s.sku)),
  );
  const nothingLeft = planned <= s.qty && !otherActive;
  const status =
    nothingLeft && canTransition(view.status, "backordered") && view.status !== "backordered"
      ? {
          to: "backordered" as const,
          reason: `${s.qty} x ${s.sku} no longer in stock at ${s.warehouse}`,
          business_at: s.occurred_at,
        }
      : null;
  return { events, status, next_stage: "exceptions", refused: null };
}
