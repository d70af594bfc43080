import { beforeEach, describe, expect, it } from "vitest";
import type { TrackingAnswer } from "../../../src/workers/carrier/tracking-service";
import { api, TOKENS } from "../../fixtures/api";
import { ACME_UPS, resetCarrier, simulator, staleCache } from "../../fixtures/carrier";

const track = async (token: string): Promise<TrackingAnswer> => {
  const res = await api(`/v1/tracking/${ACME_UPS}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as TrackingAnswer;
};

beforeEach(async () => {
  await resetCarrier();
  await staleCache(ACME_UPS);
});

describe("customers' tracking lookups are cached per tracking number", () => {
  it("two lookups of one number make one carrier call; the second is the fresh cached answer", async () => {
    const first = await track(TOKENS.acme);
    expect(first).toMatchObject({ source: "carrier", status: "in_transit" });
    const second = await track(TOKENS.acme);
    expect(second).toMatchObject({
      source: "cache",
      fallback_reason: null,
      breaker: "closed",
      retry_after_ms: 0,
      status: "in_transit",
      refreshed_at: first.refreshed_at,
    });
    expect(await simulator().callCount()).toBe(1);
  });

  it("a failing carrier is not asked again by every lookup while a fresh answer stands", async () => {
    await track(TOKENS.acme);
    await simulator().failNext(5);
    for (let i = 0; i < 5; i++) expect((await track(TOKENS.acme)).source).toBe("cache");
    expect(await simulator().callCount()).toBe(1);
  });

  it("operations get the carrier's live answer", async () => {
    await track(TOKENS.acme);
    expect((await track(TOKENS.ops)).source).toBe("carrier");
    expect(await simulator().callCount()).toBe(2);
  });
});
