/** Admission limits of DESIGN §10. */
export const MAX_IN_FLIGHT = 50;
export const MAX_WAITING = 100;
/** What a refused client is told to wait before trying again. */
export const RETRY_AFTER_SECONDS = 30;

export type AdmissionDecision =
  | { decision: "admitted" }
  | { decision: "waiting"; position: number }
  | { decision: "rejected"; retry_after_seconds: number };

/** Where a new PO goes given the current load: in, into the waiting line, or away with 429. */
export function decideAdmission(
  inFlight: number,
  waiting: number,
  limits = { maxInFlight: MAX_IN_FLIGHT, maxWaiting: MAX_WAITING },
): AdmissionDecision {
  if (inFlight < limits.maxInFlight) return { decision: "admitted" };
  if (waiting < limits.maxWaiting) return { decision: "waiting", position: waiting + 1 };
  return { decision: "rejected", retry_after_seconds: RETRY_AFTER_SECONDS };
}

/**
 * How long an admitted PO holds its pipeline slot before AdmissionControl takes it back.
 * Slots are given back when an order settles, is dead-lettered or is abandoned; the lease
 * is the backstop for a release that never arrives. An hour is well past the longest an
 * order legitimately runs between admission and settling (a failing handoff: about a minute
 * of queue retries, then up to three redrives by the 5-minute sweep once it has stalled for
 * 10 minutes, so about half an hour), so a live order never loses its place, while a lost
 * release costs one slot for an hour instead of forever.
 */
export const ADMISSION_LEASE_MS = 60 * 60_000;

/** A held pipeline slot: the PO and when its lease began (epoch ms). */
export interface PipelineSlot {
  po_number: string;
  admitted_at: number;
}

/** The slots whose lease has run out by `now`: they are free again. */
export function expiredLeases(
  slots: readonly PipelineSlot[],
  now: number,
  leaseMs = ADMISSION_LEASE_MS,
): PipelineSlot[] {
  return slots.filter((s) => s.admitted_at + leaseMs <= now);
}

/** When the first lease of `slots` runs out (epoch ms): the sweep's next alarm; null when no slot is held. */
export function nextLeaseExpiry(slots: readonly PipelineSlot[], leaseMs = ADMISSION_LEASE_MS): number | null {
  return slots.length ? Math.min(...slots.map((s) => s.admitted_at)) + leaseMs : null;
}

/**
 * Where a PO that may not be turned away goes: an EDI transaction set accepted at the envelope
 * is already the partner's committed document (DESIGN §5.4), so past the waiting line's limit
 * it waits all the same instead of being refused.
 */
export function decideParkedAdmission(
  inFlight: number,
  waiting: number,
  limits = { maxInFlight: MAX_IN_FLIGHT, maxWaiting: MAX_WAITING },
): AdmissionDecision {
  const decision = decideAdmission(inFlight, waiting, limits);
  return decision.decision === "rejected" ? { decision: "waiting", position: waiting + 1 } : decision;
}

/**
 * How many times a waiting PO's OrderObject may fail to start before AdmissionControl drops it
 * from the waiting line for operations. Enough to ride out a brief fault of one object, few
 * enough that a PO whose object cannot start stops costing every release an RPC.
 */
export const MAX_FAILED_STARTS = 5;

/**
 * When AdmissionControl tries failed starts again if no release comes first: without it, a line
 * whose every start failed with no slot held would have no lease alarm and wait for new traffic.
 */
export const FAILED_START_RETRY_MS = 60_000;

/** What becomes of a waiting PO whose start just failed; `failed_starts` counts this failure. */
export type FailedStartOutcome = { action: "retry"; failed_starts: number } | { action: "drop"; failed_starts: number };

/**
 * A waiting PO whose OrderObject threw on start: back in line, at its own value and place, for a
 * later release or alarm (the line moves on past it meanwhile), or, once it has failed
 * `maxFailedStarts` times, out of the line so it can never hold the line up.
 */
export function decideFailedStart(failedBefore: number, maxFailedStarts = MAX_FAILED_STARTS): FailedStartOutcome {
  const failed_starts = failedBefore + 1;
  return { action: failed_starts >= maxFailedStarts ? "drop" : "retry", failed_starts };
}
