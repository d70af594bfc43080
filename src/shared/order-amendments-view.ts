import { cents } from "./money";
import type { EventOf, Fold, OrderView } from "./order-view-model";
import type { ViewLine } from "./schemas/fulfillment.schema";

/** The price a line is charged at: the contract's, else the list price, else the buyer's. */
export const chargedPrice = (l: ViewLine): number => l.contract_price ?? l.list_price ?? l.unit_price;

/** The order total at the prices charged, as intake computes it. */
export const linesTotal = (lines: readonly ViewLine[]): number =>
  cents(lines.reduce((sum, l) => sum + l.qty * chargedPrice(l), 0));

/** Flags the fulfillment plan sets; a re-plan decides them again. */
const PLAN_FLAGS = ["split_required", "backorder", "sla_risk"];

/** The plan no longer holds: what is still planned is dropped until fulfillment plans the order again. */
function awaitReplan(view: OrderView): void {
  view.shipments = view.shipments.filter((s) => s.status !== "planned" && s.status !== "awaiting-stock");
  view.backorders = [];
  view.eta = null;
  view.sla_risk = false;
  view.flags = view.flags.filter((f) => !PLAN_FLAGS.includes(f));
}

const money = (n: number) => `$${n.toFixed(2)}`;

function cancelText(view: OrderView, d: EventOf<"order.cancelled">["data"]): string {
  const greeting = `Purchase order ${view.po_number}${view.customer ? ` for ${view.customer}` : ""}`;
  if (d.whole) {
    const items = d.lines.filter((l) => l.qty_cancelled > 0).map((l) => `${l.qty_cancelled} x ${l.sku}`);
    return `${greeting} has been cancelled (${items.join(", ")}). Nothing further will ship or be invoiced.`;
  }
  const items = d.lines.map((l) => `${l.qty_cancelled} x ${l.sku} cancelled (${l.qty_remaining} remain)`);
  return `${greeting} has been amended: ${items.join(", ")}. New total ${money(view.total)}.`;
}

function changeText(view: OrderView, d: EventOf<"order.changed">["data"]): string {
  const items = d.changes.map((c) => {
    if (c.qty_before === 0) return `${c.sku} added: ${c.qty_after} at ${money(c.unit_price_after ?? 0)} each`;
    if (c.qty_after === 0) return `${c.sku} removed`;
    const price = c.unit_price_after === null ? "" : ` at ${money(c.unit_price_after)} each`;
    return `${c.sku} ${c.qty_before} -> ${c.qty_after}${price}`;
  });
  const date = d.requested_delivery_date;
  if (date) items.push(`requested delivery date ${date.before ?? "none"} -> ${date.after}`);
  const totals = `New total ${money(d.total_after)} (was ${money(d.total_before)}).`;
  return `Purchase order ${view.po_number} has been changed: ${items.join("; ")}. ${totals}`;
}

/** Lowers the quantity of `sku` across its lines to `qty`, earlier lines keeping theirs first. */
function setSkuQty(lines: ViewLine[], sku: string, qty: number): void {
  let left = qty;
  for (const line of lines.filter((l) => l.sku === sku)) {
    line.qty = Math.min(line.qty, left);
    left -= line.qty;
  }
}

/** How cancellations and changes change the order view. */
export const AMENDMENT_FOLDS: { [K in "order.cancelled" | "order.changed"]: Fold<K> } = {
  "order.cancelled": (view, e) => {
    const d = e.data;
    if (d.whole) {
      for (const s of view.shipments)
        if (s.status === "planned" || s.status === "awaiting-stock") s.status = "cancelled";
      view.backorders = [];
      view.eta = null;
    } else {
      if (d.lines_after) view.lines = d.lines_after.map((l) => ({ ...l }));
      else for (const l of d.lines) setSkuQty(view.lines, l.sku, l.qty_remaining);
      view.lines = view.lines.filter((l) => l.qty > 0 || l.qty_shipped > 0);
      view.total = linesTotal(view.lines);
      awaitReplan(view);
    }
    view.amendments.push({
      kind: "cancelled",
      milestone: `amendment:${e.seq}`,
      at: d.business_at,
      text: cancelText(view, d),
    });
  },
  "order.changed": (view, e) => {
    const d = e.data;
    view.lines = d.lines.map((l) => ({ ...l }));
    view.total = d.total_after;
    if (d.requested_delivery_date) view.requested_delivery_date = d.requested_delivery_date.after;
    if (d.changes.length > 0) awaitReplan(view);
    view.amendments.push({
      kind: "changed",
      milestone: `amendment:${e.seq}`,
      at: d.business_at,
      text: changeText(view, d),
    });
  },
};
