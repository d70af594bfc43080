import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { api, placeSettled, TOKENS, waitForSettled } from "../fixtures/api";
import { resetStock } from "../fixtures/stock";
import { sendWebhook } from "../fixtures/webhooks";

beforeEach(resetStock);

const tracking = () => `1Z${Math.random().toString(36).slice(2, 12).toUpperCase()}`;

const placed = (): Promise<OrderView> => placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 20 }], "2026-11-16");

async function eventTypes(po: string) {
  const res = await api(`/v1/orders/${po}/events`, { token: TOKENS.ops });
  return ((await res.json()) as { events: { type: string; data: Record<string, unknown> }[] }).events;
}

describe("dates as ERPs and carriers send them (DESIGN §5.3)", () => {
  it("an ERP's shipped_at of a date alone ships the order, read as 00:00 UTC", async () => {
    const view = await placed();
    const res = await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2026-11-20",
      data: { carrier: "UPS", tracking: tracking(), shipped_at: "2026-11-20" },
    });
    expect(res.status).toBe(202);
    const after = await waitForSettled(view.po_number);
    expect(after.status).toBe("shipped");
    const dispatched = (await eventTypes(view.po_number)).find((e) => e.type === "shipment.dispatched");
    expect(dispatched?.data.shipped_at).toBe("2026-11-20T00:00:00.000Z");
  });

  it("a date-time with an offset or none is accepted from a carrier", async () => {
    const view = await placed();
    const t = tracking();
    await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2026-11-20T09:00:00-05:00",
      data: { carrier: "UPS", tracking: t, shipped_at: "2026-11-20T09:00:00" },
    });
    const res = await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "in_transit",
      location: "Memphis, TN",
      occurred_at: "2026-11-21T06:00:00+02:00",
      estimated_delivery: "2026-11-24",
    });
    expect(res.status).toBe(202);
    expect((await waitForSettled(view.po_number)).shipments[0]).toMatchObject({
      eta: "2026-11-24",
      carrier_status: "in_transit",
    });
  });

  it("anything else is a 422 naming the field", async () => {
    const view = await placed();
    const res = await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2026-11-20",
      data: { carrier: "UPS", tracking: tracking(), shipped_at: "11/20/2026" },
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(["data.shipped_at"]);
  });
});

describe("late and out-of-order events are recorded and do not undo newer state", () => {
  it("a carrier delay stamped before the delivery leaves the order delivered", async () => {
    const view = await placed();
    const t = tracking();
    await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2026-11-20T10:00:00Z",
      data: { carrier: "UPS", tracking: t, shipped_at: "2026-11-20T10:00:00Z" },
    });
    const delivered = await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "delivered",
      location: "Detroit, MI",
      occurred_at: "2026-11-23T14:00:00Z",
    });
    expect(delivered.status).toBe(202);
    expect((await waitForSettled(view.po_number)).status).toBe("delivered");

    const late = await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "weather_delay",
      location: "Memphis, TN",
      occurred_at: "2026-11-22T06:00:00-06:00",
      estimated_delivery: "2026-11-28",
    });
    expect(late.status).toBe(200);
    expect(await late.json()).toMatchObject({ status: "stale", order_status: "delivered" });
    const after = await waitForSettled(view.po_number);
    expect(after.status).toBe("delivered");
    expect(after.exceptions).toEqual([]);
    expect(after.shipments[0]).toMatchObject({
      status: "delivered",
      eta: expect.not.stringMatching("2026-11-28"),
      carrier_status: "delivered",
    });
    expect((await eventTypes(view.po_number)).at(-1)).toMatchObject({
      type: "external.stale",
      data: {
        source: "carrier",
        event_type: "carrier.weather_delay",
        occurred_at: "2026-11-22T12:00:00.000Z",
        known_at: "2026-11-23T14:00:00Z",
      },
    });
  });

  it("a tracking event older than the last one does not move the shipment back", async () => {
    const view = await placed();
    const t = tracking();
    await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2026-11-20T10:00:00Z",
      data: { carrier: "UPS", tracking: t, shipped_at: "2026-11-20T10:00:00Z" },
    });
    await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "out_for_delivery",
      location: "Detroit, MI",
      occurred_at: "2026-11-23T08:00:00Z",
    });
    const late = await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "in_transit",
      location: "Chicago, IL",
      occurred_at: "2026-11-22T08:00:00Z",
    });
    expect(late.status).toBe(200);
    expect((await waitForSettled(view.po_number)).shipments[0]).toMatchObject({
      carrier_status: "out_for_delivery",
      location: "Detroit, MI",
    });
  });

  it("a stock level older than the last one is audited as stale and does not overwrite it", async () => {
    const newer = await sendWebhook("erp", {
      type: "inventory.updated",
      occurred_at: "2026-11-20T12:00:00Z",
      data: { sku: "SKU-7211", warehouse: "Detroit, MI", on_hand: 700 },
    });
    expect(newer.status).toBe(202);
    const older = await sendWebhook("erp", {
      type: "inventory.updated",
      occurred_at: "2026-11-20",
      data: { sku: "SKU-7211", warehouse: "Detroit, MI", on_hand: 5 },
    });
    expect(older.status).toBe(200);
    expect(await older.json()).toMatchObject({
      status: "stale",
      known_at: "2026-11-20T12:00:00Z",
      occurred_at: "2026-11-20T00:00:00.000Z",
    });
    const row = await env.DB.prepare(
      "SELECT on_hand, level_at FROM inventory WHERE sku = 'SKU-7211' AND warehouse = 'Detroit, MI'",
    ).first();
    expect(row).toEqual({ on_hand: 700, level_at: "2026-11-20T12:00:00Z" });
    const audit = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE kind = 'inventory.stale' AND detail LIKE '%SKU-7211%'",
    ).first<{ n: number }>();
    expect(audit?.n).toBe(1);

    const later = await sendWebhook("erp", {
      type: "inventory.updated",
      occurred_at: "2026-11-21T00:00:00+01:00",
      data: { sku: "SKU-7211", warehouse: "Detroit, MI", on_hand: 650 },
    });
    expect(later.status).toBe(202);
    expect(
      await env.DB.prepare(
        "SELECT on_hand FROM inventory WHERE sku = 'SKU-7211' AND warehouse = 'Detroit, MI'",
      ).first(),
    ).toEqual({ on_hand: 650 });
  });
});
