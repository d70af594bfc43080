import { describe, expect, it } from "vitest";
import { isFreshTracking, TRACKING_FRESH_MS, type CachedTracking } from "../../../src/shared/carrier/tracking-cache";

const cached = (refreshed_at: string): CachedTracking => ({
  tracking: "1Z999AA10123456784",
  carrier: "UPS",
  status: "in_transit",
  estimated_delivery: null,
  events: [],
  refreshed_at,
});

describe("isFreshTracking", () => {
  const now = new Date("2026-12-01T12:00:00.000Z");
  it("is fresh for less than the TTL after the carrier answered, stale from then on", () => {
    expect(isFreshTracking(cached("2026-12-01T11:59:30.000Z"), now, TRACKING_FRESH_MS)).toBe(true);
    expect(
      isFreshTracking(cached(new Date(now.getTime() - TRACKING_FRESH_MS).toISOString()), now, TRACKING_FRESH_MS),
    ).toBe(false);
  });

  it("does not trust a refresh stamped in the future", () => {
    expect(isFreshTracking(cached("2026-12-01T12:00:05.000Z"), now, TRACKING_FRESH_MS)).toBe(false);
  });
});
