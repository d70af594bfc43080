import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ReferenceReads } from "../../../src/shared/db/reference-reads";
import { orderKeyOf } from "../../../src/shared/order-key";
import type { OrderView } from "../../../src/shared/order-view";
import { Tracer } from "../../../src/shared/tracing";
import { fulfillmentAgent } from "../../../src/workers/agents/fulfillment.agent";
import { api, freshPo, TOKENS, waitForSettled } from "../../fixtures/api";
import { resetStock } from "../../fixtures/stock";
import { sendWebhook } from "../../fixtures/webhooks";

/** The fulfillment agent run on its own, as a redelivered or re-issued handoff would run it, after a rejected split. */

beforeEach(resetStock);

/** Seed: SKU-4892 has Chicago 120 and Detroit 40 on hand; 150 units ($50,000+) split and wait for approval. */
async function rejectedSplit(): Promise<OrderView> {
  const po = freshPo();
  const res = await api("/v1/orders", {
    method: "POST",
    token: TOKENS.acme,
    json: {
      po_number: po,
      customer_id: "CUST-001",
      line_items: [{ sku: "SKU-4892", qty: 150 }],
      order_date: "2024-10-02",
    },
  });
  expect(res.status).toBe(202);
  const view = await waitForSettled(po);
  expect(view.status).toBe("awaiting-approval");
  const id = `ESC-${view.customer_id}-${view.po_number}-SPLIT`;
  const decided = await api(`/v1/escalations/${id}/decision`, {
    method: "POST",
    token: TOKENS.ops,
    json: { decision: "reject" },
  });
  expect(decided.status).toBe(200);
  const after = await waitForSettled(po);
  expect(after.status).toBe("backordered");
  return after;
}

/** Runs fulfillment for the order as it now stands, under a new handoff id. */
async function runFulfillment(view: OrderView, handoffId: string) {
  const context = await env.ORDER.getByName(orderKeyOf(view)).workingContext();
  if (!context) throw new Error("no order");
  const tracer = new Tracer();
  const span = tracer.start("agent fulfillment", "consumer", null);
  const handoff = {
    handoff_id: handoffId,
    customer_id: view.customer_id,
    po_number: view.po_number,
    stage: "fulfillment" as const,
    traceparent: null,
    issued_at: new Date().toISOString(),
  };
  return fulfillmentAgent({
    env,
    handoff,
    view: context.view,
    po: context.po,
    reads: new ReferenceReads(env.DB),
    span,
    tracer,
  });
}

type Held = { warehouse: string; qty: number; handoff_id: string };
async function reservationsOf(view: OrderView): Promise<Held[]> {
  const rows = await env.DB.prepare(
    "SELECT warehouse, qty, handoff_id FROM reservations WHERE customer_id = ? AND po_number = ? ORDER BY warehouse",
  )
    .bind(view.customer_id, view.po_number)
    .all<Held>();
  return rows.results;
}

const setOnHand = (warehouse: string, qty: number) =>
  env.DB.prepare("UPDATE inventory SET on_hand = ? WHERE sku = 'SKU-4892' AND warehouse = ?")
    .bind(qty, warehouse)
    .run();

describe("fulfillment after a rejected split", () => {
  it("reserves nothing for an order cancelled since: its plan could not apply", async () => {
    // Bug caught: fulfillment reserved stock in D1 before a decision the OrderObject then refused
    // (cancelled -> confirmed is illegal), so a cancelled order held 150 units.
    const view = await rejectedSplit();
    const res = await sendWebhook("erp", {
      type: "order.status_changed",
      po_number: view.po_number,
      occurred_at: "2024-10-04T09:00:00Z",
      data: { status: "cancelled" },
    });
    expect(res.status).toBe(202);
    expect((await waitForSettled(view.po_number)).status).toBe("cancelled");
    await setOnHand("Chicago, IL", 200);

    const out = await runFulfillment(view, "H-CANCELLED");
    expect(out).toMatchObject({ events: [], status: null, next_stage: null });
    expect(await reservationsOf(view)).toEqual([]);
  });

  it("gives back the split's reservations once: a re-run keeps what the whole-order plan reserved", async () => {
    // Bug caught: every fulfillment run after a rejection released all the order's reservations
    // first, so a re-run (a redelivered or re-issued handoff) gave up the re-plan's stock and
    // raced other orders to take it back.
    const view = await rejectedSplit();
    expect(view.escalations[0]?.proposed_resolution).toMatchObject({ reserved_by: [expect.any(String)] });
    expect(await reservationsOf(view)).toEqual([]);
    // Stock arrives: the order now fits whole in Chicago.
    await setOnHand("Chicago, IL", 200);
    const replan = await runFulfillment(view, "H-REPLAN");
    expect(replan.status).toEqual({ to: "confirmed", reason: "fulfillment plan: single" });
    const whole = [{ warehouse: "Chicago, IL", qty: 150, handoff_id: "H-REPLAN" }];
    expect(await reservationsOf(view)).toEqual(whole);

    // A re-run under another handoff takes the holds over in one batch: the same stock, held once.
    const rerun = await runFulfillment(view, "H-RERUN");
    expect(rerun.status).toEqual({ to: "confirmed", reason: "fulfillment plan: single" });
    expect(await reservationsOf(view)).toEqual([{ ...whole[0], handoff_id: "H-RERUN" }]);
    const stock = await env.DB.prepare(
      "SELECT reserved FROM inventory WHERE sku = 'SKU-4892' ORDER BY warehouse",
    ).all();
    expect(stock.results).toEqual([{ reserved: 150 }, { reserved: 0 }]);
  });

  it("plans reservations it finds held as a whole order too: it does not ship the refused split", async () => {
    // Bug caught: a run that found reservations already held (a concurrent run's, after losing a
    // race) planned from them with partial shipment allowed, re-proposing the split a person refused.
    const view = await rejectedSplit();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO reservations (customer_id, po_number, sku, warehouse, qty, handoff_id, created_at) VALUES (?, ?, 'SKU-4892', ?, ?, 'H-CONCURRENT', ?), (?, ?, 'SKU-4892', ?, ?, 'H-CONCURRENT', ?)",
      ).bind(
        view.customer_id,
        view.po_number,
        "Chicago, IL",
        120,
        "2024-10-04T00:00:00Z",
        view.customer_id,
        view.po_number,
        "Detroit, MI",
        30,
        "2024-10-04T00:00:00Z",
      ),
      env.DB.prepare(
        "UPDATE inventory SET reserved = CASE warehouse WHEN 'Chicago, IL' THEN 120 ELSE 30 END WHERE sku = 'SKU-4892'",
      ),
    ]);

    const out = await runFulfillment(view, "H-REUSE");
    expect(out.status).toEqual({ to: "backordered", reason: "fulfillment plan: backorder" });
    expect(out.events.map((e) => e.type)).toEqual(["fulfillment.planned"]);
    expect(out.events[0]).toMatchObject({ data: { plan: "backorder", shipments: [] } });
  });
});
