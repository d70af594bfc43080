import type { JsonObject } from "./schemas/json.schema";
import { cents } from "./money";
import type { OrderView } from "./order-view";
import type { ExceptionType, Resolution } from "./schemas/order-event.schema";

/** A credit memo above this needs a human (DESIGN §6). */
export const CREDIT_ESCALATION_LIMIT_USD = 5_000;
/** A split shipment of an order worth more than this needs a human's approval first. */
export const SPLIT_APPROVAL_LIMIT_USD = 50_000;

/** An exception found on an order, before it has an id. */
export interface DetectedException {
  type: ExceptionType;
  details: JsonObject;
  /** For a pricing discrepancy: the lines charged off contract. */
  chargedLines?: ChargedLine[];
}

/** A playbook decision for one exception, before it is tied to an exception id. */
export type PlaybookResolution = Omit<Resolution, "exception_id">;

function decided(r: Omit<PlaybookResolution, "precedent_episode_ids" | "rule_ids" | "model" | "confidence">): PlaybookResolution {
  return { ...r, precedent_episode_ids: [], rule_ids: [], model: null, confidence: 1 };
}

/**
 * What the order itself already shows (DESIGN §6): a PO price above or below the contract
 * price, and stock that allocation could not cover.
 */
export function detectOrderExceptions(view: OrderView): DetectedException[] {
  const found: DetectedException[] = [];
  const priced = view.lines.filter((l) => l.contract_price !== null);
  // Whole cents, as intake compares: sub-cent noise is no discrepancy.
  const over = priced.filter((l) => cents(l.unit_price) > cents(l.contract_price as number));
  const under = priced.filter((l) => cents(l.unit_price) < cents(l.contract_price as number));
  const charged = (ls: typeof priced): ChargedLine[] => ls.map((l) => ({ sku: l.sku, qty: l.qty, charged: l.unit_price, contract: l.contract_price as number }));
  for (const [direction, lines] of [["overcharge", over], ["undercharge", under]] as const) {
    if (lines.length) {
      const chargedLines = charged(lines);
      found.push({ type: "pricing_discrepancy", details: { source: "po", direction, lines: chargedLines }, chargedLines });
    }
  }
  if (view.backorders.length) found.push({ type: "backorder", details: { source: "allocation", backorders: view.backorders } });
  return found;
}

/** A priced line as a pricing discrepancy sees it. */
export type ChargedLine = {
  sku: string;
  qty: number;
  charged: number;
  contract: number;
};

/**
 * Pricing discrepancy: an overcharge is a credit memo for sum((charged - contract) x qty),
 * escalated only above $5,000; an undercharge is an invoice adjustment, always escalated.
 */
export function resolvePricingDiscrepancy(lines: readonly ChargedLine[]): PlaybookResolution {
  const delta = cents(lines.reduce((s, l) => s + (l.charged - l.contract) * l.qty, 0));
  if (delta < 0) {
    return decided({
      resolution_type: "invoice_adjustment",
      escalated: true,
      amount: -delta,
      explanation: `Charged below contract by $${(-delta).toFixed(2)}: an invoice adjustment needs a human's sign-off.`,
    });
  }
  const escalated = delta > CREDIT_ESCALATION_LIMIT_USD;
  return decided({
    resolution_type: "credit_memo",
    escalated,
    amount: delta,
    explanation:
      `Charged above contract: credit memo of $${delta.toFixed(2)} ` +
      (escalated ? `exceeds the $${CREDIT_ESCALATION_LIMIT_USD} limit and goes to a human.` : `issued automatically.`),
  });
}

/** Backorder: ship what is in stock when the customer allows partial shipment, else notify with the supplier ETA. */
export function resolveBackorder(
  backorders: readonly { sku: string; qty: number; supplier_eta: string | null; eta: string }[],
  allowPartial: boolean,
): PlaybookResolution {
  const when = backorders.map((b) => `${b.qty} x ${b.sku} expected ${b.supplier_eta ?? `by ${b.eta}`}`).join("; ");
  return allowPartial
    ? decided({ resolution_type: "split_shipment", escalated: false, explanation: `Shipping available stock now; backordered: ${when}.` })
    : decided({ resolution_type: "backorder_notify", escalated: false, explanation: `No partial shipments for this customer; order waits for stock: ${when}.` })
}

/** Resolves one detected exception by the §6 table, or null when the table has no row for it. */
export function resolveByPlaybook(ex: DetectedException, view: OrderView): PlaybookResolution | null {
  switch (ex.type) {
    case "pricing_discrepancy":
      return ex.chargedLines ? resolvePricingDiscrepancy(ex.chargedLines) : null;
    case "backorder":
      return resolveBackorder(view.backorders, view.allow_partial_shipment);
    default:
      return null;
  }
}
