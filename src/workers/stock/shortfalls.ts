import { estimateArrival } from "../../shared/allocation";
import { loadCarriers, loadCatalog } from "../../shared/db/reference-repository";
import { markShortfallNotified, pendingShortfalls, type Shortfall } from "../../shared/db/stock-repository";
import { addDays } from "../../shared/business-dates";
import { orderKeyOf } from "../../shared/order-key";

/**
 * Tells an order its share of an inventory drop and marks the movement told. The backorder's
 * ETA is the restock date (the supplier's, else the catalog lead time) plus handling and the
 * fastest carrier, as fulfillment dates any backorder.
 */
export async function deliverShortfall(env: Env, s: Shortfall, traceparent: string | null): Promise<void> {
  const [carriers, catalog] = await Promise.all([loadCarriers(env.DB), loadCatalog(env.DB, [s.sku])]);
  const restock = s.supplier_eta ?? addDays(s.occurred_at.slice(0, 10), catalog.get(s.sku)?.lead_time_days ?? 0);
  const fastest = [...carriers].sort((a, b) => a.transit_days - b.transit_days)[0];
  const backorder_eta = fastest ? estimateArrival(restock, fastest).eta : restock;
  await env.ORDER.getByName(orderKeyOf(s)).applyShortfall({ ...s, backorder_eta, traceparent });
  await markShortfallNotified(env.DB, s.movement_id);
}

/** The cron's retry of shortfalls whose orders were not told (the request that found them failed midway). */
export async function redeliverShortfalls(env: Env): Promise<number> {
  const pending = await pendingShortfalls(env.DB);
  for (const s of pending) await deliverShortfall(env, s, null);
  if (pending.length) console.log(JSON.stringify({ msg: "shortfalls redelivered", count: pending.length }));
  return pending.length;
}
