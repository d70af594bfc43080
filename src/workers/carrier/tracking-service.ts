/**
 * Carrier tracking through the CircuitBreaker (DESIGN §10): the carrier when the breaker lets a
 * call through, the polling cache when it does not or the call fails.
 */
import {
  CarrierUnavailableError,
  TrackingNotFoundError,
  type CarrierClient,
  type TrackingStatus,
} from "../../shared/carrier/carrier-client";
import {
  isFreshTracking,
  readCachedTracking,
  writeCachedTracking,
  type CachedTracking,
} from "../../shared/carrier/tracking-cache";
import { CARRIER_BREAKER, type BreakerState } from "../../shared/circuit-breaker";
import { carrierClientFor } from "./carrier-factory";

/** The breaker object guarding the carrier API. */
export const CARRIER_BREAKER_NAME = "carrier-api";

type BreakerPhase = BreakerState["state"];

/** How one call through the breaker went. */
export type CarrierOutcome =
  | { kind: "answered"; status: TrackingStatus; breaker: BreakerPhase }
  | { kind: "not_found"; breaker: BreakerPhase }
  /** The breaker (or the carrier's `Retry-After`) kept the call from going out. */
  | { kind: "refused"; retry_after_ms: number; breaker: BreakerPhase }
  | { kind: "failed"; error: CarrierUnavailableError; retry_after_ms: number; breaker: BreakerPhase };

/**
 * One carrier call through the `carrier-api` breaker: acquire, call, report. A missing tracking
 * number counts as a success (the API answered); anything else thrown counts as a failure and
 * carries the carrier's `Retry-After` to the breaker, which then holds every call off until it
 * has passed. Every admitted call is reported, so a probe is never left presumed lost.
 */
export async function callCarrier(env: Env, client: CarrierClient, tracking: string): Promise<CarrierOutcome> {
  const breaker = env.BREAKER.getByName(CARRIER_BREAKER_NAME);
  const gate = await breaker.acquire(CARRIER_BREAKER);
  if (!gate.allowed) return { kind: "refused", retry_after_ms: gate.retry_after_ms, breaker: gate.state };
  try {
    const status = await client.track(tracking);
    return { kind: "answered", status, breaker: await breaker.report(true, gate.probe, CARRIER_BREAKER) };
  } catch (err) {
    if (err instanceof TrackingNotFoundError)
      return { kind: "not_found", breaker: await breaker.report(true, gate.probe, CARRIER_BREAKER) };
    const error =
      err instanceof CarrierUnavailableError
        ? err
        : new CarrierUnavailableError(
            `carrier client failed: ${err instanceof Error ? err.message : String(err)}`,
            null,
            null,
            { cause: err },
          );
    const carrierWait = error.retry_after_ms ?? 0;
    const state = await breaker.report(false, gate.probe, CARRIER_BREAKER, carrierWait);
    console.warn(
      JSON.stringify({
        msg: "carrier call failed",
        tracking,
        status: error.status,
        retry_after_ms: error.retry_after_ms,
        probe: gate.probe,
        breaker: state,
        error: error.message,
      }),
    );
    // The caller's wait: the carrier's own, or the breaker's once this failure opened it.
    return {
      kind: "failed",
      error,
      retry_after_ms: Math.max(carrierWait, state === "open" ? CARRIER_BREAKER.openMs : 0),
      breaker: state,
    };
  }
}

/** A tracking answer: from the carrier just now, or from the polling cache and how stale. */
export type TrackingAnswer = CachedTracking & {
  source: "carrier" | "cache";
  /** Why the cache answered: the breaker kept the call off the carrier, or the call failed. */
  fallback_reason: "breaker_refused" | "carrier_failed" | null;
  /** The breaker's state after this call. */
  breaker: BreakerPhase;
  /** When the carrier may next be called; 0 when it was just called successfully. */
  retry_after_ms: number;
};

/** Options of {@link trackShipment}; tests pass their own client. */
export interface TrackShipmentOptions {
  client?: CarrierClient;
  now?: () => Date;
  /** A cached answer younger than this is returned without calling the carrier (0: always call). */
  freshForMs?: number;
}

/**
 * A shipment's tracking (DESIGN §10). With `freshForMs`, a cached answer that young is returned
 * as it is (`source: "cache"`, no fallback reason) and the carrier is not called. When the
 * breaker lets a call through and the carrier
 * answers, the answer refreshes the polling cache and is returned with `source: "carrier"`;
 * when the breaker refuses or the call fails, the cached row answers with `source: "cache"`,
 * its `refreshed_at`, and `retry_after_ms`.
 * @throws {TrackingNotFoundError} the carrier does not know the number
 * @throws {CarrierUnavailableError} no carrier answer and nothing cached; `retry_after_ms` says when to ask again
 */
export async function trackShipment(
  env: Env,
  tracking: string,
  options: TrackShipmentOptions = {},
): Promise<TrackingAnswer> {
  const client = options.client ?? carrierClientFor(env);
  const now = options.now ?? (() => new Date());
  if (options.freshForMs) {
    const cached = await readCachedTracking(env.DB, tracking);
    if (cached && isFreshTracking(cached, now(), options.freshForMs)) {
      const breaker = (await env.BREAKER.getByName(CARRIER_BREAKER_NAME).status()).state;
      return { ...cached, source: "cache", fallback_reason: null, breaker, retry_after_ms: 0 };
    }
  }
  const outcome = await callCarrier(env, client, tracking);
  switch (outcome.kind) {
    case "answered": {
      const at = now();
      // The carrier's answer stands even when the cache cannot be written this time.
      const cached = await writeCachedTracking(env.DB, outcome.status, at).catch((err: unknown): CachedTracking => {
        console.warn(JSON.stringify({ msg: "tracking cache write failed", tracking, error: String(err) }));
        return { ...outcome.status, refreshed_at: at.toISOString() };
      });
      return { ...cached, source: "carrier", fallback_reason: null, breaker: outcome.breaker, retry_after_ms: 0 };
    }
    case "not_found":
      throw new TrackingNotFoundError(tracking);
    case "refused":
    case "failed": {
      const cached = await readCachedTracking(env.DB, tracking);
      if (!cached) {
        if (outcome.kind === "failed")
          throw new CarrierUnavailableError(
            `carrier unavailable and no cached tracking for ${tracking}`,
            outcome.error.status,
            outcome.retry_after_ms || null,
            { cause: outcome.error },
          );
        throw new CarrierUnavailableError(
          `carrier calls are held off and no cached tracking for ${tracking}`,
          null,
          outcome.retry_after_ms,
        );
      }
      const fallback_reason = outcome.kind === "refused" ? "breaker_refused" : "carrier_failed";
      return {
        ...cached,
        source: "cache",
        fallback_reason,
        breaker: outcome.breaker,
        retry_after_ms: outcome.retry_after_ms,
      };
    }
  }
}
