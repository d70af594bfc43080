import { estimateArrival } from "../../shared/allocation";
import { loadCarriers, loadCatalog } from "../../shared/db/reference-repository";
import {
  markShortfallNotified,
  markShortfallOrphaned,
  pendingShortfalls,
  type Shortfall,
} from "../../shared/db/shortfall-repository";
import { addDays } from "../../shared/business-dates";
import { orderKeyOf } from "../../shared/order-key";

/**
 * Tells an order its share of an inventory drop and marks the movement told. The backorder's
 * ETA is the restock date (the supplier's, else the catalog lead time) plus handling and the
 * fastest carrier, as fulfillment dates any backorder. A movement naming no recorded order is
 * set aside (audited as `shortfall.orphaned`) rather than retried forever.
 */
export async function deliverShortfall(env: Env, s: Shortfall, traceparent: string | null): Promise<void> {
  const [carriers, catalog] = await Promise.all([loadCarriers(env.DB), loadCatalog(env.DB, [s.sku])]);
  const restock = s.supplier_eta ?? addDays(s.occurred_at.slice(0, 10), catalog.get(s.sku)?.lead_time_days ?? 0);
  const fastest = [...carriers].sort((a, b) => a.transit_days - b.transit_days)[0];
  const backorder_eta = fastest ? estimateArrival(restock, fastest).eta : restock;
  const { view } = await env.ORDER.getByName(orderKeyOf(s)).applyShortfall({ ...s, backorder_eta, traceparent });
  if (view) return markShortfallNotified(env.DB, s.movement_id);
  console.warn(
    JSON.stringify({
      msg: "shortfall names no order; set aside",
      movement_id: s.movement_id,
      customer_id: s.customer_id,
      po_number: s.po_number,
    }),
  );
  await markShortfallOrphaned(env.DB, s);
}

/**
 * The cron's retry of shortfalls whose orders were not told (the request that found them failed
 * midway), oldest first. One that fails is logged and left for the next run, and the others
 * still go. Answers how many were delivered or set aside.
 */
export async function redeliverShortfalls(env: Env): Promise<number> {
  const pending = await pendingShortfalls(env.DB);
  let delivered = 0;
  for (const s of pending) {
    try {
      await deliverShortfall(env, s, null);
      delivered++;
    } catch (err) {
      console.warn(
        JSON.stringify({
          msg: "shortfall not redelivered; next run retries it",
          movement_id: s.movement_id,
          error: String(err),
        }),
      );
    }
  }
  if (pending.length)
    console.log(
      JSON.stringify({ msg: "shortfalls redelivered", count: delivered, failed: pending.length - delivered }),
    );
  return delivered;
}
