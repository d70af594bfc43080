import { describe, expect, it } from "vitest";
import {
  ADMISSION_LEASE_MS,
  decideAdmission,
  decideFailedStart,
  decideParkedAdmission,
  expiredLeases,
  MAX_FAILED_STARTS,
  MAX_IN_FLIGHT,
  MAX_WAITING,
  nextLeaseExpiry,
  RETRY_AFTER_SECONDS,
} from "../../src/shared/admission";
import { MAX_REDRIVES } from "../../src/durable-objects/order-redrive";
import { retryDelaySeconds } from "../../src/workers/agents/handoff.consumer";
import { STALL_AFTER_MS } from "../../src/workers/stalled-handoffs";

describe("decideAdmission", () => {
  it("uses DESIGN §10's limits: 50 in flight, 100 waiting", () => {
    expect(MAX_IN_FLIGHT).toBe(50);
    expect(MAX_WAITING).toBe(100);
    expect(RETRY_AFTER_SECONDS).toBeGreaterThan(0);
  });

  it("admits while fewer than 50 are in flight", () => {
    expect(decideAdmission(0, 0)).toEqual({ decision: "admitted" });
    expect(decideAdmission(49, 0)).toEqual({ decision: "admitted" });
  });

  it("admits at 49 in flight even with a full waiting line", () => {
    expect(decideAdmission(49, 100)).toEqual({ decision: "admitted" });
  });

  it("queues the 51st PO first in line", () => {
    expect(decideAdmission(50, 0)).toEqual({ decision: "waiting", position: 1 });
  });

  it("queues at 99 waiting as the 100th", () => {
    expect(decideAdmission(50, 99)).toEqual({ decision: "waiting", position: 100 });
  });

  it("refuses with Retry-After at 100 waiting", () => {
    expect(decideAdmission(50, 100)).toEqual({ decision: "rejected", retry_after_seconds: 30 });
    expect(decideAdmission(75, 250)).toEqual({ decision: "rejected", retry_after_seconds: 30 });
  });

  it("honours other limits", () => {
    const limits = { maxInFlight: 2, maxWaiting: 1 };
    expect(decideAdmission(1, 0, limits)).toEqual({ decision: "admitted" });
    expect(decideAdmission(2, 0, limits)).toEqual({ decision: "waiting", position: 1 });
    expect(decideAdmission(2, 1, limits)).toEqual({ decision: "rejected", retry_after_seconds: 30 });
  });
});

describe("decideParkedAdmission (EDI sets accepted at the envelope)", () => {
  it("decides as decideAdmission while there is room", () => {
    expect(decideParkedAdmission(10, 0)).toEqual({ decision: "admitted" });
    expect(decideParkedAdmission(50, 99)).toEqual({ decision: "waiting", position: 100 });
  });

  it("puts the PO in the waiting line where a portal PO would be refused", () => {
    expect(decideAdmission(50, 100).decision).toBe("rejected");
    expect(decideParkedAdmission(50, 100)).toEqual({ decision: "waiting", position: 101 });
    expect(decideParkedAdmission(50, 250)).toEqual({ decision: "waiting", position: 251 });
  });
});

describe("pipeline slot leases", () => {
  const T0 = Date.parse("2026-12-01T10:00:00Z");
  const slots = [
    { po_number: "PO-A", admitted_at: T0 },
    { po_number: "PO-B", admitted_at: T0 + 60_000 },
  ];

  it("outlasts an order that is still being retried and redriven, so a live order keeps its place", () => {
    // Queue retries back off 2, 4, 8, 16, 32 s; then the 5-minute sweep redrives a handoff stalled 10 minutes, three times.
    const retries = [1, 2, 3, 4, 5].reduce((ms, attempt) => ms + retryDelaySeconds(attempt) * 1000, 0);
    const redrives = STALL_AFTER_MS + MAX_REDRIVES * (5 * 60_000 + retries);
    expect(ADMISSION_LEASE_MS).toBeGreaterThan(retries + redrives);
    expect(ADMISSION_LEASE_MS).toBeLessThanOrEqual(60 * 60_000);
  });

  it("frees a slot exactly when its lease runs out, and no other", () => {
    expect(expiredLeases(slots, T0 + ADMISSION_LEASE_MS - 1)).toEqual([]);
    expect(expiredLeases(slots, T0 + ADMISSION_LEASE_MS)).toEqual([slots[0]]);
    expect(expiredLeases(slots, T0 + ADMISSION_LEASE_MS + 60_000)).toEqual(slots);
  });

  it("sets the sweep's alarm at the first lease to run out, and none when no slot is held", () => {
    expect(nextLeaseExpiry(slots)).toBe(T0 + ADMISSION_LEASE_MS);
    expect(nextLeaseExpiry([slots[1]!])).toBe(T0 + 60_000 + ADMISSION_LEASE_MS);
    expect(nextLeaseExpiry([])).toBeNull();
    expect(nextLeaseExpiry(slots, 1_000)).toBe(T0 + 1_000);
  });
});

describe("decideFailedStart (a waiting PO whose OrderObject threw on start)", () => {
  it("puts it back in line, counting the failure, while under the bound", () => {
    expect(decideFailedStart(0)).toEqual({ action: "retry", failed_starts: 1 });
    expect(decideFailedStart(MAX_FAILED_STARTS - 2)).toEqual({ action: "retry", failed_starts: MAX_FAILED_STARTS - 1 });
  });

  it("drops it from the line at the bound-th failure, and past it", () => {
    expect(MAX_FAILED_STARTS).toBeGreaterThan(1);
    expect(decideFailedStart(MAX_FAILED_STARTS - 1)).toEqual({ action: "drop", failed_starts: MAX_FAILED_STARTS });
    expect(decideFailedStart(MAX_FAILED_STARTS + 3)).toEqual({ action: "drop", failed_starts: MAX_FAILED_STARTS + 4 });
  });

  it("honours another bound", () => {
    expect(decideFailedStart(0, 1)).toEqual({ action: "drop", failed_starts: 1 });
    expect(decideFailedStart(1, 3)).toEqual({ action: "retry", failed_starts: 2 });
  });
});
