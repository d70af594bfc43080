import { describe, expect, it } from "vitest";
import {
  CUSTOMER_ID,
  PO_NUMBER,
  PurchaseOrder,
  RecordedPurchaseOrder,
  recordablePurchaseOrder,
  SKU,
} from "../../../src/shared/schemas/purchase-order.schema";

const VALID = { po_number: "PO-2024-1234", customer_id: "CUST-001", line_items: [{ sku: "SKU-4892", qty: 60 }] };
const ok = (body: unknown) => PurchaseOrder.safeParse(body).success;

describe("identifier patterns", () => {
  // Buyers number their own POs (DESIGN §5.1: X12 BEG03, AN 1/22).
  it.each([
    "PO-2024-1234",
    "PO-2024-12345",
    "PO-2024-123456",
    "PO-0000-0000",
    "4500012345",
    "A",
    "po-2024-1234",
    "PO_24.17/B",
    "1234567890123456789012",
  ])("PO_NUMBER accepts %s", (v) => {
    expect(PO_NUMBER.test(v)).toBe(true);
  });

  it.each([
    "",
    "12345678901234567890123",
    "-PO-1",
    "/PO-1",
    "../etc",
    "PO:1",
    "PO 2024-1234",
    "PO-2024-1234\n",
    " PO-2024-1234",
    "P\u041E-2024-1234", // Cyrillic capital O
    "PO-\uFF12\uFF10\uFF12\uFF14-1234", // full-width digits
    "PO-2024-1234'; DROP TABLE orders;--",
    "PO-2024-12\u00003",
  ])("PO_NUMBER rejects %j", (v) => {
    expect(PO_NUMBER.test(v)).toBe(false);
  });

  it("CUSTOMER_ID needs CUST- and at least 3 digits", () => {
    expect(CUSTOMER_ID.test("CUST-001")).toBe(true);
    expect(CUSTOMER_ID.test("CUST-123456")).toBe(true);
    expect(CUSTOMER_ID.test("CUST-01")).toBe(false);
    expect(CUSTOMER_ID.test("CUST-00A")).toBe(false);
    expect(CUSTOMER_ID.test("cust-001")).toBe(false);
  });

  it("SKU is the supplier's part number: 1 to 48 ASCII letters, digits and - _ . / (DESIGN §5.1)", () => {
    for (const sku of ["SKU-4892", "SKU-489", "VLV-4IN-SS-300", "6205.2RS", "A", "P/N_7.x", "9".repeat(48)])
      expect(SKU.test(sku)).toBe(true);
    for (const sku of ["", "9".repeat(49), "-SKU", "/etc", "A/../B", "SKU 4892", "SKU-48\u0669\u0662", "SKU-4892\n"])
      expect(SKU.test(sku)).toBe(false);
  });
});

describe("PurchaseOrder", () => {
  it("accepts the minimal PO and every optional field", () => {
    expect(ok(VALID)).toBe(true);
    expect(
      ok({
        ...VALID,
        line_items: [{ sku: "SKU-4892", qty: 60, unit_price: 0, description: "x".repeat(500) }],
        order_date: "2024-02-29",
        requested_delivery_date: "2024-03-15",
        allow_partial_shipment: false,
        priority: "expedite",
        notes: "n".repeat(10_000),
      }),
    ).toBe(true);
  });

  it("rejects unknown keys at the top and on lines", () => {
    expect(ok({ ...VALID, admin: true })).toBe(false);
    expect(ok({ ...VALID, line_items: [{ sku: "SKU-4892", qty: 1, discount: 10 }] })).toBe(false);
  });

  it("rejects a negative buyer price", () => {
    expect(ok({ ...VALID, line_items: [{ sku: "SKU-4892", qty: 1, unit_price: -0.01 }] })).toBe(false);
  });

  it("bounds the line count at 1..500", () => {
    const line = { sku: "SKU-4892", qty: 1 };
    expect(ok({ ...VALID, line_items: [] })).toBe(false);
    expect(ok({ ...VALID, line_items: Array.from({ length: 500 }, () => line) })).toBe(true);
    expect(ok({ ...VALID, line_items: Array.from({ length: 501 }, () => line) })).toBe(false);
  });

  it("bounds description at 500 and notes at 10,000 characters", () => {
    expect(ok({ ...VALID, line_items: [{ sku: "SKU-4892", qty: 1, description: "x".repeat(501) }] })).toBe(false);
    expect(ok({ ...VALID, notes: "n".repeat(10_001) })).toBe(false);
  });

  it("rejects impossible or non-ISO dates", () => {
    expect(ok({ ...VALID, order_date: "2024-13-01" })).toBe(false);
    expect(ok({ ...VALID, order_date: "2023-02-29" })).toBe(false);
    expect(ok({ ...VALID, order_date: "09/15/2024" })).toBe(false);
    expect(ok({ ...VALID, requested_delivery_date: "2024-09-15T00:00:00Z" })).toBe(false);
  });

  it("rejects a priority outside standard and expedite", () => {
    expect(ok({ ...VALID, priority: "urgent" })).toBe(false);
  });
});

describe("recordablePurchaseOrder", () => {
  it("is null for bodies that are not objects", () => {
    expect(recordablePurchaseOrder(null)).toBeNull();
    expect(recordablePurchaseOrder("PO-2024-1234")).toBeNull();
    expect(recordablePurchaseOrder([VALID])).toBeNull();
    expect(recordablePurchaseOrder(42)).toBeNull();
  });

  it("is null without a PO number matching the pattern", () => {
    expect(recordablePurchaseOrder({ ...VALID, po_number: undefined })).toBeNull();
    expect(recordablePurchaseOrder({ ...VALID, po_number: "P\u041E-2024-1234" })).toBeNull();
    expect(recordablePurchaseOrder({ ...VALID, po_number: 20241234 })).toBeNull();
  });

  it("keeps what a rejected PO said, coercing the fields that broke the rules", () => {
    const recorded = recordablePurchaseOrder({
      po_number: "PO-2024-1234",
      customer_id: 17,
      line_items: [
        { sku: "SKU-4892", qty: 0, unit_price: 480, description: "valves" },
        { sku: 4892, qty: "ten", unit_price: "cheap" },
        "not a line",
      ],
      order_date: "2024-09-15",
    });
    expect(recorded).toEqual({
      po_number: "PO-2024-1234",
      customer_id: "17",
      line_items: [
        { sku: "SKU-4892", qty: 0, unit_price: 480, description: "valves" },
        { sku: "4892", qty: 0 },
        { sku: "", qty: 0 },
      ],
      order_date: "2024-09-15",
    });
    expect(RecordedPurchaseOrder.safeParse(recorded).success).toBe(true);
  });

  it("caps a rejected PO's customer_id at 40 characters", () => {
    expect(recordablePurchaseOrder({ ...VALID, customer_id: `CUST-${"9".repeat(5_000)}` })?.customer_id).toHaveLength(
      40,
    );
  });

  it("records a missing customer and missing lines as empty", () => {
    expect(recordablePurchaseOrder({ po_number: "PO-2024-1234", line_items: "none" })).toEqual({
      po_number: "PO-2024-1234",
      customer_id: "",
      line_items: [],
    });
  });

  it("bounds what it keeps: 500 lines, 64-character SKUs, 500-character descriptions, 32-character dates", () => {
    const recorded = recordablePurchaseOrder({
      po_number: "PO-2024-1234",
      customer_id: "CUST-001",
      line_items: Array.from({ length: 600 }, () => ({
        sku: "S".repeat(100),
        qty: Infinity,
        description: "d".repeat(800),
      })),
      order_date: "2".repeat(40),
    });
    expect(recorded?.line_items).toHaveLength(500);
    expect(recorded?.line_items[0]).toEqual({ sku: "S".repeat(64), qty: 0, description: "d".repeat(500) });
    expect(recorded?.order_date).toBe("2".repeat(32));
  });

  it("keeps a number-typed order_date out", () => {
    const recorded = recordablePurchaseOrder({ ...VALID, order_date: 20240915 });
    expect(recorded).not.toBeNull();
    expect(recorded && "order_date" in recorded).toBe(false);
  });
});
