import { addDays, laterDate } from "../shared/business-dates";
import { chooseCarrier, estimateArrival, isSlaRisk } from "../shared/allocation";
import { exceptionId } from "../shared/exception-ids";
import { assessOrder, contractTerms, validatedLines } from "../shared/order-validation";
import { PurchaseOrder } from "../shared/schemas/purchase-order.schema";
import type { OrderStatus } from "../shared/order-lifecycle";
import type { DetectedException } from "../shared/schemas/exception.schema";
import type { Shipment } from "../shared/schemas/fulfillment.schema";
import type { Actor, OrderEventBody } from "../shared/schemas/order-event.schema";
import type { Carrier, CatalogItem, Contract, Customer } from "../shared/schemas/reference.schema";

/** A seed order as `data/orders.json` holds it. */
export interface SeedOrder {
  po_number: string;
  customer_id: string;
  status: string;
  order_date: string;
  ship_date: string | null;
  lines: { sku: string; description: string; qty: number; unit_price: number; qty_shipped: number }[];
  total: number;
  carrier: string | null;
  tracking: string | null;
  payment_terms: string;
  exception: string | null;
}

type HistoryEntry = { actor: Actor; at: string; body: OrderEventBody };

const at = (date: string, hour = 9) => `${date}T${String(hour).padStart(2, "0")}:00:00.000Z`;

/**
 * The history of a seed order as events, ending in its stated status along transitions the
 * lifecycle table allows: received, validated, planned, then dispatch, delivery or the
 * exception the seed names.
 */
export function seedOrderHistory(
  order: SeedOrder,
  ref: {
    customer: Customer;
    contract: Contract | null;
    catalog: ReadonlyMap<string, CatalogItem>;
    carriers: readonly Carrier[];
    warehouseOf: (sku: string) => string;
  },
): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  let status: OrderStatus = "received";
  // Events of one day get distinct, increasing times, so the log reads oldest first by `at` too.
  const push = (actor: Actor, date: string, body: OrderEventBody, hour?: number) => {
    const wanted = at(date, hour);
    const previous = history.at(-1)?.at;
    const when = previous && wanted <= previous ? new Date(Date.parse(previous) + 60_000).toISOString() : wanted;
    history.push({ actor, at: when, body });
  };
  const move = (to: OrderStatus, date: string, reason: string) => {
    push("seed", date, { type: "status.changed", data: { from: status, to, reason, business_at: at(date, 12) } }, 12);
    status = to;
  };
  const orderDate = order.order_date;
  const received = {
    po_number: order.po_number,
    customer_id: order.customer_id,
    order_date: orderDate,
    line_items: order.lines.map((l) => ({
      sku: l.sku,
      qty: l.qty,
      unit_price: l.unit_price,
      description: l.description,
    })),
  };
  push("seed", orderDate, {
    type: "order.received",
    data: {
      po: received,
      channel: "portal",
      customer: {
        customer_id: ref.customer.customer_id,
        name: ref.customer.name,
        tier: ref.customer.tier,
        allow_partial_shipment: ref.customer.allow_partial_shipment,
      },
      received_at: at(orderDate),
      order_date: orderDate,
      business_start: at(orderDate),
      sanitized: false,
      attacks_detected: [],
      quarantined_fields: [],
      source: { seed: true },
      admission: "none",
    },
  });
  // Checked as intake checks any order, so the view flags what intake would (a buyer's price off contract).
  const assessment = assessOrder(
    PurchaseOrder.parse(received),
    { customer: ref.customer, contract: ref.contract, catalog: ref.catalog },
    orderDate,
  );
  if (assessment.errors.length)
    throw new Error(
      `seed order ${order.po_number} fails intake: ${assessment.errors.map((e) => e.message).join("; ")}`,
    );
  const contract = assessment.contract;
  push(
    "seed",
    orderDate,
    {
      type: "intake.validated",
      data: {
        lines: validatedLines(assessment.lines),
        // The total the seed's history records (what was invoiced then), not a re-pricing of it.
        total: order.total,
        contract: contractTerms(contract),
        payment_terms: order.payment_terms,
        sla: contract?.sla ?? null,
        flags: assessment.flags,
        warnings: assessment.warnings,
      },
    },
    10,
  );
  move("confirmed", orderDate, "seed history");

  const warehouse = ref.warehouseOf(order.lines[0]!.sku);
  const carrier = order.carrier
    ? ref.carriers.find((c) => c.carrier === order.carrier)!
    : chooseCarrier(warehouse, ref.carriers);
  const shipDate = order.ship_date ?? addDays(orderDate, 1);
  const shipment: Shipment = {
    shipment_id: `${order.po_number}-S1`,
    warehouse,
    lines: order.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
    carrier: carrier.carrier,
    tracking: null,
    status: "planned",
    ship_date: shipDate,
    eta: addDays(shipDate, carrier.transit_days),
  };
  const backordered = order.status === "backordered";
  // The seed names what is short ("SKU-4892 backordered — supplier ETA 2024-11-15"); dated as fulfillment dates a restock.
  const supplierEta = /ETA (\d{4}-\d{2}-\d{2})/.exec(order.exception ?? "")?.[1] ?? null;
  const shortSkus = new Set(order.exception?.match(/SKU-\d{4}/g) ?? []);
  const fastest = [...ref.carriers].sort((a, b) => a.transit_days - b.transit_days)[0]!;
  const backorders = backordered
    ? order.lines
        .filter((l) => shortSkus.has(l.sku))
        .map((l) => ({
          sku: l.sku,
          qty: l.qty,
          supplier_eta: supplierEta,
          eta: estimateArrival(supplierEta ?? orderDate, fastest).eta,
        }))
    : [];
  const eta = backorders.length ? backorders.map((b) => b.eta).reduce(laterDate) : shipment.eta!;
  push(
    "seed",
    orderDate,
    {
      type: "fulfillment.planned",
      data: {
        plan: backordered ? "backorder" : "single",
        shipments: backordered ? [] : [shipment],
        backorders,
        eta,
        sla_risk: contract ? isSlaRisk(eta, orderDate, contract.sla.delivery_window_days) : false,
        flags: backordered ? ["backorder"] : [],
      },
    },
    11,
  );

  const exception = (found: DetectedException, date: string) =>
    push(
      "seed",
      date,
      {
        type: "exception.opened",
        data: { exception_id: exceptionId(order, 1), ...found, detected_at: at(date, 12) },
      },
      12,
    );

  switch (order.status) {
    case "in-production":
      move("in-production", addDays(orderDate, 1), "seed history");
      break;
    case "backordered":
      exception({ type: "backorder", details: { description: order.exception } }, orderDate);
      move("backordered", orderDate, order.exception ?? "backordered");
      break;
    case "quality-hold":
      move("in-production", addDays(orderDate, 1), "seed history");
      exception(
        {
          type: "quality_hold",
          details: {
            description: order.exception,
            sku: order.lines[0]!.sku,
            lot: /lot (\S+)/.exec(order.exception ?? "")?.[1] ?? null,
          },
        },
        addDays(orderDate, 2),
      );
      move("quality-hold", addDays(orderDate, 2), order.exception ?? "quality hold");
      break;
    case "shipped":
    case "delivered":
    case "exception": {
      push("erp", shipDate, {
        type: "shipment.dispatched",
        data: {
          shipment_id: shipment.shipment_id,
          carrier: carrier.carrier,
          tracking: order.tracking ?? "",
          shipped_at: at(shipDate),
        },
      });
      move("shipped", shipDate, "shipment dispatched");
      if (order.status === "delivered") {
        const deliveredOn = shipment.eta!;
        push(
          "carrier",
          deliveredOn,
          {
            type: "shipment.delivered",
            data: { shipment_id: shipment.shipment_id, delivered_at: at(deliveredOn, 14) },
          },
          14,
        );
        move("delivered", deliveredOn, "all shipments delivered");
      }
      if (order.status === "exception") {
        const since = /since (\d{4}-\d{2}-\d{2})/.exec(order.exception ?? "")?.[1] ?? shipDate;
        const hubName = /(\w+) hub/.exec(order.exception ?? "")?.[1];
        const hub = carrier.hubs.find((h) => hubName && h.startsWith(hubName)) ?? null;
        exception(
          {
            type: "carrier_delay",
            details: { description: order.exception, carrier: carrier.carrier, hub, tracking: order.tracking },
          },
          since,
        );
        move("exception", since, order.exception ?? "carrier delay");
      }
      break;
    }
  }
  return history;
}
