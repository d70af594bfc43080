import { z } from "zod";
import { resolveCarrierDelay } from "./carrier-delay";
import { cents } from "./money";
import type { OrderView } from "./order-view";
import { resolveQualityHold } from "./quality-hold";
import type { JsonObject } from "./schemas/json.schema";
import { decided, type PlaybookContext, type PlaybookResolution, type RecordedException } from "./resolution";
import type { ExceptionType } from "./schemas/order-event.schema";

/** A credit memo above this needs a human (DESIGN §6). */
export const CREDIT_ESCALATION_LIMIT_USD = 5_000;
/** A split shipment of an order worth more than this needs a human's approval first. */
export const SPLIT_APPROVAL_LIMIT_USD = 50_000;

/** An exception found on an order, before it has an id. */
export interface DetectedException {
  type: ExceptionType;
  details: JsonObject;
}

/** A priced line as a pricing discrepancy sees it. */
export const ChargedLine = z.object({ sku: z.string(), qty: z.number(), charged: z.number(), contract: z.number() });
export type ChargedLine = z.infer<typeof ChargedLine>;

/**
 * What the order itself shows (DESIGN §6) and has not recorded yet: a PO price above or below
 * the contract price, and stock that allocation could not cover. Running it again on the same
 * order finds nothing new.
 */
export function detectOrderExceptions(view: OrderView): DetectedException[] {
  const known = new Set(
    view.exceptions.map((x) => `${x.type}:${String(x.details.source)}:${String(x.details.direction ?? "")}`),
  );
  const found: DetectedException[] = [];
  const priced = view.lines.filter((l) => l.contract_price !== null);
  // Whole cents, as intake compares: sub-cent noise is no discrepancy.
  const over = priced.filter((l) => cents(l.unit_price) > cents(l.contract_price as number));
  const under = priced.filter((l) => cents(l.unit_price) < cents(l.contract_price as number));
  const charged = (ls: typeof priced): ChargedLine[] =>
    ls.map((l) => ({ sku: l.sku, qty: l.qty, charged: l.unit_price, contract: l.contract_price as number }));
  for (const [direction, lines] of [
    ["overcharge", over],
    ["undercharge", under],
  ] as const) {
    if (lines.length && !known.has(`pricing_discrepancy:po:${direction}`)) {
      found.push({ type: "pricing_discrepancy", details: { source: "po", direction, lines: charged(lines) } });
    }
  }
  // A backorder already recorded (from allocation or an inventory drop) is not found twice.
  if (view.backorders.length && !view.exceptions.some((x) => x.type === "backorder")) {
    found.push({ type: "backorder", details: { source: "allocation", backorders: view.backorders } });
  }
  return found;
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

/** Backorder: ship what is in stock when the customer allows partial shipment, else notify with the supplier ETA. */
export function resolveBackorder(
  backorders: readonly { sku: string; qty: number; supplier_eta: string | null; eta: string }[],
  allowPartial: boolean,
): PlaybookResolution {
  const when = backorders.map((b) => `${b.qty} x ${b.sku} expected ${b.supplier_eta ?? `by ${b.eta}`}`).join("; ");
  return allowPartial
    ? decided({
        resolution_type: "split_shipment",
        escalated: false,
        explanation: `Shipping available stock now; backordered: ${when}.`,
      })
    : decided({
        resolution_type: "backorder_notify",
        escalated: false,
        explanation: `No partial shipments for this customer; order waits for stock: ${when}.`,
      });
}

/**
 * Resolves one exception by the §6 table. Never-seen exceptions get a human: the playbook has
 * no row for them, and guessing is not a resolution.
 */
export function resolveException(ex: RecordedException, view: OrderView, ctx: PlaybookContext): PlaybookResolution {
  switch (ex.type) {
    case "pricing_discrepancy": {
      const lines = z.array(ChargedLine).safeParse(ex.details.lines);
      return lines.success && lines.data.length ? resolvePricingDiscrepancy(lines.data) : resolveNeverSeen(ex);
    }
    case "backorder":
      return resolveBackorder(view.backorders, view.allow_partial_shipment);
    case "carrier_delay":
      return resolveCarrierDelay(ex, view, ctx);
    case "quality_hold":
      return resolveQualityHold(ex, ctx);
    case "unknown":
      return followHumanPrecedent(ex, view, ctx) ?? resolveNeverSeen(ex);
  }
}

/**
 * The learning loop (DESIGN §6): a never-seen kind of exception that a person has already
 * decided for this customer is resolved the way they decided it, citing that episode, unless
 * the customer was unhappy with the result. Episodes are this customer's only (the context
 * holds no other), and the person's resolution is followed as is, never widened.
 */
export function followHumanPrecedent(
  ex: RecordedException,
  view: OrderView,
  ctx: PlaybookContext,
): PlaybookResolution | null {
  const kind = typeof ex.details.kind === "string" ? ex.details.kind.trim().toLowerCase() : null;
  if (!kind) return null;
  const precedent = ctx.episodes
    .filter(
      (e) =>
        e.customer_id === view.customer_id &&
        e.exception_type === "unknown" &&
        e.root_cause?.trim().toLowerCase() === kind,
    )
    .filter((e) => !["human_review", "declined"].includes(e.resolution_type) && e.customer_satisfaction !== "negative")
    .sort((a, b) => b.occurred_at.localeCompare(a.occurred_at))[0];
  if (!precedent) return null;
  return decided(
    {
      resolution_type: precedent.resolution_type,
      escalated: false,
      ...(precedent.credit_amount !== null ? { amount: precedent.credit_amount } : {}),
      ...(precedent.discount_pct !== null ? { discount_pct: precedent.discount_pct } : {}),
      explanation: `"${kind}" was decided for this customer before (${precedent.episode_id}): ${precedent.resolution_type.replace(/_/g, " ")}${precedent.lesson ? ` — ${precedent.lesson}` : ""}. Followed without escalating.`,
    },
    { precedent_episode_ids: [precedent.episode_id] },
  );
}

/** Anything the table does not cover goes to a human with what is known. */
export function resolveNeverSeen(ex: RecordedException): PlaybookResolution {
  const kind = typeof ex.details.kind === "string" ? ex.details.kind : ex.type;
  const detail = typeof ex.details.detail === "string" ? `: ${ex.details.detail}` : "";
  return decided({
    resolution_type: "human_review",
    escalated: true,
    explanation: `Never-seen exception "${kind}"${detail}. The playbook has no rule for it; a human decides, and the decision is remembered.`,
  });
}
