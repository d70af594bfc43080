import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { orderKey } from "../../src/shared/order-key";
import type { OrderView } from "../../src/shared/order-view";
import { sendWebhook } from "../fixtures/webhooks";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";

/** A portal PO body for Beta (CUST-002). */
const betaPo = (po: string, qty = 10) => ({
  po_number: po,
  customer_id: "CUST-002",
  line_items: [{ sku: "SKU-7210", qty }],
  order_date: "2024-10-02",
});

const path = (po: string) => `/v1/orders/${encodeURIComponent(po)}`;

async function post(token: string, body: unknown): Promise<Response> {
  return api("/v1/orders", { method: "POST", token, json: body });
}

async function viewOf(
  po: string,
  token: string,
  query = "",
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await api(`${path(po)}${query}`, { token });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A PO number this run has not used, in a buyer's own style (SAP-like, ten digits). */
const buyerNumber = () => `45${freshPo().replace(/\D/g, "").slice(-8)}`;

describe("PO numbers are the buyer's: an order is its customer and its PO number (DESIGN §4, §5.1)", () => {
  it("two customers use the same PO number, and each sees only its own order", async () => {
    const po = freshPo();
    const acme = await post(TOKENS.acme, acmePo(po, [{ sku: "SKU-4892", qty: 6 }]));
    expect(acme.status).toBe(202);
    // Beta's number is not a duplicate of Acme's: Beta learns nothing about Acme's numbers.
    const beta = await post(TOKENS.beta, betaPo(po));
    expect(beta.status).toBe(202);

    const acmeView = await waitForSettled(po, TOKENS.acme);
    const betaView = await waitForSettled(po, TOKENS.beta);
    expect(acmeView).toMatchObject({ po_number: po, customer_id: "CUST-001", status: "confirmed" });
    expect(betaView).toMatchObject({ po_number: po, customer_id: "CUST-002", status: "confirmed" });
    expect(acmeView.lines.map((l) => l.sku)).toEqual(["SKU-4892"]);
    expect(betaView.lines.map((l) => l.sku)).toEqual(["SKU-7210"]);

    const listed = async (token: string) =>
      (
        (await (await api("/v1/orders?limit=200", { token })).json()) as {
          orders: { po_number: string; customer_id: string }[];
        }
      ).orders.filter((o) => o.po_number === po);
    expect(await listed(TOKENS.acme)).toEqual([expect.objectContaining({ customer_id: "CUST-001" })]);
    expect(await listed(TOKENS.beta)).toEqual([expect.objectContaining({ customer_id: "CUST-002" })]);

    // Each order reserved its own stock: the two reservations do not overwrite each other.
    const held = await env.DB.prepare(
      "SELECT customer_id, sku, sum(qty) AS qty FROM reservations WHERE po_number = ? GROUP BY customer_id, sku ORDER BY customer_id",
    )
      .bind(po)
      .all();
    expect(held.results).toEqual([
      { customer_id: "CUST-001", sku: "SKU-4892", qty: 6 },
      { customer_id: "CUST-002", sku: "SKU-7210", qty: 10 },
    ]);

    // A second submission by the same customer is still a duplicate, and names only that customer's order.
    const again = await post(TOKENS.beta, betaPo(po, 11));
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).not.toContain("CUST-001");
  });

  it("a customer's malformed PO is recorded under its own customer and blocks no one else's number", async () => {
    const po = freshPo();
    const hostile = await post(TOKENS.acme, { ...betaPo(po), customer_id: "CUST-2;DROP" });
    expect(hostile.status).toBe(422);
    const rejected = await viewOf(po, TOKENS.acme);
    expect(rejected.body).toMatchObject({ customer_id: "CUST-001", status: "rejected" });
    const audit = await env.DB.prepare("SELECT detail FROM audit_log WHERE po_number = ? AND kind = 'order.rejected'")
      .bind(po)
      .first<{ detail: string }>();
    expect(JSON.parse(audit!.detail)).toMatchObject({ submitted_customer_id: "CUST-2;DROP" });

    const beta = await post(TOKENS.beta, betaPo(po));
    expect(beta.status).toBe(202);
    expect(await waitForSettled(po, TOKENS.beta)).toMatchObject({ customer_id: "CUST-002", status: "confirmed" });
  });

  it("ops: a number several customers use is a 409 listing them, resolved by ?customer_id=", async () => {
    const po = freshPo();
    expect((await post(TOKENS.acme, acmePo(po))).status).toBe(202);
    expect((await post(TOKENS.beta, betaPo(po))).status).toBe(202);

    for (const suffix of ["", "/events"]) {
      const res = await api(`${path(po)}${suffix}`, { token: TOKENS.ops });
      expect(res.status).toBe(409);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 409, po_number: po, customer_ids: ["CUST-001", "CUST-002"] });
    }
    const chosen = await viewOf(po, TOKENS.ops, "?customer_id=CUST-002");
    expect(chosen).toMatchObject({ status: 200, body: { customer_id: "CUST-002" } });
    const events = await api(`${path(po)}/events?customer_id=CUST-001`, { token: TOKENS.ops });
    expect(events.status).toBe(200);
    expect(
      ((await events.json()) as { events: { data: { po?: { customer_id: string } } }[] }).events[0]?.data.po
        ?.customer_id,
    ).toBe("CUST-001");
    // A customer's own query string cannot reach another customer's order.
    expect(await viewOf(po, TOKENS.acme, "?customer_id=CUST-002")).toMatchObject({
      status: 200,
      body: { customer_id: "CUST-001" },
    });
    expect((await viewOf(po, TOKENS.ops, "?customer_id=CUST-003")).status).toBe(404);
  });

  it("ops: a number read once and then used by another customer is a 409 at once (intake forgets the isolate's answer)", async () => {
    const po = freshPo();
    // One unit each: the file's later orders count on the seed's stock.
    expect((await post(TOKENS.acme, acmePo(po, [{ sku: "SKU-4892", qty: 1 }]))).status).toBe(202);
    expect(await viewOf(po, TOKENS.ops)).toMatchObject({ status: 200, body: { customer_id: "CUST-001" } });
    expect((await post(TOKENS.beta, betaPo(po, 1))).status).toBe(202);
    expect(await viewOf(po, TOKENS.ops)).toMatchObject({
      status: 409,
      body: { customer_ids: ["CUST-001", "CUST-002"] },
    });
  });

  it("ops reach a rejected PO whose customer id was malformed, and intake's Location names the customer", async () => {
    const po = freshPo();
    const accepted = await post(TOKENS.acme, acmePo(po));
    expect(accepted.headers.get("location")).toBe(`${path(po)}?customer_id=CUST-001`);
    const rejected = await post(TOKENS.ops, { ...acmePo(po), customer_id: "CUST-00X" });
    expect(rejected.status).toBe(422);
    const listed = await api(path(po), { token: TOKENS.ops });
    expect(await listed.json()).toMatchObject({
      status: 409,
      customer_ids: expect.arrayContaining(["CUST-001", "CUST-00X"]),
    });
    expect(await viewOf(po, TOKENS.ops, "?customer_id=CUST-00X")).toMatchObject({
      status: 200,
      body: { customer_id: "CUST-00X", status: "rejected" },
    });
    // Following the Location header reaches the accepted order even though the number is shared.
    expect(await (await api(accepted.headers.get("location") ?? "", { token: TOKENS.ops })).json()).toMatchObject({
      customer_id: "CUST-001",
      status: expect.any(String),
    });
  });

  it("ERP events name the customer when a number is shared, and are refused with 409 when they don't", async () => {
    const po = freshPo();
    expect((await post(TOKENS.acme, acmePo(po))).status).toBe(202);
    expect((await post(TOKENS.beta, betaPo(po))).status).toBe(202);
    await waitForSettled(po, TOKENS.acme);
    await waitForSettled(po, TOKENS.beta);
    const event = {
      type: "shipment.dispatched",
      po_number: po,
      occurred_at: "2024-10-03T10:00:00Z",
      data: { carrier: "UPS", tracking: `1Z${po.replace(/\W/g, "")}`, shipped_at: "2024-10-03T10:00:00Z" },
    };

    const ambiguous = await sendWebhook("erp", event);
    expect(ambiguous.status).toBe(409);
    expect(await ambiguous.json()).toMatchObject({ customer_ids: ["CUST-001", "CUST-002"] });

    const applied = await sendWebhook("erp", { ...event, customer_id: "CUST-002" });
    expect(applied.status).toBe(202);
    expect((await viewOf(po, TOKENS.beta)).body).toMatchObject({ status: "shipped" });
    expect((await viewOf(po, TOKENS.acme)).body).toMatchObject({ status: "confirmed" });
  });

  it("an inventory drop reaches the order that held the stock, not another customer's order of the same number", async () => {
    const po = freshPo();
    expect((await post(TOKENS.acme, acmePo(po, [{ sku: "SKU-4892", qty: 6 }]))).status).toBe(202);
    expect((await post(TOKENS.beta, betaPo(po, 7))).status).toBe(202);
    await waitForSettled(po, TOKENS.acme);
    await waitForSettled(po, TOKENS.beta);
    const held = await env.DB.prepare(
      "SELECT warehouse FROM reservations WHERE customer_id = 'CUST-002' AND po_number = ?",
    )
      .bind(po)
      .first<{ warehouse: string }>();
    const drop = await sendWebhook("erp", {
      type: "inventory.updated",
      occurred_at: "2024-10-13T10:00:00Z",
      data: { sku: "SKU-7210", warehouse: held!.warehouse, on_hand: 0 },
    });
    expect(drop.status).toBe(202);
    const { shortfalls } = (await drop.json()) as {
      shortfalls: { customer_id: string; po_number: string; qty: number }[];
    };
    expect(shortfalls.filter((s) => s.po_number === po)).toEqual([{ customer_id: "CUST-002", po_number: po, qty: 7 }]);
    const types = async (token: string) =>
      ((await (await api(`${path(po)}/events`, { token })).json()) as { events: { type: string }[] }).events.map(
        (e) => e.type,
      );
    expect(await types(TOKENS.beta)).toContain("stock.shortfall");
    expect(await types(TOKENS.acme)).not.toContain("stock.shortfall");
  });

  it("takes buyers' own numbering: a numeric SAP-style number and one with a slash (%2F in a path)", async () => {
    for (const po of [buyerNumber(), `${freshPo()}/A.1`]) {
      const res = await post(TOKENS.acme, acmePo(po));
      expect(res.status, po).toBe(202);
      expect(res.headers.get("location")).toBe(`${path(po)}?customer_id=CUST-001`);
      const view = (await waitForSettled(encodeURIComponent(po), TOKENS.acme)) as OrderView;
      expect(view).toMatchObject({ po_number: po, customer_id: "CUST-001" });
      const events = await api(`${path(po)}/events`, { token: TOKENS.acme });
      expect(events.status).toBe(200);
      const query = await api(`${path(po)}/status-query`, { method: "POST", token: TOKENS.acme, json: {} });
      expect(await query.json()).toMatchObject({ po_number: po, status: view.status });
      expect(await env.ORDER.getByName(orderKey("CUST-001", po)).read()).toMatchObject({ po_number: po });
    }
  });
});
