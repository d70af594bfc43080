import { describe, expect, it } from "vitest";
import { hourBuckets, windowBounds } from "../../../src/shared/metrics/window";

const NOW = new Date("2026-12-01T18:30:00.000Z");

describe("the window", () => {
  it("ends now and starts the window's length before", () => {
    expect(windowBounds("1h", NOW)).toMatchObject({ from: "2026-12-01T17:30:00.000Z", to: "2026-12-01T18:30:00.000Z" });
    expect(windowBounds("7d", NOW).from).toBe("2026-11-24T18:30:00.000Z");
    expect(windowBounds("30d", NOW).from).toBe("2026-11-01T18:30:00.000Z");
  });
});

describe("orders per hour", () => {
  it("has a zero bucket for every hour the window touches, from the hour holding its start", () => {
    const buckets = hourBuckets(windowBounds("1h", NOW), []);
    expect(buckets).toEqual([
      { hour: "2026-12-01T17:00:00Z", received: 0, by_channel: { portal: 0, edi: 0, email: 0 } },
      { hour: "2026-12-01T18:00:00Z", received: 0, by_channel: { portal: 0, edi: 0, email: 0 } },
    ]);
    expect(hourBuckets(windowBounds("24h", NOW), [])).toHaveLength(25);
    expect(hourBuckets(windowBounds("30d", NOW), [])).toHaveLength(721);
  });

  it("adds each channel's count to its hour, and drops counts outside the window's hours", () => {
    const buckets = hourBuckets(windowBounds("1h", NOW), [
      { hour: "2026-12-01T16", channel: "portal", received: 9 },
      { hour: "2026-12-01T17", channel: "portal", received: 2 },
      { hour: "2026-12-01T17", channel: "email", received: 1 },
      { hour: "2026-12-01T18", channel: "edi", received: 3 },
      { hour: "2026-12-01T19", channel: "edi", received: 7 },
    ]);
    expect(buckets).toEqual([
      { hour: "2026-12-01T17:00:00Z", received: 3, by_channel: { portal: 2, edi: 0, email: 1 } },
      { hour: "2026-12-01T18:00:00Z", received: 3, by_channel: { portal: 0, edi: 3, email: 0 } },
    ]);
  });

  it("starts at the window's own hour when it begins on the hour", () => {
    const buckets = hourBuckets(windowBounds("1h", new Date("2026-12-01T18:00:00.000Z")), []);
    expect(buckets.map((b) => b.hour)).toEqual(["2026-12-01T17:00:00Z", "2026-12-01T18:00:00Z"]);
  });
});
