import { describe, expect, it } from "vitest";
import {
  admitCall,
  admitCallNotBefore,
  CARRIER_BREAKER,
  closedBreaker,
  extendNotBefore,
  recordOutcome,
  type BreakerState,
} from "../../../src/shared/circuit-breaker";

const P = CARRIER_BREAKER;
const T0 = 1_700_000_000_000;

/** A breaker opened at T0 by 5 failures a second apart. */
const opened = (): BreakerState =>
  [4, 3, 2, 1, 0].reduce((s, k) => recordOutcome(s, false, T0 - k * 1_000, P), closedBreaker());

describe("admitCallNotBefore (the carrier's Retry-After)", () => {
  it("is admitCall when no hold is set or it has passed", () => {
    expect(admitCallNotBefore(closedBreaker(), null, T0, P)).toEqual(admitCall(closedBreaker(), T0, P));
    expect(admitCallNotBefore(closedBreaker(), T0, T0, P)).toMatchObject({ allowed: true, probe: false });
    expect(admitCallNotBefore(opened(), T0 + 120_000, T0 + 120_000, P)).toMatchObject({ allowed: true, probe: true });
  });

  it("refuses a closed breaker's call while the hold runs, with the time left", () => {
    const s = closedBreaker();
    expect(admitCallNotBefore(s, T0 + 120_000, T0, P)).toEqual({
      allowed: false,
      probe: false,
      retryAfterMs: 120_000,
      next: s,
    });
    expect(admitCallNotBefore(s, T0 + 120_000, T0 + 119_999, P)).toMatchObject({ allowed: false, retryAfterMs: 1 });
  });

  it("withholds the probe past the breaker's 60 s while a 120 s hold runs", () => {
    const s = opened();
    expect(admitCall(s, T0 + 61_000, P).probe).toBe(true);
    const held = admitCallNotBefore(s, T0 + 120_000, T0 + 61_000, P);
    expect(held).toMatchObject({ allowed: false, probe: false, retryAfterMs: 59_000 });
    // Refusing commits nothing: no probe is marked in flight.
    expect(held.next).toBe(s);
  });

  it("answers the breaker's longer wait when the hold is shorter", () => {
    expect(admitCallNotBefore(opened(), T0 + 10_000, T0 + 1_000, P)).toMatchObject({
      allowed: false,
      retryAfterMs: 59_000,
    });
  });
});

describe("extendNotBefore", () => {
  it("holds from now for the Retry-After", () => {
    expect(extendNotBefore(null, T0, 120_000)).toBe(T0 + 120_000);
  });

  it("never shortens a longer hold", () => {
    expect(extendNotBefore(T0 + 120_000, T0 + 1_000, 5_000)).toBe(T0 + 120_000);
    expect(extendNotBefore(T0 + 120_000, T0 + 1_000, 300_000)).toBe(T0 + 301_000);
  });

  it("keeps a running hold and drops a passed one when no Retry-After came", () => {
    expect(extendNotBefore(T0 + 5_000, T0, 0)).toBe(T0 + 5_000);
    expect(extendNotBefore(T0 - 1, T0, 0)).toBeNull();
    expect(extendNotBefore(null, T0, 0)).toBeNull();
  });
});
