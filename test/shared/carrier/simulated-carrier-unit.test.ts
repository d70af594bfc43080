import { describe, expect, it } from "vitest";
import {
  CarrierUnavailableError,
  TrackingNotFoundError,
  type TrackingStatus,
} from "../../../src/shared/carrier/carrier-client";
import { createMemoryFaults, createSimulatedCarrierClient } from "../../../src/shared/carrier/simulated-carrier";

const UPS: TrackingStatus = {
  tracking: "1Z999AA10123456784",
  carrier: "UPS",
  status: "in_transit",
  estimated_delivery: "2024-09-22",
  events: [{ timestamp: "2024-09-18T08:00:00Z", location: "Chicago, IL", status: "picked_up" }],
};

/** Runs a call and says how it ended, without throwing. */
async function outcome(p: Promise<TrackingStatus>): Promise<string> {
  try {
    return `ok:${(await p).status}`;
  } catch (e) {
    if (e instanceof CarrierUnavailableError) return `unavailable:${e.status}:${e.retry_after_ms}`;
    if (e instanceof TrackingNotFoundError) return "not_found";
    throw e;
  }
}

describe("the simulated carrier", () => {
  it("answers the tracking of a record it holds", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    expect(await sim.track(UPS.tracking)).toEqual(UPS);
  });

  it("answers not found for a number it does not hold", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    await expect(sim.track("ZZ000000000")).rejects.toBeInstanceOf(TrackingNotFoundError);
  });

  it("answers a copy, so callers cannot change its records", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    const first = await sim.track(UPS.tracking);
    first.status = "delivered";
    first.events.push({ timestamp: "x", location: "y", status: "z" });
    expect(await sim.track(UPS.tracking)).toEqual(UPS);
  });

  it("answers records added later, replacing an older one", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    sim.add({ ...UPS, status: "out_for_delivery" });
    sim.add({ ...UPS, tracking: "NEW0001", carrier: "FedEx" });
    expect((await sim.track(UPS.tracking)).status).toBe("out_for_delivery");
    expect((await sim.track("NEW0001")).carrier).toBe("FedEx");
  });

  it("fails exactly the next n calls, as 503 without Retry-After by default", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    await sim.failNext(2);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await outcome(sim.track(UPS.tracking)));
    expect(results).toEqual(["unavailable:503:null", "unavailable:503:null", "ok:in_transit", "ok:in_transit"]);
  });

  it("fails as 429 with the Retry-After it was given", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    await sim.failNext(1, { status: 429, retryAfterSeconds: 120 });
    expect(await outcome(sim.track(UPS.tracking))).toBe("unavailable:429:120000");
  });

  it("fails an unknown number too while failing: the API is down, not the number missing", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    await sim.failNext(1);
    expect(await outcome(sim.track("ZZ000000000"))).toBe("unavailable:503:null");
  });

  it("fails every call in failure mode until it is cleared", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    await sim.setFailureMode({ status: 503, retryAfterSeconds: 30 });
    for (let i = 0; i < 7; i++) expect(await outcome(sim.track(UPS.tracking))).toBe("unavailable:503:30000");
    await sim.setFailureMode(null);
    expect(await outcome(sim.track(UPS.tracking))).toBe("ok:in_transit");
  });

  it("gives each of several concurrent calls its own injected failure", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    await sim.failNext(3);
    const results = await Promise.all(Array.from({ length: 5 }, () => outcome(sim.track(UPS.tracking))));
    expect(results.filter((r) => r.startsWith("unavailable"))).toHaveLength(3);
    expect(results.filter((r) => r === "ok:in_transit")).toHaveLength(2);
  });

  it("counts every call: answered, missing and failed", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    expect(await sim.callCount()).toBe(0);
    await sim.failNext(1);
    await outcome(sim.track(UPS.tracking));
    await outcome(sim.track(UPS.tracking));
    await outcome(sim.track("ZZ000000000"));
    expect(await sim.callCount()).toBe(3);
  });

  it("shares its plan and counter through the faults store it is given", async () => {
    const faults = createMemoryFaults();
    await createSimulatedCarrierClient([UPS], { faults }).failNext(1);
    const other = createSimulatedCarrierClient([UPS], { faults });
    expect(await outcome(other.track(UPS.tracking))).toBe("unavailable:503:null");
    expect(await faults.calls()).toBe(1);
    await faults.reset();
    expect(await faults.calls()).toBe(0);
    expect(await outcome(other.track(UPS.tracking))).toBe("ok:in_transit");
  });

  it("refuses a malformed plan", async () => {
    const sim = createSimulatedCarrierClient([UPS]);
    await expect(sim.failNext(-1)).rejects.toThrow();
    await expect(sim.failNext(1.5)).rejects.toThrow();
    await expect(sim.failNext(1, { retryAfterSeconds: -3 })).rejects.toThrow();
  });
});
