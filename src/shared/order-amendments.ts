import { cents } from "./money";
import { canTransition } from "./order-lifecycle";
import { linesTotal } from "./order-amendments-view";
import type { OrderView } from "./order-view";
import { CLOSED_BY_AMENDMENT, isSplitApproval } from "./order-view-model";
import type { CancelInput, ChangeInput } from "./schemas/order-commands.schema";
import type { ViewLine } from "./schemas/fulfillment.schema";
import type { OrderEventBody, Stage } from "./schemas/order-event.schema";
import { refusal, type Transition } from "./transition";

/**
 * Cancellations and changes of an order (DESIGN §14), decided from its view alone. Both are
 * refused once any of the order's goods have shipped (a change or partial cancellation plans the
 * whole order again, which a partly shipped order cannot be), and a partial one while the order
 * is still being taken in or planned (the plan in flight would not include it). What a plan
 * reserved is given back through the outbox (`release` rows); a partial cancellation or a change
 * of lines hands the order to fulfillment, which plans and reserves it again as at intake.
 */

/** What of the order has shipped, per SKU: the 409 of a refused amendment lists it. */
export function shippedLines(view: OrderView): { sku: string; qty_shipped: number }[] {
  const by = new Map<string, number>();
  for (const l of view.lines) if (l.qty_shipped > 0) by.set(l.sku, (by.get(l.sku) ?? 0) + l.qty_shipped);
  return [...by].map(([sku, qty_shipped]) => ({ sku, qty_shipped }));
}

/** The quantity of each SKU not yet shipped. */
function outstanding(view: OrderView): Map<string, number> {
  const by = new Map<string, number>();
  for (const l of view.lines) by.set(l.sku, (by.get(l.sku) ?? 0) + l.qty - l.qty_shipped);
  return by;
}

/** Why the order cannot be amended now, or null. `open` are the stages of its unanswered handoffs. */
function notAmendable(view: OrderView, open: readonly Stage[], whole: boolean): string | null {
  if (view.status === "cancelled") return "the order is already cancelled";
  if (view.status === "rejected") return "the order was rejected at intake";
  const shipped = shippedLines(view);
  if (shipped.length) return `goods have shipped: ${shipped.map((s) => `${s.qty_shipped} x ${s.sku}`).join(", ")}`;
  if (whole ? !canTransition(view.status, "cancelled") : view.status === "received" || view.status === "delivered")
    return `the order is ${view.status}: try again once it is confirmed`;
  // A plan in flight reserves stock the amendment would not release.
  if (open.includes("fulfillment")) return "the order is being planned: try again once it is settled";
  if (whole) return null;
  // A re-plan would move a held order on while its hold is open, and older agent work in flight would land on the new plan.
  if (view.status === "quality-hold" || view.status === "exception")
    return `the order is on ${view.status}: cancel it whole, or try again once the hold is resolved`;
  if (open.some((s) => s !== "comms")) return "the order is being worked on: try again once it is settled";
  return null;
}

/** The planned stock that `cancelled` quantities per SKU give back, taken from the latest planned shipments first. */
function releasedStock(view: OrderView, cancelled: ReadonlyMap<string, number>) {
  const released: { sku: string; warehouse: string; qty: number }[] = [];
  const left = new Map(cancelled);
  for (const s of [...view.shipments].reverse()) {
    if (s.status !== "planned") continue;
    for (const l of s.lines) {
      const take = Math.min(l.qty, left.get(l.sku) ?? 0);
      if (take === 0) continue;
      left.set(l.sku, (left.get(l.sku) ?? 0) - take);
      const same = released.find((r) => r.sku === l.sku && r.warehouse === s.warehouse);
      if (same) same.qty += take;
      else released.push({ sku: l.sku, warehouse: s.warehouse, qty: take });
    }
  }
  return released;
}

/** Closes escalations an amendment made moot: `escalation.decided` as rejected, with why. */
function closing(view: OrderView, which: (e: OrderView["escalations"][number]) => boolean, note: string) {
  const closed = view.escalations.filter((e) => e.status === "open" && which(e));
  const events: OrderEventBody[] = closed.map((e) => ({
    type: "escalation.decided",
    data: {
      escalation_id: e.escalation_id,
      exception_id: e.exception_id,
      decision: "reject",
      decided_by: CLOSED_BY_AMENDMENT,
      note,
      resolution: null,
    },
  }));
  return { ids: closed.map((e) => e.escalation_id), events };
}

/**
 * The order's lines after a partial cancellation: each named SKU at what remains, priced by the
 * contract for that quantity as a change would be (`priced`), or at its old price when unpriced.
 */
function remainingLines(
  view: OrderView,
  cut: readonly { sku: string; qty_remaining: number }[],
  priced: readonly ViewLine[],
) {
  let lines: ViewLine[] = view.lines.map((l) => ({ ...l }));
  for (const { sku, qty_remaining } of cut) {
    const existing = lines.filter((l) => l.sku === sku);
    const at = lines.findIndex((l) => l.sku === sku);
    lines = lines.filter((l) => l.sku !== sku);
    if (qty_remaining === 0 || !existing[0]) continue;
    const base = priced.find((p) => p.sku === sku) ?? existing[0];
    lines.splice(at, 0, { ...base, qty: qty_remaining, qty_shipped: 0, description: existing[0].description });
  }
  return lines;
}

/**
 * Cancels the whole order (no `lines`, or every outstanding quantity) or some lines' quantities.
 * A whole cancellation closes every open escalation and moves the order to `cancelled`; a partial
 * one closes a pending split approval and plans the order again. The customer is told by comms.
 */
export function decideCancel(view: OrderView, cmd: CancelInput, open: readonly Stage[] = []): Transition {
  const remaining = outstanding(view);
  const asked = new Map<string, number>();
  for (const l of cmd.request.lines ?? []) asked.set(l.sku, (asked.get(l.sku) ?? 0) + l.qty);
  for (const [sku, qty] of asked) {
    const out = remaining.get(sku);
    if (out === undefined) return refusal(`${sku} is not on the order`);
    if (qty > out) return refusal(`only ${out} x ${sku} can be cancelled`);
  }
  const whole = !cmd.request.lines || [...remaining].every(([sku, out]) => (asked.get(sku) ?? 0) >= out);
  const why = notAmendable(view, open, whole);
  if (why) return refusal(why);
  const cancelled = whole ? remaining : asked;
  const lines = [...cancelled].map(([sku, qty]) => ({
    sku,
    qty_cancelled: qty,
    qty_remaining: (remaining.get(sku) ?? 0) - qty,
  }));
  const { reason } = cmd.request;
  const closed = whole
    ? closing(view, () => true, `closed: the order was cancelled (${reason})`)
    : closing(view, isSplitApproval, "closed: the order was amended and is planned again");
  const data = {
    reason,
    whole,
    lines,
    released: releasedStock(view, cancelled),
    escalations_closed: closed.ids,
    ...(whole ? {} : { lines_after: remainingLines(view, lines, cmd.priced) }),
    source: cmd.source,
    business_at: cmd.business_at,
  };
  const events: OrderEventBody[] = [{ type: "order.cancelled", data }, ...closed.events];
  if (!whole) return { events, status: null, next_stage: "fulfillment", refused: null };
  const status = { to: "cancelled" as const, reason: `cancelled: ${reason}`, business_at: cmd.business_at };
  return { events, status, next_stage: "comms", refused: null };
}

/** One line's change as `order.changed` records it; an added line has no price before. */
interface LineChange {
  sku: string;
  qty_before: number;
  qty_after: number;
  unit_price_before: number | null;
  unit_price_after: number | null;
}

/**
 * The order's lines after a change: each named SKU at its new quantity (0 removes it), new SKUs
 * added, each as the caller priced it (the buyer's new price when given, else the contract tier
 * for the new quantity). A SKU named at its quantity and price as they are is left alone.
 */
function changedLines(view: OrderView, cmd: ChangeInput) {
  let lines: ViewLine[] = view.lines.map((l) => ({ ...l }));
  const changes: LineChange[] = [];
  const asked = new Map((cmd.request.lines ?? []).map((l) => [l.sku, l]));
  for (const [sku, req] of asked) {
    const existing = lines.filter((l) => l.sku === sku);
    const before = existing.reduce((n, l) => n + l.qty, 0);
    const priceBefore = existing[0]?.unit_price ?? null;
    const priced = cmd.priced.find((p) => p.sku === sku);
    const repriced =
      req.unit_price !== undefined && priceBefore !== null && cents(req.unit_price) !== cents(priceBefore);
    if (req.qty === before && !repriced) continue;
    if (req.qty > 0 && !priced) return `no price for ${sku}`;
    const at = lines.findIndex((l) => l.sku === sku);
    lines = lines.filter((l) => l.sku !== sku);
    if (priced && req.qty > 0) {
      const line = {
        ...priced,
        qty: req.qty,
        qty_shipped: 0,
        description: existing[0]?.description ?? priced.description,
      };
      lines.splice(at < 0 ? lines.length : at, 0, line);
    }
    changes.push({
      sku,
      qty_before: before,
      qty_after: req.qty,
      unit_price_before: priceBefore,
      unit_price_after: req.qty > 0 ? (priced?.unit_price ?? null) : priceBefore,
    });
  }
  return { lines, changes };
}

/**
 * Changes the order's lines (new quantities, lines added or removed, re-priced by the contract:
 * a new quantity can cross a tier) and/or its requested delivery date. A change of lines closes a
 * pending split approval and plans the order again (a split over $50,000 then waits for approval
 * again); a change of date alone is only told to the customer. Null when nothing would change.
 */
export function decideChange(view: OrderView, cmd: ChangeInput, open: readonly Stage[] = []): Transition | null {
  const why = notAmendable(view, open, false);
  if (why) return refusal(why);
  const changed = changedLines(view, cmd);
  if (typeof changed === "string") return refusal(changed);
  const { lines, changes } = changed;
  if (lines.length === 0) return refusal("the change leaves no lines: cancel the order instead");
  const after = cmd.request.requested_delivery_date;
  const date =
    after !== undefined && after !== view.requested_delivery_date
      ? { requested_delivery_date: { before: view.requested_delivery_date, after } }
      : {};
  if (changes.length === 0 && !date.requested_delivery_date) return null;
  const closed =
    changes.length > 0
      ? closing(view, isSplitApproval, "closed: the order was changed and is planned again")
      : { ids: [], events: [] };
  const data = {
    changes,
    ...date,
    total_before: view.total,
    total_after: linesTotal(lines),
    note: cmd.request.note ?? null,
    lines,
    source: cmd.source,
    business_at: cmd.business_at,
  };
  const events: OrderEventBody[] = [{ type: "order.changed", data }, ...closed.events];
  return { events, status: null, next_stage: changes.length > 0 ? "fulfillment" : "comms", refused: null };
}
