import { afterAll, describe, expect, it } from "vitest";
import { CARRIER_BREAKER } from "../../../src/shared/circuit-breaker";
import type { Metrics } from "../../../src/shared/schemas/metrics.schema";
import { LIVE_OPERATIONS_TTL_MS } from "../../../src/workers/routes/metrics.routes";
import { api, TOKENS } from "../../fixtures/api";
import { carrierBreaker, resetCarrier } from "../../fixtures/carrier";

const carrierState = async () => {
  const res = await api("/v1/metrics?window=1h", { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return ((await res.json()) as Metrics).operations.breakers.find((b) => b.name === "carrier-api")?.state;
};

describe("GET /v1/metrics: the objects' live figures", () => {
  afterAll(resetCarrier);

  it("are asked of the singletons at most once a second per isolate, and show a change within that second", async () => {
    await resetCarrier();
    await new Promise((r) => setTimeout(r, LIVE_OPERATIONS_TTL_MS));
    expect(await carrierState()).toBe("closed");
    for (let i = 0; i < CARRIER_BREAKER.failureThreshold; i++)
      await carrierBreaker().report(false, false, CARRIER_BREAKER);
    expect((await carrierBreaker().status()).state).toBe("open");
    // Reused within the second: a burst of dashboards costs the breaker nothing.
    expect(await carrierState()).toBe("closed");
    await new Promise((r) => setTimeout(r, LIVE_OPERATIONS_TTL_MS));
    expect(await carrierState()).toBe("open");
  });
});
