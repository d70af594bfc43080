import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { TrackingAnswer } from "../../../src/workers/carrier/tracking-service";
import { api, TOKENS } from "../../fixtures/api";
import { ACME_UPS, BETA_FEDEX, resetCarrier, simulator, staleCache } from "../../fixtures/carrier";

beforeEach(resetCarrier);

describe("GET /v1/tracking/:tracking", () => {
  it("the seed orders' tracking numbers are indexed to their customers", async () => {
    const rows = await env.DB.prepare(
      "SELECT s.tracking, o.customer_id FROM shipment_index s JOIN order_index o ON o.po_number = s.po_number WHERE s.tracking IN (?, ?) ORDER BY s.tracking",
    )
      .bind(ACME_UPS, BETA_FEDEX)
      .all<{ tracking: string; customer_id: string }>();
    expect(rows.results).toEqual([
      { tracking: ACME_UPS, customer_id: "CUST-001" },
      { tracking: BETA_FEDEX, customer_id: "CUST-002" },
    ]);
  });

  it("answers a customer the tracking of its own order", async () => {
    // The seed stamps its cached rows as just refreshed, and a fresh row would answer a customer.
    await staleCache(ACME_UPS);
    await staleCache(BETA_FEDEX);
    const res = await api(`/v1/tracking/${ACME_UPS}`, { token: TOKENS.acme });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-trace-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(await res.json()).toMatchObject({
      source: "carrier",
      tracking: ACME_UPS,
      carrier: "UPS",
      status: "in_transit",
    } satisfies Partial<TrackingAnswer>);
    const beta = await api(`/v1/tracking/${BETA_FEDEX}`, { token: TOKENS.beta });
    expect(beta.status).toBe(200);
    expect(((await beta.json()) as TrackingAnswer).status).toBe("delivered");
  });

  it("answers 404 for another customer's tracking, without calling the carrier", async () => {
    const res = await api(`/v1/tracking/${ACME_UPS}`, { token: TOKENS.beta });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const unknown = await api("/v1/tracking/ZZ0000000000", { token: TOKENS.acme });
    expect(unknown.status).toBe(404);
    expect(await simulator().callCount()).toBe(0);
  });

  it("answers operations any tracking number", async () => {
    for (const tracking of [ACME_UPS, BETA_FEDEX]) {
      const res = await api(`/v1/tracking/${tracking}`, { token: TOKENS.ops });
      expect(res.status).toBe(200);
      expect(((await res.json()) as TrackingAnswer).tracking).toBe(tracking);
    }
  });

  it("answers 404 when the carrier knows no such shipment", async () => {
    const res = await api("/v1/tracking/ZZ0000000000", { token: TOKENS.ops });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      status: 404,
      detail: expect.stringContaining("carrier knows no shipment"),
    });
    expect(await simulator().callCount()).toBe(1);
  });

  it("answers 404 for something that is not a tracking number, without calling the carrier", async () => {
    for (const bad of ["x", "%2E%2E%2Fadmin", "A".repeat(41)]) {
      expect((await api(`/v1/tracking/${bad}`, { token: TOKENS.ops })).status).toBe(404);
    }
    expect(await simulator().callCount()).toBe(0);
  });

  it("answers 401 without a token", async () => {
    const res = await api(`/v1/tracking/${ACME_UPS}`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });
});
