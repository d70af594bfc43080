import { describe, expect, it } from "vitest";
import {
  admitCall,
  CARRIER_BREAKER,
  closedBreaker,
  recordOutcome,
  type BreakerState,
} from "../../src/shared/circuit-breaker";

const P = CARRIER_BREAKER;
const MIN = 60_000;
const T0 = 1_700_000_000_000;

/** Records a failure at each of the given times, starting closed. */
function failAt(times: readonly number[], from: BreakerState = closedBreaker()): BreakerState {
  return times.reduce((s, t) => recordOutcome(s, false, t, P), from);
}

/** A breaker that opened at T0 + 4 min after 5 failures a minute apart. */
const OPENED_AT = T0 + 4 * MIN;
const opened = () => failAt([0, 1, 2, 3, 4].map((m) => T0 + m * MIN));

describe("CARRIER_BREAKER policy", () => {
  it("is 5 failures in 10 minutes, open for 60 s", () => {
    expect(P).toEqual({ failureThreshold: 5, windowMs: 600_000, openMs: 60_000 });
  });
});

describe("opening", () => {
  it("stays closed and lets calls through after 4 failures", () => {
    const s = failAt([0, 1, 2, 3].map((m) => T0 + m * MIN));
    expect(s.state).toBe("closed");
    expect(admitCall(s, T0 + 4 * MIN, P)).toMatchObject({ allowed: true, probe: false, retryAfterMs: 0 });
  });

  it("opens on the 5th failure within 10 minutes", () => {
    const s = opened();
    expect(s.state).toBe("open");
    expect(s.openedAt).toBe(OPENED_AT);
  });

  it("does not open for 5 failures spread over more than 10 minutes", () => {
    // the first failure is 10 min 1 s old when the 5th arrives
    const s = failAt([T0, T0 + 3 * MIN, T0 + 6 * MIN, T0 + 9 * MIN, T0 + 10 * MIN + 1_000]);
    expect(s.state).toBe("closed");
    expect(s.failures).toHaveLength(4);
    expect(admitCall(s, T0 + 11 * MIN, P).allowed).toBe(true);
  });

  it("opens once 5 failures fall inside one window, even after older ones expired", () => {
    const s = failAt([T0, T0 + 11 * MIN, T0 + 12 * MIN, T0 + 13 * MIN, T0 + 14 * MIN]);
    expect(s.state).toBe("closed");
    expect(failAt([T0 + 15 * MIN], s).state).toBe("open");
  });
});

describe("while open", () => {
  it("refuses calls with the time left until the probe", () => {
    expect(admitCall(opened(), OPENED_AT + 1, P)).toMatchObject({ allowed: false, probe: false, retryAfterMs: 59_999 });
    expect(admitCall(opened(), OPENED_AT + 30_000, P)).toMatchObject({ allowed: false, retryAfterMs: 30_000 });
    expect(admitCall(opened(), OPENED_AT + 59_999, P)).toMatchObject({ allowed: false, retryAfterMs: 1 });
  });

  it("does not change state when refusing", () => {
    const s = opened();
    expect(admitCall(s, OPENED_AT + 10_000, P).next).toBe(s);
  });
});

describe("half-open", () => {
  it("lets exactly one probe through after 60 s", () => {
    const first = admitCall(opened(), OPENED_AT + 60_000, P);
    expect(first).toMatchObject({ allowed: true, probe: true, retryAfterMs: 0 });
    expect(first.next).toMatchObject({ state: "half-open", probeInFlight: true });
    const second = admitCall(first.next, OPENED_AT + 60_001, P);
    expect(second.allowed).toBe(false);
    expect(second.probe).toBe(false);
    expect(second.retryAfterMs).toBeGreaterThan(0);
  });

  it("also lets a probe through long after the 60 s", () => {
    expect(admitCall(opened(), OPENED_AT + 3_600_000, P)).toMatchObject({ allowed: true, probe: true });
  });

  it("closes when the probe succeeds", () => {
    const probe = admitCall(opened(), OPENED_AT + 60_000, P);
    const s = recordOutcome(probe.next, true, OPENED_AT + 61_000, P, probe.probe);
    expect(s).toEqual({ state: "closed", failures: [], openedAt: null, probeInFlight: false, probeStartedAt: null });
    expect(admitCall(s, OPENED_AT + 61_001, P)).toMatchObject({ allowed: true, probe: false });
  });

  it("ignores the late success of a call admitted before it opened", () => {
    const s = recordOutcome(opened(), true, OPENED_AT + 5_000, P);
    expect(s.state).toBe("open");
    expect(admitCall(s, OPENED_AT + 6_000, P)).toMatchObject({ allowed: false, retryAfterMs: 54_000 });
  });

  it("re-opens for another 60 s when the probe fails", () => {
    const probe = admitCall(opened(), OPENED_AT + 60_000, P);
    const failedAt = OPENED_AT + 62_000;
    const s = recordOutcome(probe.next, false, failedAt, P, probe.probe);
    expect(s).toMatchObject({ state: "open", openedAt: failedAt, probeInFlight: false });
    expect(admitCall(s, failedAt + 59_000, P)).toMatchObject({ allowed: false, retryAfterMs: 1_000 });
    expect(admitCall(s, failedAt + 60_000, P)).toMatchObject({ allowed: true, probe: true });
  });

  it("lets a new probe through when the last one never reported", () => {
    const probe = admitCall(opened(), OPENED_AT + 60_000, P);
    expect(admitCall(probe.next, OPENED_AT + 60_000 + 10 * MIN, P)).toMatchObject({ allowed: true, probe: true });
  });
});
