/**
 * Test-only fixtures for the unit tests of src/shared: the seed reference data parsed the way
 * the seed step parses it, and a factory that builds an OrderView the real way, by folding an
 * `order.received` and an `intake.validated` event (plus any further events) with projectOrderView.
 */
import carriersData from "../../src/seed/data/carriers.json";
import catalogData from "../../src/seed/data/catalog.json";
import contractsData from "../../src/seed/data/contracts.json";
import customersData from "../../src/seed/data/customers.json";
import inventoryData from "../../src/seed/data/inventory.json";
import { projectOrderView, type OrderView } from "../../src/shared/order-view";
import type { Channel } from "../../src/shared/schemas/purchase-order.schema";
import type { ViewLine } from "../../src/shared/schemas/fulfillment.schema";
import type { Actor, OrderEvent, OrderEventBody } from "../../src/shared/schemas/order-event.schema";
import { Carrier, CatalogItem, Contract, Customer, type StockLevel } from "../../src/shared/schemas/reference.schema";

export const CONTRACTS: readonly Contract[] = contractsData.map((c) => Contract.parse(c));
export const CUSTOMERS: readonly Customer[] = customersData.map((c) => Customer.parse(c));
export const CATALOG_ITEMS: readonly CatalogItem[] = catalogData.map((c) => CatalogItem.parse(c));
export const CATALOG: ReadonlyMap<string, CatalogItem> = new Map(CATALOG_ITEMS.map((c) => [c.sku, c]));
export const CARRIERS: readonly Carrier[] = carriersData.map((c) => Carrier.parse(c));

/** Seed inventory as stock levels; nothing is reserved, so `available` is `on_hand`. */
export const SEED_STOCK: readonly StockLevel[] = inventoryData.map((i) => ({
  sku: i.sku,
  warehouse: i.warehouse,
  on_hand: i.on_hand,
  available: i.on_hand,
  supplier_eta: i.supplier_eta,
}));

export function contractOf(customerId: string): Contract {
  const c = CONTRACTS.find((x) => x.customer_id === customerId);
  if (!c) throw new Error(`fixture: no contract for ${customerId}`);
  return c;
}

export function customerOf(customerId: string): Customer {
  const c = CUSTOMERS.find((x) => x.customer_id === customerId);
  if (!c) throw new Error(`fixture: no customer ${customerId}`);
  return c;
}

export function catalogItem(sku: string): CatalogItem {
  const c = CATALOG.get(sku);
  if (!c) throw new Error(`fixture: no catalog item ${sku}`);
  return c;
}

/** A stock level written out by hand. */
export function stock(
  sku: string,
  warehouse: string,
  available: number,
  supplier_eta: string | null = null,
): StockLevel {
  return { sku, warehouse, on_hand: Math.max(0, available), available, supplier_eta };
}

/** Wraps an event body in the envelope the OrderObject adds. */
export function orderEvent(
  seq: number,
  body: OrderEventBody,
  actor: Actor = "api",
  at = "2024-10-20T09:00:00.000Z",
): OrderEvent {
  return { ...body, seq, at, actor, trace_id: seq === 1 ? "4bf92f3577b34da6a3ce929d0e0e4736" : null, handoff_id: null };
}

export interface LineSpec {
  sku: string;
  qty: number;
  unit_price: number;
  contract_price?: number | null;
}

export interface OrderSpec {
  po_number?: string;
  customer_id?: string;
  channel?: Channel;
  order_date?: string;
  received_at?: string;
  business_start?: string;
  lines?: LineSpec[];
  /** Defaults to sum(qty x unit_price) of the lines. */
  total?: number;
  /** Whether intake found the customer's contract; default true. */
  with_contract?: boolean;
  allow_partial_shipment?: boolean;
  flags?: string[];
  admission?: "none" | "admitted" | "waiting";
}

/** A further event after the two the factory writes. */
export interface LaterEvent {
  actor: Actor;
  body: OrderEventBody;
  at?: string;
}

/** The event log of an order: received (by the api), validated (by intake), then `later`. */
export function orderEvents(spec: OrderSpec = {}, later: readonly LaterEvent[] = []): OrderEvent[] {
  const customerId = spec.customer_id ?? "CUST-001";
  const customer = CUSTOMERS.find((c) => c.customer_id === customerId) ?? null;
  const contract = spec.with_contract === false ? null : (CONTRACTS.find((c) => c.customer_id === customerId) ?? null);
  const orderDate = spec.order_date ?? "2024-10-20";
  const receivedAt = spec.received_at ?? `${orderDate}T09:00:00.000Z`;
  const lineSpecs = spec.lines ?? [{ sku: "SKU-4892", qty: 60, unit_price: 480, contract_price: 480 }];
  const lines: ViewLine[] = lineSpecs.map((l) => ({
    sku: l.sku,
    description: CATALOG.get(l.sku)?.description ?? "",
    qty: l.qty,
    unit_price: l.unit_price,
    contract_price: l.contract_price ?? null,
    list_price: CATALOG.get(l.sku)?.list_price ?? null,
    qty_shipped: 0,
  }));
  const total = spec.total ?? lineSpecs.reduce((s, l) => s + l.qty * l.unit_price, 0);
  const received: OrderEventBody = {
    type: "order.received",
    data: {
      po: {
        po_number: spec.po_number ?? "PO-2024-5001",
        customer_id: customerId,
        order_date: orderDate,
        line_items: lineSpecs.map((l) => ({ sku: l.sku, qty: l.qty, unit_price: l.unit_price })),
        ...(spec.allow_partial_shipment === undefined ? {} : { allow_partial_shipment: spec.allow_partial_shipment }),
      },
      channel: spec.channel ?? "portal",
      customer: customer
        ? {
            customer_id: customer.customer_id,
            name: customer.name,
            tier: customer.tier,
            allow_partial_shipment: customer.allow_partial_shipment,
          }
        : null,
      received_at: receivedAt,
      order_date: orderDate,
      business_start: spec.business_start ?? receivedAt,
      sanitized: false,
      attacks_detected: [],
      quarantined_fields: [],
      admission: spec.admission ?? "none",
    },
  };
  const validated: OrderEventBody = {
    type: "intake.validated",
    data: {
      lines,
      total,
      contract: contract
        ? { contract_id: contract.contract_id, payment_terms: contract.payment_terms, sla: contract.sla }
        : null,
      payment_terms: contract?.payment_terms ?? null,
      sla: contract?.sla ?? null,
      flags: spec.flags ?? [],
      warnings: [],
    },
  };
  return [
    orderEvent(1, received, "api", receivedAt),
    orderEvent(2, validated, "intake", receivedAt),
    ...later.map((e, i) => orderEvent(i + 3, e.body, e.actor, e.at ?? receivedAt)),
  ];
}

/** An OrderView folded from the real event log by projectOrderView. */
export function buildOrderView(spec: OrderSpec = {}, later: readonly LaterEvent[] = []): OrderView {
  return projectOrderView(orderEvents(spec, later));
}
