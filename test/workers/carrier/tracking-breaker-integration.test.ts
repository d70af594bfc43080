import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { CarrierUnavailableError, TrackingNotFoundError } from "../../../src/shared/carrier/carrier-client";
import { CARRIER_BREAKER } from "../../../src/shared/circuit-breaker";
import { trackShipment, type TrackingAnswer } from "../../../src/workers/carrier/tracking-service";
import { api, TOKENS } from "../../fixtures/api";
import {
  ACME_UPS,
  cacheRow,
  carrierBreaker,
  elapse,
  resetCarrier,
  simulator,
  staleCache,
  storedNotBefore,
} from "../../fixtures/carrier";

/** Asks the API for Acme's shipment as operations. */
async function track(tracking = ACME_UPS): Promise<TrackingAnswer> {
  const res = await api(`/v1/tracking/${tracking}`, { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return (await res.json()) as TrackingAnswer;
}

/** Makes the carrier fail `n` calls and calls it `n` times. */
async function failCalls(
  n: number,
  failure: { status?: 429 | 503; retryAfterSeconds?: number } = {},
): Promise<TrackingAnswer[]> {
  await simulator().failNext(n, failure);
  const answers: TrackingAnswer[] = [];
  for (let i = 0; i < n; i++) answers.push(await track());
  return answers;
}

beforeEach(resetCarrier);

describe("closed", () => {
  it("answers from the carrier and refreshes the polling cache", async () => {
    await staleCache(ACME_UPS);
    const before = Date.now();
    const a = await track();
    expect(a).toMatchObject({
      source: "carrier",
      fallback_reason: null,
      breaker: "closed",
      retry_after_ms: 0,
      tracking: ACME_UPS,
      carrier: "UPS",
      status: "in_transit",
      estimated_delivery: "2024-09-22",
    });
    expect(a.events.map((e) => e.status)).toEqual(["picked_up", "in_transit", "weather_delay"]);
    const row = await cacheRow(ACME_UPS);
    expect(row?.status).toBe("in_transit");
    expect(Date.parse(row!.refreshed_at)).toBeGreaterThanOrEqual(before - 1_000);
    expect(await simulator().callCount()).toBe(1);
  });

  it("answers a failed call from the cache, still closed after 4 failures", async () => {
    const answers = await failCalls(4);
    expect(answers.map((a) => [a.source, a.fallback_reason, a.breaker])).toEqual(
      Array(4).fill(["cache", "carrier_failed", "closed"]),
    );
    expect(answers[0]).toMatchObject({ tracking: ACME_UPS, carrier: "UPS", refreshed_at: expect.any(String) });
    const s = await carrierBreaker().status();
    expect(s.state).toBe("closed");
    expect(s.failures).toHaveLength(4);
    expect((await track()).source).toBe("carrier");
  });

  it("counts a number the carrier does not know as an answer, not a failure", async () => {
    await failCalls(4);
    await expect(trackShipment(env, "ZZ0000000000")).rejects.toBeInstanceOf(TrackingNotFoundError);
    expect(await carrierBreaker().status()).toMatchObject({ state: "closed", failures: [] });
  });
});

describe("open", () => {
  it("opens on the 5th failure within 10 minutes, then answers from the cache without calling the carrier", async () => {
    const answers = await failCalls(5);
    expect(answers[4]).toMatchObject({
      source: "cache",
      fallback_reason: "carrier_failed",
      breaker: "open",
      retry_after_ms: CARRIER_BREAKER.openMs,
    });
    const s = await carrierBreaker().status();
    expect(s.state).toBe("open");
    expect(s.failures).toHaveLength(5);
    expect(s.openedAt).toBeGreaterThan(Date.now() - 10_000);
    for (let i = 0; i < 3; i++) {
      const a = await track();
      expect(a).toMatchObject({
        source: "cache",
        fallback_reason: "breaker_refused",
        breaker: "open",
        status: "in_transit",
      });
      expect(a.retry_after_ms).toBeGreaterThan(0);
      expect(a.retry_after_ms).toBeLessThanOrEqual(60_000);
    }
    expect(await simulator().callCount()).toBe(5);
  });

  it("does not open for 5 failures spread over more than 10 minutes", async () => {
    await failCalls(4);
    await elapse(10 * 60_000 + 1_000);
    await failCalls(1);
    expect(await carrierBreaker().status()).toMatchObject({ state: "closed", failures: [expect.any(Number)] });
  });

  it("answers 503 with Retry-After for a number with nothing cached", async () => {
    await failCalls(5);
    await expect(trackShipment(env, "ZZ0000000000")).rejects.toBeInstanceOf(CarrierUnavailableError);
    const res = await api("/v1/tracking/ZZ0000000000", { token: TOKENS.ops });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const seconds = Number(res.headers.get("retry-after"));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(await res.json()).toMatchObject({ status: 503, type: "https://errors.edge-orders.dev/carrier-unavailable" });
    expect(await simulator().callCount()).toBe(5);
  });
});

describe("half-open", () => {
  it("lets exactly one of five concurrent callers probe after 60 s, and its success closes the breaker", async () => {
    await failCalls(5);
    await elapse(61_000);
    const answers = await Promise.all(Array.from({ length: 5 }, () => track()));
    expect(answers.filter((a) => a.source === "carrier")).toHaveLength(1);
    expect(answers.filter((a) => a.source === "cache" && a.fallback_reason === "breaker_refused")).toHaveLength(4);
    expect(await simulator().callCount()).toBe(6);
    expect(await carrierBreaker().status()).toMatchObject({ state: "closed", failures: [], probeInFlight: false });
    expect((await track()).source).toBe("carrier");
  });

  it("re-opens when the probe fails, for another 60 s", async () => {
    await failCalls(5);
    await elapse(61_000);
    await simulator().failNext(1);
    const answers = await Promise.all(Array.from({ length: 5 }, () => track()));
    expect(answers.filter((a) => a.fallback_reason === "carrier_failed")).toHaveLength(1);
    expect(answers.filter((a) => a.fallback_reason === "breaker_refused")).toHaveLength(4);
    expect(await simulator().callCount()).toBe(6);
    const s = await carrierBreaker().status();
    expect(s).toMatchObject({ state: "open", probeInFlight: false });
    expect(s.openedAt).toBeGreaterThan(Date.now() - 10_000);
    expect((await track()).fallback_reason).toBe("breaker_refused");
    expect(await simulator().callCount()).toBe(6);
  });

  it("gives exactly one probe to five concurrent acquirers of the object itself", async () => {
    await failCalls(5);
    await elapse(61_000);
    const gates = await Promise.all(Array.from({ length: 5 }, () => carrierBreaker().acquire(CARRIER_BREAKER)));
    expect(gates.filter((g) => g.allowed && g.probe)).toHaveLength(1);
    expect(gates.filter((g) => !g.allowed)).toHaveLength(4);
  });
});

describe("the carrier's Retry-After", () => {
  it("keeps calls off the carrier for 120 s though the breaker itself would not refuse", async () => {
    const [first] = await failCalls(1, { status: 429, retryAfterSeconds: 120 });
    expect(first).toMatchObject({
      source: "cache",
      fallback_reason: "carrier_failed",
      breaker: "closed",
      retry_after_ms: 120_000,
    });
    expect(await storedNotBefore()).toBeGreaterThan(Date.now() + 110_000);
    const held = await track();
    expect(held).toMatchObject({ source: "cache", fallback_reason: "breaker_refused", breaker: "closed" });
    expect(held.retry_after_ms).toBeGreaterThan(60_000);
    await elapse(61_000);
    const stillHeld = await track();
    expect(stillHeld.fallback_reason).toBe("breaker_refused");
    expect(stillHeld.retry_after_ms).toBeGreaterThan(50_000);
    expect(await simulator().callCount()).toBe(1);
    await elapse(60_000);
    expect((await track()).source).toBe("carrier");
    expect(await simulator().callCount()).toBe(2);
  });

  it("withholds the probe until 120 s though the breaker's own wait is 60 s", async () => {
    // A hold refuses every call after the one that set it, so the 5th failure brings the 429.
    await failCalls(4);
    await failCalls(1, { status: 429, retryAfterSeconds: 120 });
    expect((await carrierBreaker().status()).state).toBe("open");
    await elapse(61_000);
    const held = await track();
    expect(held).toMatchObject({ source: "cache", fallback_reason: "breaker_refused" });
    expect(held.retry_after_ms).toBeGreaterThan(50_000);
    expect((await carrierBreaker().status()).probeInFlight).toBe(false);
    expect(await simulator().callCount()).toBe(5);
    await elapse(60_000);
    expect((await track()).source).toBe("carrier");
    expect((await carrierBreaker().status()).state).toBe("closed");
  });

  it("is not cut short by a shorter Retry-After or by a success", async () => {
    await failCalls(1, { status: 503, retryAfterSeconds: 120 });
    const notBefore = await storedNotBefore();
    expect(notBefore).not.toBeNull();
    await carrierBreaker().report(false, false, CARRIER_BREAKER, 5_000);
    await carrierBreaker().report(true, false, CARRIER_BREAKER);
    expect(await storedNotBefore()).toBe(notBefore);
    expect((await track()).fallback_reason).toBe("breaker_refused");
  });
});
