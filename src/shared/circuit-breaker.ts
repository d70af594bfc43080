/** Circuit breaker state machine (DESIGN §10), as plain data and functions. */

export interface BreakerPolicy {
  /** Failures within `windowMs` that open the breaker. */
  failureThreshold: number;
  windowMs: number;
  /** How long the breaker stays open before it lets one probe through. */
  openMs: number;
}

/** Carrier API: 5 failures in 10 minutes open it; after 60 s one probe is let through. */
export const CARRIER_BREAKER: BreakerPolicy = { failureThreshold: 5, windowMs: 10 * 60_000, openMs: 60_000 };

export interface BreakerState {
  state: "closed" | "open" | "half-open";
  failures: number[];
  openedAt: number | null;
  probeInFlight: boolean;
}

export const closedBreaker = (): BreakerState => ({ state: "closed", failures: [], openedAt: null, probeInFlight: false });

/** Whether a call may go through now; in half-open only one probe at a time does. */
export function admitCall(s: BreakerState, now: number, p: BreakerPolicy): { allowed: boolean; probe: boolean; retryAfterMs: number; next: BreakerState } {
  if (s.state === "closed") return { allowed: true, probe: false, retryAfterMs: 0, next: s };
  const reopenAt = (s.openedAt ?? now) + p.openMs;
  if (s.state === "open" && now < reopenAt) return { allowed: false, probe: false, retryAfterMs: reopenAt - now, next: s };
  if (s.probeInFlight) return { allowed: false, probe: false, retryAfterMs: p.openMs, next: s };
  return { allowed: true, probe: true, retryAfterMs: 0, next: { ...s, state: "half-open", probeInFlight: true } };
}

/** Records a call's outcome: success closes, failures within the window open. */
export function recordOutcome(s: BreakerState, ok: boolean, now: number, p: BreakerPolicy): BreakerState {
  if (ok) return closedBreaker();
  if (s.state === "half-open") return { state: "open", failures: [...s.failures, now], openedAt: now, probeInFlight: false };
  const failures = [...s.failures.filter((t) => now - t < p.windowMs), now];
  return failures.length >= p.failureThreshold
    ? { state: "open", failures, openedAt: now, probeInFlight: false }
    : { ...s, failures };
}
