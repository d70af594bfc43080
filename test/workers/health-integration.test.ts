import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { PO_NUMBER } from "../../src/shared/schemas/purchase-order.schema";
import { api } from "../fixtures/api";

describe("GET /v1/health", () => {
  it("answers without a token, with each dependency's state", async () => {
    const res = await api("/v1/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-trace-id")).toMatch(/^[0-9a-f]{32}$/);
    const body = (await res.json()) as {
      status: string;
      dependencies: Record<string, { status: string; detail: string }>;
    };
    expect(body.status).toBe("ok");
    expect(body.dependencies.d1).toEqual({ status: "ok", detail: "reachable" });
    expect(body.dependencies.queues?.detail).toBe("bound: intake, fulfillment, exceptions, comms, orders-dlq");
    expect(body.dependencies.carrier).toMatchObject({ status: "ok", mode: "simulated" });
  });

  it("outside local development without a carrier API, says the carrier is simulated and logs it as an error", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // A fresh module: the warning is logged once per isolate, and earlier tests already made a request.
    vi.resetModules();
    const { default: fresh } = await import("../../src/workers/index");
    const ctx = createExecutionContext();
    const res = await fresh.fetch(
      new Request("http://orders.test/v1/health"),
      { ...env, DEPLOYMENT: "production", CARRIER_API_URL: "" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      dependencies: { carrier: { status: string; mode: string; detail: string } };
    };
    expect(body.status).toBe("degraded");
    expect(body.dependencies.carrier).toMatchObject({
      status: "degraded",
      mode: "simulated",
      detail: expect.stringContaining("CARRIER_API_URL"),
    });
    expect(errors.mock.calls.flat().join("\n")).toContain("carrier simulated outside local development");
    errors.mockRestore();
  });
});

describe("GET /v1/openapi.json", () => {
  it("documents the routes with request schemas taken from the validators", async () => {
    const res = await api("/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: { PurchaseOrder: { properties: Record<string, { pattern?: string }> } } };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/orders",
        "/v1/orders/{po}",
        "/v1/orders/edi",
        "/v1/orders/email",
        "/v1/orders/{po}/status-query",
        "/v1/orders/{po}/csat",
        "/v1/escalations",
        "/v1/escalations/{id}/decision",
        "/v1/webhooks/erp",
        "/v1/webhooks/carrier",
      ]),
    );
    expect(doc.components.schemas.PurchaseOrder.properties.po_number?.pattern).toBe(PO_NUMBER.source);
  });
});
