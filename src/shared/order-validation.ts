import type { z } from "zod";
import { orderTotal, priceLine, isContractActive, type PricedLine } from "./pricing";
import type { ViewLine } from "./schemas/fulfillment.schema";
import type { PurchaseOrder } from "./schemas/purchase-order.schema";
import type { CatalogItem, Contract, Customer } from "./schemas/reference.schema";

/** A field-level problem, as it appears in `validation.errors` and problem documents. */
export interface FieldError {
  field: string;
  message: string;
}

/** The reference data one PO is checked against. */
export interface IntakeReference {
  customer: Customer | null;
  contract: Contract | null;
  catalog: ReadonlyMap<string, CatalogItem>;
}

/** What intake concludes about a PO: errors reject it; otherwise priced lines and flags. */
export interface IntakeAssessment {
  errors: FieldError[];
  warnings: string[];
  flags: string[];
  lines: PricedLine[];
  total: number;
  contract: Contract | null;
}

/** Turns zod issues into field errors with dotted/indexed paths (`line_items[0].qty`). */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field:
      issue.path.reduce<string>(
        (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
        "",
      ) || "(body)",
    message: issue.message,
  }));
}

/**
 * Checks a schema-valid PO against the customer, catalog and contract, and prices each
 * line by DESIGN §6. Unknown customers and SKUs are errors; a missing contract price or a
 * buyer's price that differs from ours is a flag the order goes on with.
 */
export function assessOrder(po: PurchaseOrder, ref: IntakeReference, orderDate: string): IntakeAssessment {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  if (!ref.customer) errors.push({ field: "customer_id", message: `unknown customer ${po.customer_id}` });
  po.line_items.forEach((line, i) => {
    if (!ref.catalog.has(line.sku)) errors.push({ field: `line_items[${i}].sku`, message: `unknown SKU ${line.sku}` });
  });
  if (errors.length > 0) return { errors, warnings, flags: [], lines: [], total: 0, contract: null };

  const contract = ref.contract && isContractActive(ref.contract, orderDate) ? ref.contract : null;
  if (ref.contract && !contract) warnings.push(`contract ${ref.contract.contract_id} is not in force on ${orderDate}`);
  const lines = po.line_items.map((line) =>
    priceLine(line, ref.catalog.get(line.sku) as CatalogItem, contract, orderDate),
  );

  const flags = new Set<string>();
  for (const line of lines) {
    if (line.price_source === "list") {
      flags.add("warning_no_contract");
      warnings.push(`no contract price for ${line.sku} x ${line.qty}: list price ${line.list_price} applies`);
    }
    if (line.price_mismatch) {
      flags.add("price_mismatch");
      warnings.push(
        `${line.sku}: buyer price ${line.unit_price} differs from ${line.price_source} price ${line.charged_price}`,
      );
    }
  }
  return { errors, warnings, flags: [...flags], lines, total: orderTotal(lines), contract };
}

/** The lines an accepted PO records in `intake.validated`: priced, nothing shipped yet. */
export function validatedLines(lines: readonly PricedLine[]): ViewLine[] {
  return lines.map((l) => ({
    sku: l.sku,
    description: l.description,
    qty: l.qty,
    unit_price: l.unit_price,
    contract_price: l.contract_price,
    list_price: l.list_price,
    qty_shipped: 0,
  }));
}

/** The contract terms `intake.validated` records beside the lines. */
export const contractTerms = (c: Contract | null) =>
  c ? { contract_id: c.contract_id, payment_terms: c.payment_terms, sla: c.sla } : null;
