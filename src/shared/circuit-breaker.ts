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

/** Model provider: 5 failed calls (after their own retries) in 2 minutes open it for 30 s. */
export const MODEL_PROVIDER_BREAKER: BreakerPolicy = { failureThreshold: 5, windowMs: 2 * 60_000, openMs: 30_000 };

export interface BreakerState {
  state: "closed" | "open" | "half-open";
  failures: number[];
  openedAt: number | null;
  probeInFlight: boolean;
  /** When the probe in flight was let through; a probe silent for `openMs` is presumed lost. */
  probeStartedAt: number | null;
}

export const closedBreaker = (): BreakerState => ({
  state: "closed",
  failures: [],
  openedAt: null,
  probeInFlight: false,
  probeStartedAt: null,
});

/** Whether a call may go through now; in half-open only one probe at a time does. */
export function admitCall(
  s: BreakerState,
  now: number,
  p: BreakerPolicy,
): { allowed: boolean; probe: boolean; retryAfterMs: number; next: BreakerState } {
  if (s.state === "closed") return { allowed: true, probe: false, retryAfterMs: 0, next: s };
  const reopenAt = (s.openedAt ?? now) + p.openMs;
  if (s.state === "open" && now < reopenAt)
    return { allowed: false, probe: false, retryAfterMs: reopenAt - now, next: s };
  // A probe whose caller crashed never reports; after `openMs` of silence another may try.
  if (s.probeInFlight && s.probeStartedAt !== null && now - s.probeStartedAt < p.openMs) {
    return { allowed: false, probe: false, retryAfterMs: s.probeStartedAt + p.openMs - now, next: s };
  }
  return {
    allowed: true,
    probe: true,
    retryAfterMs: 0,
    next: { ...s, state: "half-open", probeInFlight: true, probeStartedAt: now },
  };
}

/**
 * Records a call's outcome: the probe's success closes the breaker, its failure re-opens it;
 * failures within the window open a closed breaker. A slow call admitted before the breaker
 * opened proves nothing about now, so its late success or failure leaves an open breaker alone.
 */
export function recordOutcome(
  s: BreakerState,
  ok: boolean,
  now: number,
  p: BreakerPolicy,
  probe = false,
): BreakerState {
  if (s.state !== "closed" && !probe) return s;
  if (ok) return closedBreaker();
  if (probe)
    return { state: "open", failures: [...s.failures, now], openedAt: now, probeInFlight: false, probeStartedAt: null };
  const failures = [...s.failures.filter((t) => now - t < p.windowMs), now];
  return failures.length >= p.failureThreshold
    ? { state: "open", failures, openedAt: now, probeInFlight: false, probeStartedAt: null }
    : { ...s, failures };
}

/**
 * Admission that also honours the dependency's own `Retry-After` (`notBefore`, epoch ms):
 * until then nothing goes out, not even a probe, whatever the breaker's state; the wait
 * answered is the longer of the hold and the breaker's. After it, {@link admitCall} decides.
 */
export function admitCallNotBefore(
  s: BreakerState,
  notBefore: number | null,
  now: number,
  p: BreakerPolicy,
): ReturnType<typeof admitCall> {
  if (notBefore === null || now >= notBefore) return admitCall(s, now, p);
  // Asked only for its wait: a refusal commits no state, so the breaker's answer is not kept.
  const breaker = admitCall(s, now, p);
  return {
    allowed: false,
    probe: false,
    retryAfterMs: Math.max(notBefore - now, breaker.allowed ? 0 : breaker.retryAfterMs),
    next: s,
  };
}

/**
 * The hold after a dependency answered `Retry-After: retryAfterMs`: the later of the current
 * hold and `now + retryAfterMs` (a shorter answer never shortens a longer one); null once
 * no hold remains.
 */
export function extendNotBefore(notBefore: number | null, now: number, retryAfterMs: number): number | null {
  const held = notBefore !== null && notBefore > now ? notBefore : null;
  if (retryAfterMs <= 0) return held;
  return Math.max(held ?? 0, now + retryAfterMs);
}
