import { describe, expect, it } from "vitest";
import inventoryData from "../../src/seed/data/inventory.json";
import ordersData from "../../src/seed/data/orders.json";
import { seedOrderHistory, type SeedOrder } from "../../src/seed/seed-orders";
import { canTransition, type OrderStatus } from "../../src/shared/order-lifecycle";
import { projectOrderView } from "../../src/shared/order-view";
import type { OrderEvent } from "../../src/shared/schemas/order-event.schema";
import { CARRIERS, CATALOG, CONTRACTS, customerOf } from "../fixtures/reference";

const ORDERS = ordersData as SeedOrder[];
const warehouseOf = (sku: string) => inventoryData.find((i) => i.sku === sku)?.warehouse ?? "Chicago, IL";

/** The seed order's history as stored events, the way the OrderObject numbers them. */
function historyOf(order: SeedOrder): OrderEvent[] {
  const customer = customerOf(order.customer_id);
  const contract = CONTRACTS.find((c) => c.customer_id === order.customer_id) ?? null;
  return seedOrderHistory(order, { customer, contract, catalog: CATALOG, carriers: CARRIERS, warehouseOf }).map(
    (h, i) => ({
      ...h.body,
      seq: i + 1,
      at: h.at,
      actor: h.actor,
      trace_id: null,
      handoff_id: null,
    }),
  );
}

/** Contract prices by PO and SKU, read by hand from contracts.json for each seed line's qty. */
const CONTRACT_PRICES: Record<string, Record<string, number | null>> = {
  "PO-2024-11234": { "SKU-4892": 480 },
  "PO-2024-11301": { "SKU-7210": 58, "SKU-7211": 78 },
  "PO-2024-11455": { "SKU-3300": 3200 },
  "PO-2024-11602": { "SKU-4892": 480, "SKU-9010": 215 },
  "PO-2024-10980": { "SKU-7210": 58 },
  "PO-2024-11710": { "SKU-3300": 3200, "SKU-9010": null },
  "PO-2024-11825": { "SKU-4892": 510 },
  "PO-2024-11900": { "SKU-7211": 78 },
  "PO-2024-12015": { "SKU-4892": 480 },
  "PO-2024-12180": { "SKU-9010": 215 },
};

describe("seed orders", () => {
  it("are the 10 POs of the brief, one per PO number", () => {
    expect(ORDERS).toHaveLength(10);
    expect(new Set(ORDERS.map((o) => o.po_number)).size).toBe(10);
    expect(Object.keys(CONTRACT_PRICES).sort()).toEqual(ORDERS.map((o) => o.po_number).sort());
  });
});

describe.each(ORDERS.map((o) => [o.po_number, o] as const))("seedOrderHistory %s", (_po, order) => {
  it("starts with order.received and ends in the seed's status", () => {
    const events = historyOf(order);
    expect(events[0]?.type).toBe("order.received");
    expect(projectOrderView(events).status).toBe(order.status);
  });

  it("moves only along transitions the lifecycle allows, each from the status it was in", () => {
    let current: OrderStatus = "received";
    const moves = historyOf(order).filter(
      (e): e is Extract<OrderEvent, { type: "status.changed" }> => e.type === "status.changed",
    );
    expect(moves.length).toBeGreaterThan(0);
    for (const m of moves) {
      expect(m.data.from).toBe(current);
      expect(canTransition(m.data.from, m.data.to), `${m.data.from} -> ${m.data.to}`).toBe(true);
      current = m.data.to;
    }
    expect(current).toBe(order.status);
  });

  it("keeps the seed's customer, total, payment terms and lines", () => {
    const view = projectOrderView(historyOf(order));
    const sum = order.lines.reduce((s, l) => s + l.qty * l.unit_price, 0);
    expect(view.total).toBe(order.total);
    expect(view.total).toBe(sum);
    expect(view.customer_id).toBe(order.customer_id);
    expect(view.customer).toBe(ordersData.find((o) => o.po_number === order.po_number)?.customer);
    expect(view.payment_terms).toBe(order.payment_terms);
    expect(view.order_date).toBe(order.order_date);
    expect(
      view.lines.map((l) => ({
        sku: l.sku,
        description: l.description,
        qty: l.qty,
        unit_price: l.unit_price,
        qty_shipped: l.qty_shipped,
      })),
    ).toEqual(order.lines);
  });

  it("prices each line's contract price by the customer's tier for its qty", () => {
    const view = projectOrderView(historyOf(order));
    const expected = CONTRACT_PRICES[order.po_number] ?? {};
    expect(Object.fromEntries(view.lines.map((l) => [l.sku, l.contract_price]))).toEqual(expected);
    expect(view.contract_id).toBe(CONTRACTS.find((c) => c.customer_id === order.customer_id)?.contract_id);
  });

  it("is settled: no agents ran and no handoff is pending", () => {
    const view = projectOrderView(historyOf(order));
    expect(view.agents_invoked).toEqual([]);
    expect(view.pending_handoffs).toBe(0);
  });

  it("carries the seed's carrier, tracking and ship date once shipped", () => {
    const view = projectOrderView(historyOf(order));
    if (order.tracking === null) {
      expect(view.shipments.every((s) => s.tracking === null)).toBe(true);
      return;
    }
    expect(view.shipments).toHaveLength(1);
    expect(view.shipments[0]).toMatchObject({
      carrier: order.carrier,
      tracking: order.tracking,
      ship_date: order.ship_date,
    });
    expect(view.shipments[0]?.status).toBe(order.status === "delivered" ? "delivered" : "shipped");
  });

  it("stamps events in strictly increasing time order", () => {
    const ats = historyOf(order).map((e) => e.at);
    for (let i = 1; i < ats.length; i++) expect(ats[i]! > ats[i - 1]!, `${ats[i - 1]} then ${ats[i]}`).toBe(true);
  });
});

describe("seed exceptions", () => {
  const viewOf = (po: string) => {
    const order = ORDERS.find((o) => o.po_number === po);
    if (!order) throw new Error(po);
    return projectOrderView(historyOf(order));
  };

  it("PO-2024-11455 is on quality hold for lot 2024-10-08-A of SKU-3300", () => {
    const view = viewOf("PO-2024-11455");
    expect(view.exceptions).toHaveLength(1);
    expect(view.exceptions[0]).toMatchObject({
      type: "quality_hold",
      status: "open",
      details: { sku: "SKU-3300", lot: "2024-10-08-A" },
    });
  });

  it("PO-2024-12180 has a carrier delay at UPS's Memphis hub since 2024-11-15", () => {
    const view = viewOf("PO-2024-12180");
    expect(view.exceptions[0]).toMatchObject({
      type: "carrier_delay",
      status: "open",
      detected_at: "2024-11-15T12:00:00.000Z",
      details: { carrier: "UPS", hub: "Memphis, TN", tracking: "1Z999AA10211223344" },
    });
  });

  it("PO-2024-11602 is backordered against the supplier ETA 2024-11-15", () => {
    const view = viewOf("PO-2024-11602");
    expect(view.exceptions.map((e) => e.type)).toEqual(["backorder"]);
    expect(view.flags).toContain("backorder");
    expect(view.backorders.find((b) => b.sku === "SKU-4892")?.supplier_eta).toBe("2024-11-15");
  });

  it("PO-2024-11602 backorders only the SKU the seed names", () => {
    expect(viewOf("PO-2024-11602").backorders.map((b) => b.sku)).toEqual(["SKU-4892"]);
  });

  it("PO-2024-11602 expects no backordered goods before the supplier restocks", () => {
    const view = viewOf("PO-2024-11602");
    for (const b of view.backorders) expect(b.eta >= (b.supplier_eta ?? "")).toBe(true);
    expect(view.eta !== null && view.eta >= "2024-11-15").toBe(true);
  });
});

describe("seed orders are checked like any order", () => {
  const viewOf = (order: SeedOrder) => projectOrderView(historyOf(order));

  it("PO-2024-11234 (495 against Acme's 480 at 50+) is flagged price_mismatch, with intake's warning", () => {
    const view = viewOf(ORDERS.find((o) => o.po_number === "PO-2024-11234")!);
    expect(view.flags).toContain("price_mismatch");
    expect(view.validation.warnings).toContain("SKU-4892: buyer price 495 differs from contract price 480");
  });

  it.each(ORDERS.map((o) => [o.po_number, o] as const))(
    "%s carries exactly the flags intake gives its lines",
    (_po, order) => {
      const view = viewOf(order);
      const mismatch = view.lines.some((l) => l.unit_price !== (l.contract_price ?? l.list_price));
      const noContract = view.lines.some((l) => l.contract_price === null);
      expect(view.flags.includes("price_mismatch")).toBe(mismatch);
      expect(view.flags.includes("warning_no_contract")).toBe(noContract);
    },
  );
});
