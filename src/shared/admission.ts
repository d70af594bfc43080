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
export function decideAdmission(inFlight: number, waiting: number, limits = { maxInFlight: MAX_IN_FLIGHT, maxWaiting: MAX_WAITING }): AdmissionDecision {
  if (inFlight < limits.maxInFlight) return { decision: "admitted" };
  if (waiting < limits.maxWaiting) return { decision: "waiting", position: waiting + 1 };
  return { decision: "rejected", retry_after_seconds: RETRY_AFTER_SECONDS };
}

/**
 * Where a PO that may not be turned away goes: an EDI transaction set accepted at the envelope
 * is already the partner's committed document (DESIGN §5.4), so past the waiting line's limit
 * it waits all the same instead of being refused.
 */
export function decideParkedAdmission(inFlight: number, waiting: number, limits = { maxInFlight: MAX_IN_FLIGHT, maxWaiting: MAX_WAITING }): AdmissionDecision {
  const decision = decideAdmission(inFlight, waiting, limits);
  return decision.decision === "rejected" ? { decision: "waiting", position: waiting + 1 } : decision;
}
