import { addDays, laterDate } from "./business-dates";
import type { Carrier, StockLevel } from "./schemas/reference.schema";

/** A line to fulfil. */
export interface DemandLine {
  sku: string;
  qty: number;
}

/** One planned shipment from one warehouse. */
export interface PlannedShipment {
  warehouse: string;
  lines: DemandLine[];
}

/** A quantity no stock covers now, with when the supplier is due to restock. */
export interface Backorder {
  sku: string;
  qty: number;
  supplier_eta: string | null;
}

/** How an order will be fulfilled (DESIGN §6, Fulfillment). */
export interface AllocationPlan {
  kind: "single" | "split" | "backorder";
  shipments: PlannedShipment[];
  backorders: Backorder[];
}

function remainingTotal(remaining: Map<string, number>): number {
  let sum = 0;
  for (const qty of remaining.values()) sum += qty;
  return sum;
}

/** The earliest supplier restock date for a SKU across warehouses, or null when none is due. */
export function supplierEta(sku: string, stock: readonly StockLevel[]): string | null {
  const etas = stock.filter((s) => s.sku === sku && s.supplier_eta).map((s) => s.supplier_eta as string);
  return etas.length ? etas.sort()[0]! : null;
}

/**
 * Allocates lines to warehouses, fewest shipments first: one warehouse that covers every line
 * ships alone; otherwise, when partial shipment is allowed, warehouses are taken greedily by the
 * quantity they cover and what no stock covers is backordered. Without partial-shipment
 * consent an order that one warehouse cannot cover waits whole for stock.
 */
export function allocateShipments(
  lines: readonly DemandLine[],
  stock: readonly StockLevel[],
  allowPartial: boolean,
): AllocationPlan {
  const demand = new Map<string, number>();
  for (const l of lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.qty);
  const warehouses = [...new Set(stock.map((s) => s.warehouse))].sort();
  const available = (warehouse: string, sku: string) =>
    Math.max(0, stock.find((s) => s.warehouse === warehouse && s.sku === sku)?.available ?? 0);

  const whole = warehouses.find((w) => [...demand].every(([sku, qty]) => available(w, sku) >= qty));
  if (whole) {
    return {
      kind: "single",
      shipments: [{ warehouse: whole, lines: [...demand].map(([sku, qty]) => ({ sku, qty })) }],
      backorders: [],
    };
  }

  if (!allowPartial) {
    const shortfall = (w: string) => [...demand].reduce((s, [sku, qty]) => s + Math.max(0, qty - available(w, sku)), 0);
    const best = [...warehouses].sort((a, b) => shortfall(a) - shortfall(b))[0];
    const backorders = [...demand]
      .map(([sku, qty]) => ({
        sku,
        qty: best ? Math.max(0, qty - available(best, sku)) : qty,
        supplier_eta: supplierEta(sku, stock),
      }))
      .filter((b) => b.qty > 0);
    return { kind: "backorder", shipments: [], backorders };
  }

  const remaining = new Map(demand);
  const shipments: PlannedShipment[] = [];
  const unused = new Set(warehouses);
  while (remainingTotal(remaining) > 0 && unused.size > 0) {
    const coverage = (w: string) => [...remaining].reduce((s, [sku, qty]) => s + Math.min(qty, available(w, sku)), 0);
    const next = [...unused].sort((a, b) => coverage(b) - coverage(a) || a.localeCompare(b))[0]!;
    if (coverage(next) === 0) break;
    unused.delete(next);
    const shipLines: DemandLine[] = [];
    for (const [sku, qty] of remaining) {
      const take = Math.min(qty, available(next, sku));
      if (take > 0) {
        shipLines.push({ sku, qty: take });
        remaining.set(sku, qty - take);
      }
    }
    shipments.push({ warehouse: next, lines: shipLines });
  }
  const backorders = [...remaining]
    .filter(([, qty]) => qty > 0)
    .map(([sku, qty]) => ({ sku, qty, supplier_eta: supplierEta(sku, stock) }));
  return { kind: shipments.length === 0 ? "backorder" : "split", shipments, backorders };
}

/**
 * The carrier for a warehouse: one with a hub in the warehouse's city, else the fastest;
 * ties go to the shorter transit.
 */
export function chooseCarrier(warehouse: string, carriers: readonly Carrier[]): Carrier {
  const byTransit = [...carriers].sort((a, b) => a.transit_days - b.transit_days || a.carrier.localeCompare(b.carrier));
  const atHub = byTransit.find((c) => c.hubs.includes(warehouse));
  const chosen = atHub ?? byTransit[0];
  if (!chosen) throw new Error("no carriers configured");
  return chosen;
}

/** Days between receiving a PO and handing the goods to the carrier. */
export const HANDLING_DAYS = 1;

/** ETA = ship date + carrier transit, with the ship date after handling (DESIGN §6). */
export function estimateArrival(readyDate: string, carrier: Carrier): { ship_date: string; eta: string } {
  const ship_date = addDays(readyDate, HANDLING_DAYS);
  return { ship_date, eta: addDays(ship_date, carrier.transit_days) };
}

/** The date stock for a backorder is expected: the supplier ETA, else the catalog lead time. */
export function restockDate(backorder: Backorder, orderDate: string, leadTimeDays: number): string {
  return backorder.supplier_eta ? laterDate(backorder.supplier_eta, orderDate) : addDays(orderDate, leadTimeDays);
}

/** Default delivery window when a customer has no contract. */
export const DEFAULT_DELIVERY_WINDOW_DAYS = 14;

/** The date an order is due by (DESIGN §6): order date + the contract's delivery window. */
export function slaDate(orderDate: string, deliveryWindowDays: number): string {
  return addDays(orderDate, deliveryWindowDays);
}

/** An ETA past the SLA date is an SLA risk; arriving on the SLA date itself meets it. */
export function isSlaRisk(eta: string, orderDate: string, deliveryWindowDays: number): boolean {
  return eta > slaDate(orderDate, deliveryWindowDays);
}
