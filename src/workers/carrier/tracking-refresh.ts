/**
 * The scheduled refresh of the polling cache (DESIGN §10): what answers tracking while the
 * carrier's breaker is open is only as fresh as this job keeps it.
 */
import type { CarrierClient } from "../../shared/carrier/carrier-client";
import { trackingNumbersToRefresh, writeCachedTracking } from "../../shared/carrier/tracking-cache";
import type { BreakerState } from "../../shared/circuit-breaker";
import { carrierClientFor } from "./carrier-factory";
import { callCarrier } from "./tracking-service";

/**
 * Tracking numbers polled per run. Runs are five minutes apart; a bounded batch keeps one run
 * well inside that and within the carrier's quota, and the stalest go first.
 */
export const REFRESH_BATCH = 200;

/** What one refresh run did. */
export interface RefreshSummary {
  candidates: number;
  refreshed: number;
  not_found: number;
  failed: number;
  /** Why the batch stopped early: the breaker opened, or the carrier's `Retry-After` holds calls off. */
  stopped: "breaker_open" | "carrier_retry_after" | null;
  breaker: BreakerState["state"] | null;
  retry_after_ms: number;
}

/**
 * Polls the carrier for every tracking number in the cache and every one of our orders'
 * (`shipment_index`), through the same `carrier-api` breaker as live queries, and stores each
 * answer with `refreshed_at = now`. The batch stops as soon as the breaker opens or refuses: a
 * failing carrier is not hammered by the job meant to cover for it. Logs a JSON summary.
 */
export async function refreshTrackingCache(
  env: Env,
  now: Date,
  options: { client?: CarrierClient; limit?: number } = {},
): Promise<RefreshSummary> {
  const client = options.client ?? carrierClientFor(env);
  const numbers = await trackingNumbersToRefresh(env.DB, options.limit ?? REFRESH_BATCH);
  const summary: RefreshSummary = {
    candidates: numbers.length,
    refreshed: 0,
    not_found: 0,
    failed: 0,
    stopped: null,
    breaker: null,
    retry_after_ms: 0,
  };
  for (const tracking of numbers) {
    const outcome = await callCarrier(env, client, tracking);
    summary.breaker = outcome.breaker;
    if (outcome.kind === "refused") {
      // A closed breaker refuses only while the carrier's Retry-After runs.
      summary.stopped = outcome.breaker === "closed" ? "carrier_retry_after" : "breaker_open";
      summary.retry_after_ms = outcome.retry_after_ms;
      break;
    }
    if (outcome.kind === "answered") {
      await writeCachedTracking(env.DB, outcome.status, now);
      summary.refreshed += 1;
    } else if (outcome.kind === "not_found") {
      summary.not_found += 1;
    } else {
      summary.failed += 1;
      if (outcome.breaker === "open") {
        summary.stopped = "breaker_open";
        summary.retry_after_ms = outcome.retry_after_ms;
        break;
      }
    }
  }
  console.log(JSON.stringify({ msg: "carrier tracking refresh", ...summary, at: now.toISOString() }));
  return summary;
}
