import { and, gt, lt } from "drizzle-orm";
import { recordAudit } from "../shared/db/audit-repository";
import { database } from "../shared/db/reference-repository";
import * as schema from "../shared/db/schema";
import { orderKey } from "../shared/order-key";

/** A handoff unanswered this long is taken to be lost (dead-lettered) rather than slow. */
export const STALL_AFTER_MS = 10 * 60_000;
const BATCH = 100;

/**
 * The scheduled safety net behind "nothing accepted is ever dropped": orders whose handoffs
 * have gone unanswered for ten minutes have them re-issued by their OrderObjects.
 */
export async function redriveStalledOrders(env: Env, now: Date): Promise<{ orders: number; redriven: number; abandoned: number }> {
  const cutoff = new Date(now.getTime() - STALL_AFTER_MS).toISOString();
  const stalled = await database(env.DB)
    .select({ customerId: schema.orderIndex.customerId, poNumber: schema.orderIndex.poNumber })
    .from(schema.orderIndex)
    .where(and(gt(schema.orderIndex.pendingHandoffs, 0), lt(schema.orderIndex.updatedAt, cutoff)))
    .limit(BATCH)
    .all();
  let redriven = 0;
  let abandoned = 0;
  for (const { customerId, poNumber } of stalled) {
    const result = await env.ORDER.getByName(orderKey(customerId, poNumber)).redriveStalled(cutoff);
    redriven += result.redriven.length;
    abandoned += result.abandoned.length;
    if (result.abandoned.length) {
      await recordAudit(env.DB, { kind: "handoff.abandoned", poNumber, detail: { handoff_ids: result.abandoned } });
    }
  }
  console.log(JSON.stringify({ msg: "stalled handoff sweep", orders: stalled.length, redriven, abandoned, at: now.toISOString() }));
  return { orders: stalled.length, redriven, abandoned };
}
