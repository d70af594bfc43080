/**
 * The carrier tracking API as the rest of the system sees it (DESIGN §10): one call, one
 * answer shape, and two errors that say whether the carrier answered at all.
 */
import { z } from "zod";

/** One scan of a shipment by the carrier. */
export const TrackingEvent = z.object({
  timestamp: z.string().min(1).max(64),
  location: z.string().max(200),
  status: z.string().min(1).max(64),
});
export type TrackingEvent = z.infer<typeof TrackingEvent>;

/**
 * A shipment's tracking as a carrier reports it. `status` stays an open string: carriers add
 * statuses of their own, and an unknown one must not turn a good answer into a failure.
 */
export const TrackingStatus = z.object({
  tracking: z.string().min(1).max(64),
  carrier: z.string().min(1).max(64),
  status: z.string().min(1).max(64),
  estimated_delivery: z.string().max(64).nullable(),
  events: z.array(TrackingEvent).max(500),
});
export type TrackingStatus = z.infer<typeof TrackingStatus>;

/** What a tracking number looks like before it is sent anywhere (path-safe, bounded). */
export const TRACKING_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{3,39}$/;

/** A carrier tracking API. */
export interface CarrierClient {
  /**
   * The shipment's current tracking.
   * @throws {TrackingNotFoundError} the carrier answered and does not know the number
   * @throws {CarrierUnavailableError} the carrier did not give a usable answer
   */
  track(tracking: string): Promise<TrackingStatus>;
}

/**
 * The carrier gave no usable answer: overloaded (429), down (5xx), unreachable, too slow, or
 * an answer we could not read. Counts as a failure against the breaker.
 */
export class CarrierUnavailableError extends Error {
  override readonly name: string = "CarrierUnavailableError";
  constructor(
    message: string,
    /** HTTP status, or null when no response arrived. */
    readonly status: number | null = null,
    /** How long the carrier asked us to wait (its `Retry-After`), when it said. */
    readonly retry_after_ms: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The carrier answered: it has no shipment with this number. The API is healthy. */
export class TrackingNotFoundError extends Error {
  override readonly name: string = "TrackingNotFoundError";
  constructor(readonly tracking: string) {
    super(`the carrier knows no shipment ${tracking}`);
  }
}

/**
 * The longest `Retry-After` believed. A carrier that asks for a day (or a buggy header) must
 * not silence tracking until then; past an hour the breaker's own probing takes over.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Reads a `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, relative to
 * `nowMs`. Null when absent or unreadable; capped at {@link MAX_RETRY_AFTER_MS}.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const v = value?.trim();
  if (!v) return null;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    // Date.parse accepts many shapes; an HTTP-date always names a weekday and GMT.
    if (!/^[A-Za-z]{3},\s.+\sGMT$/.test(v)) return null;
    const at = Date.parse(v);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - nowMs);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
