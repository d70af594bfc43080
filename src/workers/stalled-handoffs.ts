import { and, asc, lt, sql } from "drizzle-orm";
import { ADMISSION_SINGLETON } from "../durable-objects/admission.do";
import { database } from "../shared/db/client";
import * as schema from "../shared/db/schema";
import { orderKey } from "../shared/order-key";

/** A handoff unanswered this long is taken to be lost (dead-lettered) rather than slow. */
export const STALL_AFTER_MS = 10 * 60_000;
const BATCH = 100;

/**
 * The scheduled safety net behind "nothing accepted is ever dropped": orders whose handoffs
 * have gone unanswered for ten minutes have them re-issued by their OrderObjects, oldest first.
 * Orders whose every pending handoff was abandoned (escalated to a person by the object, which
 * projects the count to the index), and orders waiting for admission (owed a handoff not yet
 * issued, so nothing to re-issue), are passed over, so they can never fill the batch and starve
 * newer stalls; one order that fails does not stop the rest.
 */
export async function redriveStalledOrders(
  env: Env,
  now: Date,
): Promise<{ orders: number; redriven: number; abandoned: number }> {
  const cutoff = new Date(now.getTime() - STALL_AFTER_MS).toISOString();
  const t = schema.orderIndex;
  const stalled = await database(env.DB)
    .select({ customerId: t.customerId, poNumber: t.poNumber })
    .from(t)
    // Matches the partial index order_index_stalled, so the sweep reads only candidates.
    .where(and(sql`${t.pendingHandoffs} - ${t.awaitingAdmission} > ${t.abandonedHandoffs}`, lt(t.updatedAt, cutoff)))
    .orderBy(asc(t.updatedAt), asc(t.poNumber))
    .limit(BATCH)
    .all();
  let redriven = 0;
  let abandoned = 0;
  for (const { customerId, poNumber } of stalled) {
    const key = orderKey(customerId, poNumber);
    try {
      const result = await env.ORDER.getByName(key).redriveStalled(cutoff);
      redriven += result.redriven.length;
      abandoned += result.abandoned.length;
      // An abandoned order gives its pipeline slot back, so it cannot block intake.
      if (result.abandoned.length) await env.ADMISSION.getByName(ADMISSION_SINGLETON).release(key);
    } catch (err) {
      console.warn(
        JSON.stringify({
          msg: "stalled handoff redrive failed; the next sweep retries",
          order: key,
          error: String(err),
        }),
      );
    }
  }
  console.log(
    JSON.stringify({
      msg: "stalled handoff sweep",
      orders: stalled.length,
      redriven,
      abandoned,
      at: now.toISOString(),
    }),
  );
  return { orders: stalled.length, redriven, abandoned };
}
