import { describe, expect, it } from "vitest";
import {
  allocateShipments,
  chooseCarrier,
  estimateArrival,
  isSlaRisk,
  restockDate,
  slaDate,
  supplierEta,
} from "../../src/shared/allocation";
import type { Carrier } from "../../src/shared/schemas/reference.schema";
import { CARRIERS, SEED_STOCK, stock } from "../fixtures/reference";

const carrier = (name: string): Carrier => {
  const c = CARRIERS.find((x) => x.carrier === name);
  if (!c) throw new Error(name);
  return c;
};

describe("allocateShipments: one warehouse", () => {
  it("ships from the one warehouse that covers every line", () => {
    // Chicago holds 120 x SKU-4892 and 300 x SKU-9010; Detroit has no SKU-9010
    const plan = allocateShipments(
      [
        { sku: "SKU-4892", qty: 60 },
        { sku: "SKU-9010", qty: 20 },
      ],
      SEED_STOCK,
      true,
    );
    expect(plan).toEqual({
      kind: "single",
      shipments: [
        {
          warehouse: "Chicago, IL",
          lines: [
            { sku: "SKU-4892", qty: 60 },
            { sku: "SKU-9010", qty: 20 },
          ],
        },
      ],
      backorders: [],
    });
  });

  it("ships a whole order from one warehouse even without partial-shipment consent", () => {
    const plan = allocateShipments([{ sku: "SKU-7210", qty: 2400 }], SEED_STOCK, false);
    expect(plan.kind).toBe("single");
    expect(plan.shipments).toEqual([{ warehouse: "Detroit, MI", lines: [{ sku: "SKU-7210", qty: 2400 }] }]);
  });

  it("sums lines of the same SKU", () => {
    const plan = allocateShipments(
      [
        { sku: "SKU-7211", qty: 100 },
        { sku: "SKU-7211", qty: 50 },
      ],
      SEED_STOCK,
      true,
    );
    expect(plan.shipments).toEqual([{ warehouse: "Detroit, MI", lines: [{ sku: "SKU-7211", qty: 150 }] }]);
  });

  it("picks the alphabetically first of several warehouses that could each ship it", () => {
    const plan = allocateShipments([{ sku: "SKU-4892", qty: 30 }], SEED_STOCK, true);
    expect(plan.shipments.map((s) => s.warehouse)).toEqual(["Chicago, IL"]);
  });
});

describe("allocateShipments: split", () => {
  it("splits SKU-4892 x 150 into Chicago 120 and Detroit 30", () => {
    const plan = allocateShipments([{ sku: "SKU-4892", qty: 150 }], SEED_STOCK, true);
    expect(plan).toEqual({
      kind: "split",
      shipments: [
        { warehouse: "Chicago, IL", lines: [{ sku: "SKU-4892", qty: 120 }] },
        { warehouse: "Detroit, MI", lines: [{ sku: "SKU-4892", qty: 30 }] },
      ],
      backorders: [],
    });
  });

  it("takes warehouses by coverage, not by name, for the fewest shipments", () => {
    // Alphabetical order would need A 4 + B 6 + C 5 = three shipments; C then B needs two.
    const s = [stock("SKU-1000", "A", 4), stock("SKU-1000", "B", 6), stock("SKU-1000", "C", 10)];
    const plan = allocateShipments([{ sku: "SKU-1000", qty: 15 }], s, true);
    expect(plan.kind).toBe("split");
    expect(plan.shipments).toEqual([
      { warehouse: "C", lines: [{ sku: "SKU-1000", qty: 10 }] },
      { warehouse: "B", lines: [{ sku: "SKU-1000", qty: 5 }] },
    ]);
  });

  it("splits a multi-SKU order that no one warehouse covers", () => {
    // SKU-7210 only in Detroit; SKU-9010 only in Chicago
    const plan = allocateShipments(
      [
        { sku: "SKU-7210", qty: 100 },
        { sku: "SKU-9010", qty: 50 },
      ],
      SEED_STOCK,
      true,
    );
    expect(plan.kind).toBe("split");
    expect(plan.shipments).toEqual([
      { warehouse: "Detroit, MI", lines: [{ sku: "SKU-7210", qty: 100 }] },
      { warehouse: "Chicago, IL", lines: [{ sku: "SKU-9010", qty: 50 }] },
    ]);
    expect(plan.backorders).toEqual([]);
  });

  it("backorders what no stock covers against the earliest supplier ETA", () => {
    // 120 + 40 on hand for 170 ordered: 10 short; only Chicago has a supplier ETA
    const plan = allocateShipments([{ sku: "SKU-4892", qty: 170 }], SEED_STOCK, true);
    expect(plan.kind).toBe("split");
    expect(plan.shipments.flatMap((s) => s.lines)).toEqual([
      { sku: "SKU-4892", qty: 120 },
      { sku: "SKU-4892", qty: 40 },
    ]);
    expect(plan.backorders).toEqual([{ sku: "SKU-4892", qty: 10, supplier_eta: "2024-11-15" }]);
  });

  it("is a backorder with no shipments when nothing is in stock", () => {
    const plan = allocateShipments(
      [{ sku: "SKU-3300", qty: 10 }],
      [stock("SKU-3300", "Chicago, IL", 0, "2024-12-02")],
      true,
    );
    expect(plan).toEqual({
      kind: "backorder",
      shipments: [],
      backorders: [{ sku: "SKU-3300", qty: 10, supplier_eta: "2024-12-02" }],
    });
  });

  it("breaks a coverage tie by warehouse name", () => {
    // after C's 10, A and B could each cover the last 5
    const s = [stock("SKU-1000", "B", 5), stock("SKU-1000", "A", 5), stock("SKU-1000", "C", 10)];
    expect(allocateShipments([{ sku: "SKU-1000", qty: 15 }], s, true).shipments.map((x) => x.warehouse)).toEqual([
      "C",
      "A",
    ]);
  });

  it("treats negative availability (over-reserved stock) as none", () => {
    const s = [stock("SKU-1000", "A", -5), stock("SKU-1000", "B", 3)];
    const plan = allocateShipments([{ sku: "SKU-1000", qty: 4 }], s, true);
    expect(plan.shipments).toEqual([{ warehouse: "B", lines: [{ sku: "SKU-1000", qty: 3 }] }]);
    expect(plan.backorders).toEqual([{ sku: "SKU-1000", qty: 1, supplier_eta: null }]);
  });
});

describe("allocateShipments: no partial-shipment consent", () => {
  it("ships nothing and backorders the shortfall at the best warehouse (seed PO-2024-11602)", () => {
    // Consolidated: 150 x SKU-4892 + 75 x SKU-9010. Chicago is 30 short, Detroit 110 + 75 short.
    const plan = allocateShipments(
      [
        { sku: "SKU-4892", qty: 150 },
        { sku: "SKU-9010", qty: 75 },
      ],
      SEED_STOCK,
      false,
    );
    expect(plan).toEqual({
      kind: "backorder",
      shipments: [],
      backorders: [{ sku: "SKU-4892", qty: 30, supplier_eta: "2024-11-15" }],
    });
  });

  it("backorders everything when there is no stock at all", () => {
    const plan = allocateShipments([{ sku: "SKU-1000", qty: 7 }], [], false);
    expect(plan).toEqual({
      kind: "backorder",
      shipments: [],
      backorders: [{ sku: "SKU-1000", qty: 7, supplier_eta: null }],
    });
  });
});

describe("supplierEta", () => {
  it("is the earliest ETA across warehouses, or null", () => {
    const s = [
      stock("SKU-1000", "A", 0, "2024-12-10"),
      stock("SKU-1000", "B", 0, null),
      stock("SKU-1000", "C", 0, "2024-11-30"),
    ];
    expect(supplierEta("SKU-1000", s)).toBe("2024-11-30");
    expect(supplierEta("SKU-7210", SEED_STOCK)).toBeNull();
  });
});

describe("chooseCarrier", () => {
  it("prefers a carrier with a hub at the warehouse over a faster one", () => {
    // UPS (3 days) has a Chicago hub; FedEx (2 days) does not
    expect(chooseCarrier("Chicago, IL", CARRIERS).carrier).toBe("UPS");
  });

  it("takes the fastest carrier when none has a hub there", () => {
    expect(chooseCarrier("Detroit, MI", CARRIERS).carrier).toBe("FedEx");
  });

  it("takes the faster of two carriers with a hub there", () => {
    // Memphis is a hub of UPS (3 days) and FedEx (2 days)
    expect(chooseCarrier("Memphis, TN", CARRIERS).carrier).toBe("FedEx");
  });

  it("throws without carriers", () => {
    expect(() => chooseCarrier("Chicago, IL", [])).toThrow("no carriers configured");
  });
});

describe("estimateArrival", () => {
  it("ships the day after ready and arrives after the carrier's transit", () => {
    expect(estimateArrival("2024-09-15", carrier("UPS"))).toEqual({ ship_date: "2024-09-16", eta: "2024-09-19" });
    expect(estimateArrival("2024-09-15", carrier("DHL"))).toEqual({ ship_date: "2024-09-16", eta: "2024-09-20" });
  });

  it("crosses month and leap-day boundaries", () => {
    expect(estimateArrival("2024-02-28", carrier("FedEx"))).toEqual({ ship_date: "2024-02-29", eta: "2024-03-02" });
    expect(estimateArrival("2024-12-30", carrier("UPS"))).toEqual({ ship_date: "2024-12-31", eta: "2025-01-03" });
  });
});

describe("restockDate", () => {
  it("is the supplier ETA when it lies after the order date", () => {
    expect(restockDate({ sku: "SKU-4892", qty: 30, supplier_eta: "2024-11-15" }, "2024-10-20", 14)).toBe("2024-11-15");
  });

  it("is the order date when the supplier ETA has already passed", () => {
    expect(restockDate({ sku: "SKU-4892", qty: 30, supplier_eta: "2024-10-01" }, "2024-10-20", 14)).toBe("2024-10-20");
  });

  it("is the order date plus the catalog lead time without a supplier ETA", () => {
    expect(restockDate({ sku: "SKU-3300", qty: 2, supplier_eta: null }, "2024-10-20", 28)).toBe("2024-11-17");
  });
});

describe("isSlaRisk", () => {
  it("is no risk on exactly order date + window, a risk one day later", () => {
    // 2024-09-15 + 14 days = 2024-09-29
    expect(isSlaRisk("2024-09-29", "2024-09-15", 14)).toBe(false);
    expect(isSlaRisk("2024-09-30", "2024-09-15", 14)).toBe(true);
  });

  it("is no risk for an early ETA", () => {
    expect(isSlaRisk("2024-09-16", "2024-09-15", 14)).toBe(false);
  });

  it("counts the window across a month end", () => {
    // 2024-10-20 + 28 days = 2024-11-17
    expect(isSlaRisk("2024-11-17", "2024-10-20", 28)).toBe(false);
    expect(isSlaRisk("2024-11-18", "2024-10-20", 28)).toBe(true);
  });

  it("is a risk exactly past slaDate, the date the carrier-delay playbook quotes", () => {
    expect(slaDate("2024-10-20", 28)).toBe("2024-11-17");
    expect(isSlaRisk(slaDate("2024-10-20", 28), "2024-10-20", 28)).toBe(false);
  });
});
