import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { api, freshPo, placeSettled, TOKENS, waitForSettled } from "../fixtures/api";
import { resetStock } from "../fixtures/stock";
import { sendWebhook } from "../fixtures/webhooks";

beforeEach(resetStock);

async function shipped(
  customerId: string,
  lines: { sku: string; qty: number }[],
  orderDate: string,
  tracking: string,
): Promise<OrderView> {
  const view = await placeSettled(customerId, lines, orderDate);
  const res = await sendWebhook("erp", {
    type: "shipment.dispatched",
    po_number: view.po_number,
    occurred_at: `${orderDate}T15:00:00Z`,
    data: { carrier: "UPS", tracking, shipped_at: `${orderDate}T15:00:00Z` },
  });
  expect(res.status).toBe(202);
  return waitForSettled(view.po_number);
}

const tracking = () => `1Z${Math.random().toString(36).slice(2, 12).toUpperCase()}`;

describe("carrier events", () => {
  it("a weather delay at Memphis that breaks Acme's SLA is resolved citing Acme's precedent and OR-001, due within 2 hours", async () => {
    // Acme, 14-day window: ordered 2024-03-10, due by 2024-03-24; the carrier now says 2024-03-26.
    const t = tracking();
    const view = await shipped("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-03-10", t);
    expect(view.status).toBe("shipped");
    expect(view.shipments[0]).toMatchObject({ tracking: t, status: "shipped", carrier: "UPS" });

    const res = await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "weather_delay",
      location: "Memphis, TN",
      occurred_at: "2024-03-13T06:00:00Z",
      estimated_delivery: "2024-03-26",
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "applied", po_number: view.po_number, order_status: "exception" });

    const after = await waitForSettled(view.po_number);
    expect(after.exceptions).toEqual([
      expect.objectContaining({ type: "carrier_delay", status: "resolved", detected_at: "2024-03-13T06:00:00Z" }),
    ]);
    expect(after.resolutions[0]).toMatchObject({
      resolution_type: "notify_with_discount",
      discount_pct: 5,
      escalated: false,
      precedent_episode_ids: ["OE-2024-04521"],
      rule_ids: ["OR-001"],
    });
    const notice = after.notifications.find((n) => n.milestone === `resolution:${after.exceptions[0]?.exception_id}`);
    expect(notice?.due_by).toBe("2024-03-13T08:00:00.000Z");
    expect(after.status).toBe("shipped");
    expect(after.shipments[0]).toMatchObject({
      eta: "2024-03-26",
      carrier_status: "weather_delay",
      location: "Memphis, TN",
    });
  });

  it("the same delay for Beta cites OR-001 and none of Acme's episodes", async () => {
    // Beta, 21-day window: ordered 2024-03-10, due by 2024-03-31; the carrier now says 2024-04-05.
    const t = tracking();
    const view = await shipped("CUST-002", [{ sku: "SKU-7210", qty: 100 }], "2024-03-10", t);
    await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "weather_delay",
      location: "Memphis, TN",
      occurred_at: "2024-03-20T06:00:00Z",
      estimated_delivery: "2024-04-05",
    });
    const after = await waitForSettled(view.po_number);
    const r = after.resolutions[0]!;
    expect(r).toMatchObject({ resolution_type: "notify_with_discount", discount_pct: 5, rule_ids: ["OR-001"] });
    for (const id of r.precedent_episode_ids) expect(["OE-2024-04521", "OE-2024-04533"]).not.toContain(id);
    expect(r.precedent_episode_ids).toEqual([]);
  });

  it("a delay that still meets the SLA is a notification, citing the customer's own precedent", async () => {
    const t = tracking();
    const view = await shipped("CUST-002", [{ sku: "SKU-7210", qty: 100 }], "2024-03-10", t);
    await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "delay",
      location: "Memphis, TN",
      occurred_at: "2024-03-14T06:00:00Z",
      estimated_delivery: "2024-03-18",
    });
    const after = await waitForSettled(view.po_number);
    expect(after.resolutions[0]).toMatchObject({
      resolution_type: "notify",
      precedent_episode_ids: ["OE-2024-04601"],
      rule_ids: ["OR-001"],
    });
  });

  it("delivery of the only shipment delivers the order", async () => {
    const t = tracking();
    const view = await shipped("CUST-001", [{ sku: "SKU-9010", qty: 5 }], "2024-06-03", t);
    const res = await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "delivered",
      location: "Detroit, MI",
      occurred_at: "2024-06-06T14:00:00Z",
    });
    expect(res.status).toBe(202);
    const after = await waitForSettled(view.po_number);
    expect(after.status).toBe("delivered");
    expect(after.shipments[0]?.status).toBe("delivered");
    expect(after.notifications.map((n) => n.milestone)).toContain("order_delivered");
  });

  it("an unknown tracking number is stored and answered 404", async () => {
    const t = tracking();
    const res = await sendWebhook("carrier", {
      tracking: t,
      carrier: "UPS",
      status: "in_transit",
      location: "Chicago, IL",
      occurred_at: "2024-06-06T14:00:00Z",
    });
    expect(res.status).toBe(404);
    const row = await env.DB.prepare("SELECT detail FROM audit_log WHERE kind = 'webhook.unmatched' AND detail LIKE ?")
      .bind(`%${t}%`)
      .first<{ detail: string }>();
    expect(JSON.parse(row!.detail)).toMatchObject({ source: "carrier", event: { tracking: t, status: "in_transit" } });
  });
});

describe("ERP events", () => {
  it("a quality hold puts the order on hold with an escalated replacement", async () => {
    const view = await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 20 }], "2024-10-10");
    const res = await sendWebhook("erp", {
      type: "quality.hold",
      po_number: view.po_number,
      occurred_at: "2024-10-11T10:00:00Z",
      data: { sku: "SKU-9010", lot: "2024-10-08-A", reason: "vibration test failure" },
    });
    expect(res.status).toBe(202);
    const after = await waitForSettled(view.po_number);
    expect(after.status).toBe("quality-hold");
    // 300 on hand, 20 held by this order: 280 free outside the lot.
    expect(after.resolutions[0]).toMatchObject({ resolution_type: "replacement_shipment", escalated: true });
    expect(after.escalations.map((e) => e.exception_id)).toEqual([after.exceptions[0]?.exception_id]);
  });

  it("an invoice above contract opens a pricing discrepancy resolved by a credit memo", async () => {
    const view = await placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 200 }], "2024-10-02");
    // Beta's 100+ tier is $58; invoiced at the $62.50 list price: 200 x 4.50 = $900.
    const res = await sendWebhook("erp", {
      type: "invoice.issued",
      po_number: view.po_number,
      occurred_at: "2024-10-09T10:00:00Z",
      data: { invoice_id: "INV-9001", lines: [{ sku: "SKU-7210", qty: 200, unit_price: 62.5 }] },
    });
    expect(res.status).toBe(202);
    const after = await waitForSettled(view.po_number);
    const ex = after.exceptions.find((x) => x.details.source === "invoice");
    expect(ex).toMatchObject({ type: "pricing_discrepancy", status: "resolved" });
    expect(after.resolutions.find((r) => r.exception_id === ex?.exception_id)).toMatchObject({
      resolution_type: "credit_memo",
      amount: 900,
      escalated: false,
    });
  });

  it("a never-seen problem escalates to a human", async () => {
    const view = await placeSettled("CUST-003", [{ sku: "SKU-9010", qty: 10 }], "2024-10-02");
    await sendWebhook("erp", {
      type: "exception.reported",
      po_number: view.po_number,
      occurred_at: "2024-10-04T10:00:00Z",
      data: { kind: "customs_hold", detail: "held at the border for paperwork" },
    });
    const after = await waitForSettled(view.po_number);
    expect(after.status).toBe("exception");
    expect(after.exceptions[0]).toMatchObject({ type: "unknown", status: "escalated" });
    expect(after.resolutions[0]).toMatchObject({ resolution_type: "human_review", escalated: true });
  });

  it("an illegal status change is recorded and refused", async () => {
    const view = await placeSettled("CUST-003", [{ sku: "SKU-9010", qty: 10 }], "2024-10-02");
    const res = await sendWebhook("erp", {
      type: "order.status_changed",
      po_number: view.po_number,
      occurred_at: "2024-10-03T10:00:00Z",
      data: { status: "delivered" },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ order_status: "confirmed" });
    const events = (await (await api(`/v1/orders/${view.po_number}/events`, { token: TOKENS.ops })).json()) as {
      events: { type: string; data: Record<string, unknown> }[];
    };
    expect(events.events.at(-1)).toMatchObject({
      type: "external.refused",
      data: { reason: "illegal transition confirmed -> delivered" },
    });
    expect((await waitForSettled(view.po_number)).status).toBe("confirmed");
  });

  it("an event for an unknown PO is stored and answered 404", async () => {
    const po = freshPo();
    const res = await sendWebhook("erp", {
      type: "quality.hold",
      po_number: po,
      occurred_at: "2024-10-11T10:00:00Z",
      data: { sku: "SKU-9010", lot: "L1", reason: "x" },
    });
    expect(res.status).toBe(404);
    const row = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE kind = 'webhook.unmatched' AND detail LIKE ?",
    )
      .bind(`%${po}%`)
      .first<{ n: number }>();
    expect(row?.n).toBe(1);
  });

  it("inventory updates set stock; a drop below what orders hold backorders the latest order's share", async () => {
    const ok = await sendWebhook("erp", {
      type: "inventory.updated",
      po_number: null,
      occurred_at: "2024-10-11T10:00:00Z",
      data: { sku: "SKU-7211", warehouse: "Detroit, MI", on_hand: 750, supplier_eta: "2024-12-01" },
    });
    expect(ok.status).toBe(202);
    const row = await env.DB.prepare("SELECT on_hand, supplier_eta FROM inventory WHERE sku = 'SKU-7211'").first();
    expect(row).toEqual({ on_hand: 750, supplier_eta: "2024-12-01" });
    const older = await placeSettled("CUST-002", [{ sku: "SKU-7211", qty: 100 }], "2024-10-12");
    const newer = await placeSettled("CUST-002", [{ sku: "SKU-7211", qty: 40 }], "2024-10-12");
    // 140 held; on hand drops to 110: the newest reservation loses 30, the older keeps its 100.
    const drop = await sendWebhook("erp", {
      type: "inventory.updated",
      occurred_at: "2024-10-13T10:00:00Z",
      data: { sku: "SKU-7211", warehouse: "Detroit, MI", on_hand: 110 },
    });
    expect(drop.status).toBe(202);
    expect(await drop.json()).toMatchObject({ shortfalls: [{ po_number: newer.po_number, qty: 30 }] });
    const stock = await env.DB.prepare("SELECT on_hand, reserved FROM inventory WHERE sku = 'SKU-7211'").first();
    expect(stock).toEqual({ on_hand: 110, reserved: 110 });
    const hit = await waitForSettled(newer.po_number);
    expect(hit.shipments[0]?.lines).toEqual([{ sku: "SKU-7211", qty: 10 }]);
    // Beta allows partial shipment: the 10 left ship, 30 wait for the supplier's 2024-12-01 restock.
    expect(hit.backorders).toEqual([expect.objectContaining({ sku: "SKU-7211", qty: 30, supplier_eta: "2024-12-01" })]);
    expect(hit.flags).toEqual(expect.arrayContaining(["backorder", "split_required"]));
    expect(hit.resolutions).toEqual([expect.objectContaining({ resolution_type: "split_shipment", escalated: false })]);
    expect((await waitForSettled(older.po_number)).backorders).toEqual([]);
  });

  it("dispatching a shipment takes its goods out of stock and releases the reservation", async () => {
    const view = await placeSettled("CUST-003", [{ sku: "SKU-9010", qty: 30 }], "2024-10-14");
    const before = await env.DB.prepare("SELECT on_hand, reserved FROM inventory WHERE sku = 'SKU-9010'").first<{
      on_hand: number;
      reserved: number;
    }>();
    await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2024-10-15T10:00:00Z",
      data: { carrier: "UPS", tracking: "1ZSTOCK00001", shipped_at: "2024-10-15T10:00:00Z" },
    });
    await waitForSettled(view.po_number);
    let after = before;
    for (let i = 0; i < 40 && after?.on_hand === before?.on_hand; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await env.DB.prepare("SELECT on_hand, reserved FROM inventory WHERE sku = 'SKU-9010'").first<{
        on_hand: number;
        reserved: number;
      }>();
    }
    expect(after).toEqual({ on_hand: before!.on_hand - 30, reserved: before!.reserved - 30 });
    const held = await env.DB.prepare("SELECT count(*) AS n FROM reservations WHERE po_number = ?")
      .bind(view.po_number)
      .first<{ n: number }>();
    expect(held?.n).toBe(0);
  });
});
