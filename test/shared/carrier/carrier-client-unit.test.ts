import { describe, expect, it } from "vitest";
import {
  CarrierUnavailableError,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  TRACKING_NUMBER,
  TrackingNotFoundError,
  TrackingStatus,
} from "../../../src/shared/carrier/carrier-client";

const NOW = Date.parse("2026-11-20T10:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
  });

  it("reads an HTTP-date relative to now", () => {
    expect(parseRetryAfter("Fri, 20 Nov 2026 10:01:30 GMT", NOW)).toBe(90_000);
  });

  it("answers 0 for an HTTP-date already past", () => {
    expect(parseRetryAfter("Fri, 20 Nov 2026 09:00:00 GMT", NOW)).toBe(0);
  });

  it("answers null when absent or unreadable", () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter("", NOW)).toBeNull();
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter("-5", NOW)).toBeNull();
    expect(parseRetryAfter("1.5", NOW)).toBeNull();
    // Date.parse would take this; an HTTP-date it is not.
    expect(parseRetryAfter("2026-11-20T10:05:00Z", NOW)).toBeNull();
  });

  it("caps a wait longer than an hour", () => {
    expect(parseRetryAfter("86400", NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(3_600_000);
  });
});

describe("TrackingStatus", () => {
  const valid = {
    tracking: "1Z999AA10123456784",
    carrier: "UPS",
    status: "in_transit",
    estimated_delivery: null,
    events: [{ timestamp: "2024-09-18T08:00:00Z", location: "Chicago, IL", status: "picked_up" }],
  };

  it("accepts a carrier's answer, with statuses of the carrier's own", () => {
    expect(TrackingStatus.parse({ ...valid, status: "held_at_customs" }).status).toBe("held_at_customs");
  });

  it("refuses an answer without events or with an empty status", () => {
    expect(TrackingStatus.safeParse({ ...valid, events: undefined }).success).toBe(false);
    expect(TrackingStatus.safeParse({ ...valid, status: "" }).success).toBe(false);
  });
});

describe("TRACKING_NUMBER", () => {
  it("takes carrier tracking numbers and refuses path tricks", () => {
    expect(TRACKING_NUMBER.test("1Z999AA10123456784")).toBe(true);
    expect(TRACKING_NUMBER.test("794644790132")).toBe(true);
    expect(TRACKING_NUMBER.test("../etc")).toBe(false);
    expect(TRACKING_NUMBER.test("a b c d")).toBe(false);
    expect(TRACKING_NUMBER.test("X".repeat(41))).toBe(false);
  });
});

describe("errors", () => {
  it("carry what the breaker and the caller need", () => {
    const e = new CarrierUnavailableError("down", 429, 5_000);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: "CarrierUnavailableError", status: 429, retry_after_ms: 5_000 });
    expect(new CarrierUnavailableError("unreachable")).toMatchObject({ status: null, retry_after_ms: null });
    expect(new TrackingNotFoundError("X123")).toMatchObject({ name: "TrackingNotFoundError", tracking: "X123" });
  });
});
