import { cents } from "../money";
import type { OrderView } from "../order-view";
import type { ChargedLine, DetectedException } from "../schemas/exception.schema";
import { decided, type PlaybookResolution, type Resolver } from "./resolution";
import { resolveNeverSeen } from "./unknown";

/** A credit memo above this needs a human (DESIGN §6). */
export const CREDIT_ESCALATION_LIMIT_USD = 5_000;

/**
 * What the PO itself shows and the order has not recorded yet: a price above or below the
 * contract price, one exception per direction.
 */
export function detectPricingDiscrepancies(view: OrderView): DetectedException<"pricing_discrepancy">[] {
  const known = new Set(
    view.exceptions.flatMap((x) =>
      x.type === "pricing_discrepancy" && x.details.source === "po" ? [x.details.direction] : [],
    ),
  );
  const priced = view.lines.flatMap((l) => (l.contract_price === null ? [] : [{ ...l, contract: l.contract_price }]));
  // Whole cents, as intake compares: sub-cent noise is no discrepancy.
  const charged = (keep: (charged: number, contract: number) => boolean): ChargedLine[] =>
    priced
      .filter((l) => keep(cents(l.unit_price), cents(l.contract)))
      .map((l) => ({ sku: l.sku, qty: l.qty, charged: l.unit_price, contract: l.contract }));
  return (
    [
      ["overcharge", charged((c, k) => c > k)],
      ["undercharge", charged((c, k) => c < k)],
    ] as const
  ).flatMap(([direction, lines]) =>
    lines.length && !known.has(direction)
      ? [{ type: "pricing_discrepancy" as const, details: { source: "po" as const, direction, lines } }]
      : [],
  );
}

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

/** Priced lines are decided by the table; a discrepancy reported without them goes to a human. */
export const resolvePricingException: Resolver<"pricing_discrepancy"> = (ex) => {
  const d = ex.details;
  return (d.source === "po" || d.source === "invoice") && d.lines.length
    ? resolvePricingDiscrepancy(d.lines)
    : resolveNeverSeen(ex);
};
