/**
 * `Idempotency-Key` semantics (DESIGN §4, as Stripe defines them): the first request with a key
 * reserves it and runs; a request with the same key and body while it runs is told to retry, one
 * after it gets the stored answer, and one with a different body is refused.
 */

/**
 * How long a reservation holds its key. A request that crashed never completes its reservation;
 * once this passes the key is usable again. Intake answers within seconds, so a minute is ample.
 */
export const IDEMPOTENCY_LOCK_MS = 60_000;

/** What a request finding its key in flight is told to wait: the first request is usually done by then. */
export const IDEMPOTENCY_RETRY_AFTER_SECONDS = 1;

/** An idempotency key as stored: an answer once complete, a reservation until then. */
export interface IdempotencyRecord {
  bodyHash: string;
  status: number | null;
  response: string | null;
  lockedUntil: string | null;
}

/** What to do with a request whose key is already stored. */
export type IdempotencyVerdict =
  | { kind: "replay"; status: number; response: string }
  | { kind: "mismatch" }
  | { kind: "in_flight"; retryAfterSeconds: number }
  /** The reservation's request never finished and its hold has passed: the key may be taken over. */
  | { kind: "expired" };

/** Judges a request (its body's hash, at `now`) against what is stored for its key. */
export function judgeIdempotencyKey(record: IdempotencyRecord, bodyHash: string, now: number): IdempotencyVerdict {
  if (record.status !== null && record.response !== null) {
    return record.bodyHash === bodyHash
      ? { kind: "replay", status: record.status, response: record.response }
      : { kind: "mismatch" };
  }
  if (record.lockedUntil === null || Date.parse(record.lockedUntil) <= now) return { kind: "expired" };
  if (record.bodyHash !== bodyHash) return { kind: "mismatch" };
  return { kind: "in_flight", retryAfterSeconds: IDEMPOTENCY_RETRY_AFTER_SECONDS };
}

/** Until when a reservation made at `now` holds its key, as stored. */
export function reservationHold(now: number): string {
  return new Date(now + IDEMPOTENCY_LOCK_MS).toISOString();
}
