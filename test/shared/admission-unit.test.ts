import { describe, expect, it } from "vitest";
import { decideAdmission, decideParkedAdmission, MAX_IN_FLIGHT, MAX_WAITING, RETRY_AFTER_SECONDS } from "../../src/shared/admission";

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

