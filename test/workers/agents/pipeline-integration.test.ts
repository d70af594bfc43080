import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { OrderView } from "../../../src/shared/order-view";
import { api, placeSettled, TOKENS } from "../../fixtures/api";
import { resetStock } from "../../fixtures/stock";

// Each test starts from the seeded stock: no reservations held.
beforeEach(resetStock);

describe("fulfillment (DESIGN §6)", () => {
  it("a split shipment of an order over $50,000 waits for a human, with an escalation", async () => {
    // 150 x SKU-4892 at Acme's 50+ tier ($480) = $72,000; Chicago holds 120, Detroit 40.
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 150 }], "2024-10-01");
    expect(view.total).toBe(72_000);
    expect(view.status).toBe("awaiting-approval");
    expect(view.flags).toEqual(expect.arrayContaining(["split_required", "awaiting_approval"]));
    expect(view.shipments.map((s) => [s.warehouse, s.lines[0]?.qty])).toEqual([
      ["Chicago, IL", 120],
      ["Detroit, MI", 30],
    ]);
    expect(view.escalations).toEqual([
      expect.objectContaining({ escalation_id: `ESC-${view.customer_id}-${view.po_number}-SPLIT`, status: "open" }),
    ]);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
    const row = await env.DB.prepare("SELECT status, reason FROM escalations WHERE po_number = ?")
      .bind(view.po_number)
      .first<{ status: string; reason: string }>();
    expect(row?.status).toBe("open");
    expect(row?.reason).toContain("$50000");
  });

  it("a partial stock-out ships what is on hand and backorders the rest against the supplier ETA", async () => {
    // 8 x SKU-3300 ($3,200) = $25,600: Chicago holds 6, supplier ETA 2024-12-02.
    const view = await placeSettled("CUST-001", [{ sku: "SKU-3300", qty: 8 }], "2024-10-01");
    expect(view.status).toBe("confirmed");
    expect(view.flags).toEqual(expect.arrayContaining(["split_required", "backorder"]));
    expect(view.shipments).toHaveLength(1);
    expect(view.shipments[0]).toMatchObject({
      warehouse: "Chicago, IL",
      carrier: "UPS",
      ship_date: "2024-10-02",
      eta: "2024-10-05",
    });
    expect(view.backorders).toEqual([expect.objectContaining({ sku: "SKU-3300", qty: 2, supplier_eta: "2024-12-02" })]);
    expect(view.resolutions).toEqual([
      expect.objectContaining({ resolution_type: "split_shipment", escalated: false }),
    ]);
  });

  it("without partial-shipment consent an order one warehouse cannot cover is backordered whole", async () => {
    // Consolidated: 150 x SKU-4892 at the 100+ tier ($480) = $72,000, no partial shipments.
    const view = await placeSettled("CUST-003", [{ sku: "SKU-4892", qty: 150 }], "2024-10-01");
    expect(view.total).toBe(72_000);
    expect(view.status).toBe("backordered");
    expect(view.shipments).toEqual([]);
    expect(view.backorders).toEqual([
      expect.objectContaining({ sku: "SKU-4892", qty: 30, supplier_eta: "2024-11-15" }),
    ]);
    expect(view.resolutions).toEqual([
      expect.objectContaining({ resolution_type: "backorder_notify", escalated: false }),
    ]);
    expect(view.notifications.map((n) => n.milestone)).toContain("order_backordered");
    const reserved = await env.DB.prepare("SELECT count(*) AS n FROM reservations WHERE po_number = ?")
      .bind(view.po_number)
      .first<{ n: number }>();
    expect(reserved?.n).toBe(0);
  });

  it("an ETA past the contract window is an SLA risk the customer is told about", async () => {
    // Beta (21-day window) orders 10 x SKU-3300: 6 ship now, 4 wait for 2024-12-02.
    const view = await placeSettled("CUST-002", [{ sku: "SKU-3300", qty: 10 }], "2024-10-01");
    expect(view.sla_risk).toBe(true);
    expect(view.flags).toContain("sla_risk");
    expect(view.eta! > "2024-10-22").toBe(true);
    expect(view.notifications[0]?.text).toContain("outside that window");
  });

  it("orders placed at the same moment never reserve more than is on hand", async () => {
    // SKU-3300: 6 on hand in Chicago; three orders of 4 arrive together.
    const views = await Promise.all(
      [0, 1, 2].map(() => placeSettled("CUST-001", [{ sku: "SKU-3300", qty: 4 }], "2024-10-01")),
    );
    const shipped = views.reduce((s, v) => s + v.shipments.reduce((t, sh) => t + (sh.lines[0]?.qty ?? 0), 0), 0);
    const backordered = views.reduce((s, v) => s + v.backorders.reduce((t, b) => t + b.qty, 0), 0);
    expect(shipped).toBe(6);
    expect(backordered).toBe(6);
    const stock = await env.DB.prepare("SELECT reserved, on_hand FROM inventory WHERE sku = 'SKU-3300'").first<{
      reserved: number;
      on_hand: number;
    }>();
    expect(stock).toEqual({ reserved: 6, on_hand: 6 });
  });
});

describe("intake pricing and the exception playbook", () => {
  it("a PO price above contract gets a credit memo for the difference, automatically under $5,000", async () => {
    // Acme 50 x SKU-4892 at $495 vs the 50+ tier's $480: credit 50 x 15 = $750.
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 50, unit_price: 495 }], "2024-10-01");
    expect(view.flags).toContain("price_mismatch");
    expect(view.total).toBe(24_000);
    expect(view.exceptions).toEqual([expect.objectContaining({ type: "pricing_discrepancy", status: "resolved" })]);
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "credit_memo", amount: 750, escalated: false });
    expect(view.escalations).toEqual([]);
    expect(view.status).toBe("confirmed");
  });

  it("a credit memo above $5,000 is escalated to a human", async () => {
    // Consolidated 250 x SKU-9010 at $240 vs contract $215: credit 250 x 25 = $6,250.
    const view = await placeSettled("CUST-003", [{ sku: "SKU-9010", qty: 250, unit_price: 240 }], "2024-10-01");
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "credit_memo", amount: 6250, escalated: true });
    expect(view.exceptions[0]?.status).toBe("escalated");
    expect(view.escalations).toEqual([
      expect.objectContaining({ exception_id: view.exceptions[0]?.exception_id, status: "open" }),
    ]);
  });

  it("a PO price below contract is an invoice adjustment, always escalated", async () => {
    // Beta 100 x SKU-7210 at $55 vs the 100+ tier's $58: $300 under.
    const view = await placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 100, unit_price: 55 }], "2024-10-01");
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "invoice_adjustment", amount: 300, escalated: true });
    expect(view.notifications.map((n) => n.milestone)).toEqual([
      "order_confirmed",
      `resolution:${view.exceptions[0]?.exception_id}`,
    ]);
  });

  it("a SKU outside the customer's contract is priced at list and flagged", async () => {
    const view = await placeSettled("CUST-002", [{ sku: "SKU-9010", qty: 10 }], "2024-10-01");
    expect(view.flags).toContain("warning_no_contract");
    expect(view.lines[0]).toMatchObject({ contract_price: null, list_price: 215, unit_price: 215 });
    expect(view.total).toBe(2150);
    expect(view.exceptions).toEqual([]);
  });

  it("notifications are due within the contract's response time from the PO's business date", async () => {
    const view = await placeSettled("CUST-003", [{ sku: "SKU-9010", qty: 10 }], "2024-11-02");
    expect(view.notifications[0]?.due_by).toBe("2024-11-02T12:00:00.000Z");
  });
});

describe("seed orders", () => {
  it("exist in their stated status with their history as events", async () => {
    const expected: Record<string, string> = {
      "PO-2024-11234": "shipped",
      "PO-2024-11301": "in-production",
      "PO-2024-11455": "quality-hold",
      "PO-2024-11602": "backordered",
      "PO-2024-10980": "delivered",
      "PO-2024-11710": "confirmed",
      "PO-2024-11825": "in-production",
      "PO-2024-11900": "shipped",
      "PO-2024-12015": "delivered",
      "PO-2024-12180": "exception",
    };
    for (const [po, status] of Object.entries(expected)) {
      const view = (await (await api(`/v1/orders/${po}`, { token: TOKENS.ops })).json()) as OrderView;
      expect([po, view.status]).toEqual([po, status]);
    }
    const shipped = (await (await api("/v1/orders/PO-2024-11234", { token: TOKENS.acme })).json()) as OrderView;
    expect(shipped.shipments[0]).toMatchObject({ carrier: "UPS", tracking: "1Z999AA10123456784", status: "shipped" });
    expect(shipped.total).toBe(24_750);
    const events = (await (await api("/v1/orders/PO-2024-12180/events", { token: TOKENS.consolidated })).json()) as {
      events: { type: string }[];
    };
    expect(events.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["order.received", "shipment.dispatched", "exception.opened"]),
    );
  });
});
