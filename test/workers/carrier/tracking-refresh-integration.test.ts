import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { CarrierClient } from "../../../src/shared/carrier/carrier-client";
import { refreshTrackingCache } from "../../../src/workers/carrier/tracking-refresh";
import {
  ACME_UPS,
  BETA_FEDEX,
  cacheRow,
  carrierBreaker,
  elapse,
  resetCarrier,
  simulator,
  staleCache,
} from "../../fixtures/carrier";

const STALE = "2000-01-01T00:00:00.000Z";
/** Extra in-transit rows the simulator knows, so a batch is long enough to be cut short. */
const EXTRA = Array.from({ length: 8 }, (_, i) => `CRONTEST${String(i).padStart(4, "0")}`);

async function addStaleRows(): Promise<void> {
  await env.DB.batch(
    EXTRA.map((t) =>
      env.DB.prepare(
        "INSERT OR REPLACE INTO carrier_tracking (tracking, carrier, status, estimated_delivery, events, refreshed_at) VALUES (?, 'UPS', 'in_transit', NULL, '[]', ?)",
      ).bind(t, STALE),
    ),
  );
}

/** Tracking numbers of seed orders with no cached row (the simulator does not know them). */
let orderOnly: string[] = [];

/** The Worker's simulator, remembering which numbers it was asked for, in order. */
function recordingClient(): { client: CarrierClient; asked: string[] } {
  const sim = simulator();
  const asked: string[] = [];
  return {
    asked,
    client: {
      track: (t) => {
        asked.push(t);
        return sim.track(t);
      },
    },
  };
}

beforeEach(async () => {
  await resetCarrier();
  await env.DB.prepare(`DELETE FROM carrier_tracking WHERE tracking LIKE 'CRONTEST%'`).run();
  await staleCache(ACME_UPS, STALE, "stale_status");
  const rows = await env.DB.prepare(
    "SELECT tracking FROM shipment_index WHERE tracking NOT IN (SELECT tracking FROM carrier_tracking) ORDER BY tracking",
  ).all<{ tracking: string }>();
  orderOnly = rows.results.map((r) => r.tracking);
});

describe("refreshTrackingCache", () => {
  it("refreshes each cached shipment in transit, with refreshed_at = now, and leaves delivered ones alone", async () => {
    const fedexBefore = await cacheRow(BETA_FEDEX);
    const now = new Date();
    const { client, asked } = recordingClient();
    const summary = await refreshTrackingCache(env, now, { client });
    expect(summary).toMatchObject({
      candidates: orderOnly.length + 1,
      refreshed: 1,
      failed: 0,
      stopped: null,
      breaker: "closed",
    });
    expect(await cacheRow(ACME_UPS)).toEqual({ status: "in_transit", refreshed_at: now.toISOString() });
    expect(await cacheRow(BETA_FEDEX)).toEqual(fedexBefore);
    expect(asked).not.toContain(BETA_FEDEX);
    expect(asked).toContain(ACME_UPS);
  });

  it("also polls our orders' tracking numbers that were never cached, before the cached ones", async () => {
    expect(orderOnly.length).toBeGreaterThan(0);
    const { client, asked } = recordingClient();
    const summary = await refreshTrackingCache(env, new Date(), { client });
    // The simulator knows only the seed's cached numbers: an unknown one is an answer, not a failure.
    expect(summary).toMatchObject({ refreshed: 1, not_found: orderOnly.length, failed: 0 });
    expect(asked).toEqual([...orderOnly, ACME_UPS]);
  });

  it("stops the batch when the breaker opens, and skips it while the breaker stays open", async () => {
    await addStaleRows();
    await simulator().setFailureMode({ status: 503 });
    const summary = await refreshTrackingCache(env, new Date());
    expect(summary).toMatchObject({
      candidates: orderOnly.length + 9,
      refreshed: 0,
      failed: 5,
      stopped: "breaker_open",
      breaker: "open",
      retry_after_ms: 60_000,
    });
    expect(await simulator().callCount()).toBe(5);
    expect((await carrierBreaker().status()).state).toBe("open");

    const again = await refreshTrackingCache(env, new Date());
    expect(again).toMatchObject({ refreshed: 0, failed: 0, stopped: "breaker_open" });
    expect(await simulator().callCount()).toBe(5);
    expect((await cacheRow(ACME_UPS))?.refreshed_at).toBe(STALE);
  });

  it("resumes after 60 s through the probe", async () => {
    await addStaleRows();
    await env.DB.prepare(
      "UPDATE carrier_tracking SET refreshed_at = '2001-01-01T00:00:00.000Z' WHERE tracking LIKE 'CRONTEST%'",
    ).run();
    await simulator().failNext(5);
    await refreshTrackingCache(env, new Date());
    await elapse(61_000);
    const now = new Date();
    const summary = await refreshTrackingCache(env, now);
    // The probe (the first of the batch) closes the breaker; the rest follow.
    expect(summary).toMatchObject({
      candidates: orderOnly.length + 9,
      refreshed: 1,
      not_found: orderOnly.length + 8,
      stopped: null,
      breaker: "closed",
    });
    expect(await cacheRow(ACME_UPS)).toEqual({ status: "in_transit", refreshed_at: now.toISOString() });
  });

  it("stops for the carrier's Retry-After while the breaker stays closed", async () => {
    await addStaleRows();
    await simulator().failNext(1, { status: 429, retryAfterSeconds: 120 });
    const summary = await refreshTrackingCache(env, new Date());
    expect(summary).toMatchObject({ failed: 1, refreshed: 0, stopped: "carrier_retry_after", breaker: "closed" });
    expect(summary.retry_after_ms).toBeGreaterThan(110_000);
    expect(await simulator().callCount()).toBe(1);
  });
});

describe("the scheduled handler", () => {
  it("refreshes the polling cache on each cron run", async () => {
    const scheduledTime = Date.now();
    // The runtime's `scheduled()` on a service binding has no published types.
    const worker = exports.default as unknown as {
      scheduled(options: { scheduledTime: Date; cron: string }): Promise<{ outcome: string }>;
    };
    const result = await worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: "*/5 * * * *" });
    expect(result.outcome).toBe("ok");
    expect(await cacheRow(ACME_UPS)).toEqual({
      status: "in_transit",
      refreshed_at: new Date(scheduledTime).toISOString(),
    });
  });
});
