import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";
import { sendWebhook } from "../fixtures/webhooks";

async function shippedAcme(orderDate: string, tracking: string): Promise<OrderView> {
  const po = freshPo();
  await api("/v1/orders", {
    method: "POST",
    token: TOKENS.acme,
    json: { po_number: po, customer_id: "CUST-001", line_items: [{ sku: "SKU-9010", qty: 4 }], order_date: orderDate },
  });
  await waitForSettled(po);
  await sendWebhook("erp", {
    type: "shipment.dispatched",
    po_number: po,
    occurred_at: `${orderDate}T15:00:00Z`,
    data: { carrier: "UPS", tracking, shipped_at: `${orderDate}T15:00:00Z` },
  });
  return waitForSettled(po);
}

type Span = { name: string; attributes: Record<string, string | number | boolean> };

/**
 * The trace's spans once the investigation's and every span named in `names` are stored: agents'
 * spans reach D1 in separate buffered writes (a later agent's in a later window), so the first
 * read that has the investigation may not have the comms agent yet.
 */
async function spansOf(traceId: string, names: readonly string[]): Promise<Span[]> {
  let spans: Span[] = [];
  for (let i = 0; i < 200; i++) {
    const res = await api(`/v1/traces/${traceId}`, { token: TOKENS.ops });
    if (res.status === 200) {
      spans = ((await res.json()) as { spans: Span[] }).spans;
      const investigated = spans.some((s) => s.attributes["llm.task"] === "exception_investigation");
      if (investigated && names.every((n) => spans.some((s) => s.name === n))) return spans;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return spans;
}

/** A UPS weather delay at Memphis on an order shipped under `tracking`, with the carrier's new ETA when it gives one. */
const delay = (tracking: string, estimated_delivery?: string) =>
  sendWebhook("carrier", {
    tracking,
    carrier: "UPS",
    status: "weather_delay",
    location: "Memphis, TN",
    occurred_at: "2024-03-06T06:00:00Z",
    ...(estimated_delivery ? { estimated_delivery } : {}),
  });

const ledgerOf = async (po: string, task: string) =>
  (
    await env.DB.prepare(
      "SELECT task, model, routing_reason FROM cost_ledger WHERE po_number = ? AND task = ? ORDER BY id",
    )
      .bind(po, task)
      .all<{ task: string; model: string; routing_reason: string }>()
  ).results;

describe("the exception agent's tool loop", () => {
  it("leaves a delay with its new ETA to the playbook: decided by the table, no model called (issue 15)", async () => {
    const view = await shippedAcme("2024-03-04", "1ZLOOP000002");
    await delay("1ZLOOP000002", "2024-03-12");
    const after = await waitForSettled(view.po_number);
    expect(after.resolutions[0]).toMatchObject({
      resolution_type: "notify",
      escalated: false,
      model: null,
      confidence: 1,
      rule_ids: ["OR-001"],
    });
    expect(await ledgerOf(view.po_number, "exception_investigation")).toEqual([]);
    // The resolution notice is the one model call on the order: its confirmation and shipping notices are templates.
    expect(after.notifications.map((n) => [n.template, n.model])).toEqual([
      ["order_confirmed", null],
      ["order_shipped", null],
      ["resolution_notify", "claude-haiku-4-5-20251001"],
    ]);
    expect(after.llm_calls).toBe(1);
  });

  it("investigates a delay without an estimate on Sonnet through diagnose, recall and propose, keeping the playbook's decision", async () => {
    const view = await shippedAcme("2024-03-04", "1ZLOOP000001");
    const res = await delay("1ZLOOP000001");
    // The delay's trace carries the investigation: webhook request, order object, exception agent, model calls.
    const delayTrace = res.headers.get("x-trace-id")!;
    const after = await waitForSettled(view.po_number);
    const r = after.resolutions[0]!;
    expect(r).toMatchObject({
      resolution_type: "notify",
      escalated: false,
      model: "claude-sonnet-4-6",
      rule_ids: ["OR-001"],
    });
    expect(r.confidence).toBe(0.9);
    expect(r.explanation).toContain("Analysis:");
    const ledger = await ledgerOf(view.po_number, "exception_investigation");
    // Turn 1 asks for diagnosis and recall, turn 2 proposes; with every exception proposed the loop ends there.
    expect(ledger.map((x) => x.model)).toEqual(["claude-sonnet-4-6", "claude-sonnet-4-6"]);
    expect(ledger[0]!.routing_reason).toContain("sonnet");
    const expected = ["POST /v1/webhooks/carrier", "agent exception", "agent comms"];
    const spans = await spansOf(delayTrace, expected);
    expect(spans.map((sp) => sp.name)).toEqual(expect.arrayContaining(expected));
    const llm = spans.filter((s) => s.attributes["llm.task"] === "exception_investigation");
    expect(llm.length).toBe(2);
    expect(llm[0]!.attributes["gen_ai.request.model"]).toBe("claude-sonnet-4-6");
    expect(after.llm_calls).toBe(3);
  });

  it("sends a never-seen exception to Opus and keeps it with a person, the model's proposal as advice", async () => {
    const po = freshPo();
    await api("/v1/orders", {
      method: "POST",
      token: TOKENS.beta,
      json: {
        po_number: po,
        customer_id: "CUST-002",
        line_items: [{ sku: "SKU-7210", qty: 10 }],
        order_date: "2024-10-02",
      },
    });
    await waitForSettled(po);
    await sendWebhook("erp", {
      type: "exception.reported",
      po_number: po,
      occurred_at: "2024-10-04T10:00:00Z",
      data: { kind: "hazmat_paperwork", detail: "carrier refused the pallet without a declaration" },
    });
    const after = await waitForSettled(po);
    expect(after.resolutions[0]).toMatchObject({
      resolution_type: "human_review",
      escalated: true,
      model: "claude-opus-4-7",
    });
    expect(after.escalations[0]?.proposed_resolution).toMatchObject({ resolution_type: "human_review" });
    const models = await env.DB.prepare(
      "SELECT DISTINCT model FROM cost_ledger WHERE po_number = ? AND task = 'complex_resolution'",
    )
      .bind(po)
      .all<{ model: string }>();
    expect(models.results).toEqual([{ model: "claude-opus-4-7" }]);
  });

  it("a PO-level price mismatch is arithmetic: no model is consulted", async () => {
    const po = freshPo();
    await api("/v1/orders", {
      method: "POST",
      token: TOKENS.beta,
      json: {
        po_number: po,
        customer_id: "CUST-002",
        line_items: [{ sku: "SKU-7211", qty: 10, unit_price: 80 }],
        order_date: "2024-10-02",
      },
    });
    const view = await waitForSettled(po);
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "credit_memo", amount: 20, model: null });
    const tasks = await env.DB.prepare("SELECT task FROM cost_ledger WHERE po_number = ?")
      .bind(po)
      .all<{ task: string }>();
    // The credit's notice is worded by Haiku; the confirmation is a template.
    expect(tasks.results.map((t) => t.task)).toEqual(["customer_communication"]);
  });
});
