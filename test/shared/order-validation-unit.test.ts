import { describe, expect, it } from "vitest";
import {
  assessOrder,
  fieldErrorsFromZod,
  type FieldError,
  type IntakeReference,
} from "../../src/shared/order-validation";
import { PurchaseOrder, SKU_MESSAGE } from "../../src/shared/schemas/purchase-order.schema";
import type { Contract } from "../../src/shared/schemas/reference.schema";
import { CATALOG, contractOf, customerOf } from "../fixtures/reference";

const ORDER_DATE = "2024-09-15";

function ref(
  customerId: string | null,
  contract: Contract | null = customerId ? contractOf(customerId) : null,
): IntakeReference {
  return { customer: customerId ? customerOf(customerId) : null, contract, catalog: CATALOG };
}

function po(line_items: PurchaseOrder["line_items"], customer_id = "CUST-001"): PurchaseOrder {
  return { po_number: "PO-2024-1234", customer_id, line_items };
}

/** The field errors a body produces, or [] when it is a valid PurchaseOrder. */
function schemaErrors(body: unknown): FieldError[] {
  const r = PurchaseOrder.safeParse(body);
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

const VALID = { po_number: "PO-2024-1234", customer_id: "CUST-001", line_items: [{ sku: "SKU-4892", qty: 60 }] };

describe("assessOrder: errors", () => {
  it("rejects an unknown customer with a customer_id error and prices nothing", () => {
    const a = assessOrder(po([{ sku: "SKU-4892", qty: 60 }], "CUST-999"), ref(null), ORDER_DATE);
    expect(a.errors).toEqual([{ field: "customer_id", message: "unknown customer CUST-999" }]);
    expect(a.lines).toEqual([]);
    expect(a.total).toBe(0);
    expect(a.flags).toEqual([]);
    expect(a.contract).toBeNull();
  });

  it("names an unknown SKU by its line index", () => {
    const a = assessOrder(
      po([
        { sku: "SKU-4892", qty: 60 },
        { sku: "SKU-0000", qty: 1 },
      ]),
      ref("CUST-001"),
      ORDER_DATE,
    );
    expect(a.errors).toEqual([{ field: "line_items[1].sku", message: "unknown SKU SKU-0000" }]);
    expect(a.lines).toEqual([]);
    expect(a.total).toBe(0);
  });

  it("reports the customer and every unknown SKU together", () => {
    const a = assessOrder(
      po(
        [
          { sku: "SKU-0001", qty: 1 },
          { sku: "SKU-7210", qty: 1 },
          { sku: "SKU-0003", qty: 1 },
        ],
        "CUST-404",
      ),
      ref(null),
      ORDER_DATE,
    );
    expect(a.errors.map((e) => e.field)).toEqual(["customer_id", "line_items[0].sku", "line_items[2].sku"]);
  });
});

describe("assessOrder: pricing and flags", () => {
  it("accepts a clean contract order with no flags or warnings", () => {
    const a = assessOrder(po([{ sku: "SKU-4892", qty: 60, unit_price: 480 }]), ref("CUST-001"), ORDER_DATE);
    expect(a.errors).toEqual([]);
    expect(a.flags).toEqual([]);
    expect(a.warnings).toEqual([]);
    expect(a.total).toBe(28_800);
    expect(a.contract?.contract_id).toBe("CTR-2024-001");
    expect(a.lines[0]).toMatchObject({ sku: "SKU-4892", qty: 60, contract_price: 480, charged_price: 480 });
  });

  it("flags warning_no_contract for a SKU outside the contract and totals it at list price", () => {
    // Acme's contract has no SKU-9010: 60 x 480 + 20 x 215 (list) = 28,800 + 4,300
    const a = assessOrder(
      po([
        { sku: "SKU-4892", qty: 60 },
        { sku: "SKU-9010", qty: 20 },
      ]),
      ref("CUST-001"),
      ORDER_DATE,
    );
    expect(a.errors).toEqual([]);
    expect(a.flags).toEqual(["warning_no_contract"]);
    expect(a.total).toBe(33_100);
    expect(a.lines[1]).toMatchObject({ price_source: "list", contract_price: null, charged_price: 215 });
    expect(a.warnings).toEqual(["no contract price for SKU-9010 x 20: list price 215 applies"]);
  });

  it("flags price_mismatch and totals at the contract price, not the buyer's", () => {
    // 50 x 480 (contract), although the buyer wrote 495
    const a = assessOrder(po([{ sku: "SKU-4892", qty: 50, unit_price: 495 }]), ref("CUST-001"), ORDER_DATE);
    expect(a.flags).toEqual(["price_mismatch"]);
    expect(a.total).toBe(24_000);
    expect(a.lines[0]?.unit_price).toBe(495);
    expect(a.warnings).toEqual(["SKU-4892: buyer price 495 differs from contract price 480"]);
  });

  it("raises each flag once however many lines carry it", () => {
    const a = assessOrder(
      po(
        [
          { sku: "SKU-7210", qty: 200, unit_price: 62.5 },
          { sku: "SKU-7211", qty: 100, unit_price: 80 },
          { sku: "SKU-9010", qty: 10 },
          { sku: "SKU-3300", qty: 1 },
        ],
        "CUST-002",
      ),
      ref("CUST-002"),
      ORDER_DATE,
    );
    expect([...a.flags].sort()).toEqual(["price_mismatch", "warning_no_contract"]);
    // 200 x 58 + 100 x 78 + 10 x 215 (list) + 1 x 3,200 (list)
    expect(a.total).toBe(11_600 + 7_800 + 2_150 + 3_200);
  });

  it("prices everything at list without a contract", () => {
    const a = assessOrder(po([{ sku: "SKU-4892", qty: 60 }], "CUST-001"), ref("CUST-001", null), ORDER_DATE);
    expect(a.contract).toBeNull();
    expect(a.flags).toEqual(["warning_no_contract"]);
    expect(a.total).toBe(35_700);
  });

  it("warns and prices at list when the customer's contract is not in force on the order date", () => {
    const expired: Contract = { ...contractOf("CUST-001"), effective_to: "2024-09-14" };
    const a = assessOrder(po([{ sku: "SKU-4892", qty: 60 }]), ref("CUST-001", expired), ORDER_DATE);
    expect(a.errors).toEqual([]);
    expect(a.contract).toBeNull();
    expect(a.warnings[0]).toBe("contract CTR-2024-001 is not in force on 2024-09-15");
    expect(a.flags).toEqual(["warning_no_contract"]);
    expect(a.total).toBe(60 * 595);
  });

  it("totals a Beta order without a contract at the SKU-7210 list price", () => {
    // 150 x 62.50 (list) where the contract would have charged 58
    const a = assessOrder(po([{ sku: "SKU-7210", qty: 150 }], "CUST-002"), ref("CUST-002", null), ORDER_DATE);
    expect(a.total).toBe(9_375);
  });
});

describe("fieldErrorsFromZod on PurchaseOrder", () => {
  it("finds nothing wrong with a valid PO", () => {
    expect(schemaErrors(VALID)).toEqual([]);
  });

  it.each([
    ["zero", 0, "must be greater than 0"],
    ["negative", -5, "must be greater than 0"],
    ["fractional", 2.5, "must be a whole number"],
  ])("rejects a %s qty at its line's path", (_name, qty, message) => {
    const body = {
      ...VALID,
      line_items: [
        { sku: "SKU-4892", qty: 1 },
        { sku: "SKU-7210", qty },
      ],
    };
    expect(schemaErrors(body)).toEqual([{ field: "line_items[1].qty", message }]);
  });

  it("rejects a non-numeric qty", () => {
    const errors = schemaErrors({ ...VALID, line_items: [{ sku: "SKU-4892", qty: "60" }] });
    expect(errors).toEqual([{ field: "line_items[0].qty", message: "must be a number" }]);
  });

  it("accepts the supplier's own part numbers (DESIGN §5.1)", () => {
    for (const sku of ["VLV-4IN-SS-300", "6205.2RS", "sku_4892", "A", "AB/12-x_y.z", "X".repeat(48)]) {
      expect(schemaErrors({ ...VALID, line_items: [{ sku, qty: 1 }] })).toEqual([]);
    }
  });

  it("rejects a SKU off the pattern", () => {
    for (const sku of [
      "",
      "X".repeat(49),
      "-4892",
      ".hidden",
      "A/../B",
      "SKU 4892",
      "SKU-4892 ",
      "SKU#1",
      "SKU-\u00e9",
    ]) {
      expect(schemaErrors({ ...VALID, line_items: [{ sku, qty: 1 }] })).toEqual([
        { field: "line_items[0].sku", message: SKU_MESSAGE },
      ]);
    }
  });

  it("rejects a homoglyph in the PO number (Cyrillic О for Latin O)", () => {
    const homoglyph = "P\u041E-2024-1234";
    expect(homoglyph).not.toBe("PO-2024-1234");
    expect(schemaErrors({ ...VALID, po_number: homoglyph })).toEqual([
      { field: "po_number", message: "must be 1 to 22 letters, digits and - _ . / starting with a letter or digit" },
    ]);
  });

  it("rejects a PO without line items", () => {
    const { line_items: _omitted, ...missing } = VALID;
    expect(schemaErrors(missing).map((e) => e.field)).toEqual(["line_items"]);
    expect(schemaErrors({ ...VALID, line_items: [] })).toEqual([
      { field: "line_items", message: "needs at least one line item" },
    ]);
  });

  it("rejects a bad customer id", () => {
    expect(schemaErrors({ ...VALID, customer_id: "CUST-01" }).map((e) => e.field)).toEqual(["customer_id"]);
  });

  it("puts body-level problems (unknown keys, a non-object) under (body)", () => {
    expect(schemaErrors({ ...VALID, discount: 50 }).map((e) => e.field)).toEqual(["(body)"]);
    expect(schemaErrors("PO-2024-1234").map((e) => e.field)).toEqual(["(body)"]);
  });

  it("lists every problem of a body at once", () => {
    const errors = schemaErrors({ po_number: "PO 1", customer_id: "CUST-001", line_items: [{ sku: "X 1", qty: 0 }] });
    expect(errors.map((e) => e.field).sort()).toEqual(["line_items[0].qty", "line_items[0].sku", "po_number"]);
  });
});
