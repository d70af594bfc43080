import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { CarrierUnavailableError } from "../../../src/shared/carrier/carrier-client";
import { carrierClientFor } from "../../../src/workers/carrier/carrier-factory";
import { createD1SimulatorFaults, SIM_FAIL_KEY } from "../../../src/workers/carrier/simulator-faults";
import { ACME_UPS, simulator } from "../../fixtures/carrier";

/** How a call ended: "ok", or the failure's status and wait. */
const ended = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof CarrierUnavailableError ? `${e.status}:${e.retry_after_ms}` : `other:${String(e)}`),
  );

beforeEach(() => createD1SimulatorFaults(env.DB).reset());

describe("the simulator's failure plan in D1", () => {
  it("is the Worker's carrier when no carrier API is configured", async () => {
    await simulator().failNext(1, { status: 429, retryAfterSeconds: 7 });
    // A client built separately, as the next request would build it, sees the plan.
    expect(await ended(carrierClientFor(env).track(ACME_UPS))).toBe("429:7000");
    expect(await ended(carrierClientFor(env).track(ACME_UPS))).toBe("ok");
  });

  it("gives each of several concurrent calls its own injected failure", async () => {
    await simulator().failNext(3);
    const results = await Promise.all(Array.from({ length: 5 }, () => ended(simulator().track(ACME_UPS))));
    expect(results.filter((r) => r === "503:null")).toHaveLength(3);
    expect(results.filter((r) => r === "ok")).toHaveLength(2);
    expect(await simulator().callCount()).toBe(5);
  });

  it("fails every call in failure mode until it is cleared", async () => {
    await simulator().setFailureMode({ status: 503, retryAfterSeconds: 30 });
    for (let i = 0; i < 3; i++) expect(await ended(simulator().track(ACME_UPS))).toBe("503:30000");
    await simulator().setFailureMode(null);
    expect(await ended(simulator().track(ACME_UPS))).toBe("ok");
    expect(await simulator().callCount()).toBe(4);
  });

  it("fails as a plain 503 on a hand-written plan it cannot read", async () => {
    await env.DB.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
      .bind(SIM_FAIL_KEY, JSON.stringify({ remaining: 1, status: 418 }))
      .run();
    expect(await ended(simulator().track(ACME_UPS))).toBe("503:null");
    expect(await ended(simulator().track(ACME_UPS))).toBe("ok");
  });

  it("resets to no plan and no calls", async () => {
    await simulator().failNext(2);
    await ended(simulator().track(ACME_UPS));
    await createD1SimulatorFaults(env.DB).reset();
    expect(await simulator().callCount()).toBe(0);
    expect(await ended(simulator().track(ACME_UPS))).toBe("ok");
  });
});
