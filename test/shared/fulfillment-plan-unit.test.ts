import { describe, expect, it } from "vitest";
import type { AllocationPlan } from "../../src/shared/allocation";
import { demandOf, planFulfillment } from "../../src/shared/fulfillment-plan";
import type { Shipment } from "../../src/shared/schemas/fulfillment.schema";
import type { Carrier } from "../../src/shared/schemas/reference.schema";
import { buildOrderView } from "../fixtures/order-events";
import { CARRIERS, CATALOG } from "../fixtures/reference";

const PO = "PO-2024-5001";
const SPLIT_150: AllocationPlan = {
  kind: "split",
  shipments: [
    { warehouse: "Chicago, IL", lines: [{ sku: "SKU-4892", qty: 120 }] },
    { warehouse: "Detroit, MI", lines: [{ sku: "SKU-4892", qty: 30 }] },
  ],
  backorders: [],
};

/** An Acme order of 150 x SKU-4892 on 2024-10-20 with a chosen total. */
const acmeView = (total: number) =>
  buildOrderView({
    po_number: PO,
    order_date: "2024-10-20",
    lines: [{ sku: "SKU-4892", qty: 150, unit_price: 480, contract_price: 480 }],
    total,
  });

describe("planFulfillment: split and the approval gate", () => {
  it("plans one shipment per warehouse with its carrier and ETA", () => {
    const d = planFulfillment(acmeView(40_000), SPLIT_150, CARRIERS, CATALOG);
    // Chicago: UPS hub, ship 10-21 + 3 days; Detroit: fastest FedEx, ship 10-21 + 2 days
    expect(d.shipments).toEqual([
      {
        shipment_id: `${PO}-S1`,
        warehouse: "Chicago, IL",
        lines: [{ sku: "SKU-4892", qty: 120 }],
        carrier: "UPS",
        tracking: null,
        status: "planned",
        ship_date: "2024-10-21",
        eta: "2024-10-24",
      },
      {
        shipment_id: `${PO}-S2`,
        warehouse: "Detroit, MI",
        lines: [{ sku: "SKU-4892", qty: 30 }],
        carrier: "FedEx",
        tracking: null,
        status: "planned",
        ship_date: "2024-10-21",
        eta: "2024-10-23",
      },
    ]);
    expect(d.eta).toBe("2024-10-24");
    expect(d.sla_risk).toBe(false);
    expect(d.flags).toEqual(["split_required"]);
    expect(d.backorders).toEqual([]);
    expect(d.plan).toBe(SPLIT_150);
  });

  it("sends a split order worth more than $50,000 for approval", () => {
    // 150 x 480 = 72,000
    const d = planFulfillment(acmeView(72_000), SPLIT_150, CARRIERS, CATALOG);
    expect(d.status).toBe("awaiting-approval");
    expect(d.approval).toEqual({
      reason: "split shipment of an order worth $72000.00 exceeds the $50000 approval limit",
    });
    expect(d.flags).toContain("split_required");
  });

  it("needs approval at $50,000.01", () => {
    const d = planFulfillment(acmeView(50_000.01), SPLIT_150, CARRIERS, CATALOG);
    expect(d.status).toBe("awaiting-approval");
    expect(d.approval?.reason).toContain("$50000.01");
  });

  it("confirms a split order worth exactly $50,000 without approval", () => {
    const d = planFulfillment(acmeView(50_000), SPLIT_150, CARRIERS, CATALOG);
    expect(d.status).toBe("confirmed");
    expect(d.approval).toBeNull();
  });

  it("does not gate a single shipment however large the order", () => {
    const single: AllocationPlan = {
      kind: "single",
      shipments: [{ warehouse: "Chicago, IL", lines: [{ sku: "SKU-4892", qty: 120 }] }],
      backorders: [],
    };
    const d = planFulfillment(acmeView(900_000), single, CARRIERS, CATALOG);
    expect(d.status).toBe("confirmed");
    expect(d.approval).toBeNull();
    expect(d.flags).toEqual([]);
  });

  it("flags split_required and backorder for a split with a remainder on backorder", () => {
    const plan: AllocationPlan = {
      ...SPLIT_150,
      backorders: [{ sku: "SKU-4892", qty: 10, supplier_eta: "2024-10-25" }],
    };
    const d = planFulfillment(acmeView(20_000), plan, CARRIERS, CATALOG);
    // backorder: restock 10-25, FedEx (fastest) ships 10-26, arrives 10-28
    expect(d.backorders).toEqual([{ sku: "SKU-4892", qty: 10, supplier_eta: "2024-10-25", eta: "2024-10-28" }]);
    expect(d.eta).toBe("2024-10-28");
    expect(d.flags).toEqual(["split_required", "backorder"]);
    expect(d.status).toBe("confirmed");
  });
});

describe("planFulfillment: backorders and the SLA", () => {
  it("backorders a no-partial order and flags the SLA risk of a late supplier ETA (seed PO-2024-11602)", () => {
    const view = buildOrderView({
      po_number: "PO-2024-11602",
      customer_id: "CUST-003",
      order_date: "2024-10-20",
      lines: [
        { sku: "SKU-4892", qty: 150, unit_price: 480, contract_price: 480 },
        { sku: "SKU-9010", qty: 75, unit_price: 215, contract_price: 215 },
      ],
    });
    expect(view.total).toBe(88_125);
    const plan: AllocationPlan = {
      kind: "backorder",
      shipments: [],
      backorders: [{ sku: "SKU-4892", qty: 30, supplier_eta: "2024-11-15" }],
    };
    const d = planFulfillment(view, plan, CARRIERS, CATALOG);
    // restock 11-15, FedEx ships 11-16, arrives 11-18; window 2024-10-20 + 28 = 11-17
    expect(d.backorders).toEqual([{ sku: "SKU-4892", qty: 30, supplier_eta: "2024-11-15", eta: "2024-11-18" }]);
    expect(d.eta).toBe("2024-11-18");
    expect(d.sla_risk).toBe(true);
    expect(d.status).toBe("backordered");
    expect(d.approval).toBeNull();
    expect(d.shipments).toEqual([]);
    expect(d.flags).toEqual(["backorder", "sla_risk"]);
  });

  it("restocks from the catalog lead time without a supplier ETA", () => {
    const view = buildOrderView({
      order_date: "2024-10-28",
      lines: [{ sku: "SKU-3300", qty: 10, unit_price: 3200, contract_price: 3200 }],
    });
    const plan: AllocationPlan = {
      kind: "backorder",
      shipments: [],
      backorders: [{ sku: "SKU-3300", qty: 10, supplier_eta: null }],
    };
    const d = planFulfillment(view, plan, CARRIERS, CATALOG);
    // 10-28 + 28 days lead time = 11-25; FedEx ships 11-26, arrives 11-28
    expect(d.backorders[0]?.eta).toBe("2024-11-28");
  });

  it("judges the SLA on the contract window: an ETA on the last day is no risk, a day later is", () => {
    const slow = (transit_days: number): Carrier[] => [{ carrier: "Slow", transit_days, hubs: [] }];
    const plan: AllocationPlan = {
      kind: "single",
      shipments: [{ warehouse: "Detroit, MI", lines: [{ sku: "SKU-7210", qty: 10 }] }],
      backorders: [],
    };
    // Beta's window is 21 days: 2024-10-20 + 21 = 11-10; ship 10-21 + 20 = 11-10
    const view = buildOrderView({
      customer_id: "CUST-002",
      order_date: "2024-10-20",
      lines: [{ sku: "SKU-7210", qty: 10, unit_price: 62.5, contract_price: 62.5 }],
    });
    expect(view.sla?.delivery_window_days).toBe(21);
    const onTime = planFulfillment(view, plan, slow(20), CATALOG);
    expect(onTime.eta).toBe("2024-11-10");
    expect(onTime.sla_risk).toBe(false);
    const late = planFulfillment(view, plan, slow(21), CATALOG);
    expect(late.eta).toBe("2024-11-11");
    expect(late.sla_risk).toBe(true);
    expect(late.flags).toEqual(["sla_risk"]);
  });

  it("uses a 14-day window without a contract", () => {
    const view = buildOrderView({ order_date: "2024-10-20", with_contract: false });
    expect(view.sla).toBeNull();
    const plan: AllocationPlan = {
      kind: "single",
      shipments: [{ warehouse: "Detroit, MI", lines: [{ sku: "SKU-4892", qty: 10 }] }],
      backorders: [],
    };
    // 2024-10-20 + 14 = 11-03; ship 10-21 + 13 = 11-03, + 14 = 11-04
    expect(planFulfillment(view, plan, [{ carrier: "Slow", transit_days: 13, hubs: [] }], CATALOG).sla_risk).toBe(
      false,
    );
    expect(planFulfillment(view, plan, [{ carrier: "Slow", transit_days: 14, hubs: [] }], CATALOG).sla_risk).toBe(true);
  });
});

describe("demandOf", () => {
  it("is what each line still has to ship", () => {
    const planned = (id: string, warehouse: string, lines: { sku: string; qty: number }[]): Shipment => ({
      shipment_id: id,
      warehouse,
      lines,
      carrier: "UPS",
      tracking: null,
      status: "planned",
      ship_date: "2024-10-21",
      eta: "2024-10-24",
    });
    const view = buildOrderView(
      {
        lines: [
          { sku: "SKU-4892", qty: 150, unit_price: 480, contract_price: 480 },
          { sku: "SKU-9010", qty: 20, unit_price: 215 },
        ],
      },
      [
        {
          actor: "fulfillment",
          body: {
            type: "fulfillment.planned",
            data: {
              plan: "split",
              shipments: [
                planned("S1", "Chicago, IL", [
                  { sku: "SKU-4892", qty: 120 },
                  { sku: "SKU-9010", qty: 20 },
                ]),
                planned("S2", "Detroit, MI", [{ sku: "SKU-4892", qty: 30 }]),
              ],
              backorders: [],
              eta: "2024-10-24",
              sla_risk: false,
              flags: ["split_required"],
            },
          },
        },
        {
          actor: "erp",
          body: {
            type: "shipment.dispatched",
            data: { shipment_id: "S1", carrier: "UPS", tracking: "1Z1", shipped_at: "2024-10-21T10:00:00Z" },
          },
        },
      ],
    );
    expect(demandOf(view)).toEqual([{ sku: "SKU-4892", qty: 30 }]);
  });
});
