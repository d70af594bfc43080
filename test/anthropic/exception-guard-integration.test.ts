import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { CircuitBreaker } from "../../src/durable-objects/circuit-breaker.do";
import { exceptionId } from "../../src/shared/exception-ids";
import type { OrderView } from "../../src/shared/order-view";
import { sendWebhook } from "../fixtures/webhooks";
import { api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";
import { resetStock } from "../fixtures/stock";

/**
 * A model that disagrees with the playbook (issue 10, item 11; DESIGN §7): the offline
 * investigator always proposes the playbook's own answer, so the guard "a model never overrides
 * a policy limit" never ran. Here the fake Messages server answers the investigation's first turn
 * with scripted tool calls; the fake's default text then ends the loop.
 */

const SONNET = "claude-sonnet-4-6";
const OPUS = "claude-opus-4-7";

const fake = (path: string, init?: RequestInit) => fetch(`${env.FAKE_ANTHROPIC_URL}${path}`, init);
const script = (replies: unknown[]) => fake("/__script", { method: "POST", body: JSON.stringify(replies) });
const recorded = async () => (await (await fake("/__requests")).json()) as { body: { messages: unknown[] } }[];

let toolUse = 0;
const call = (name: string, input: Record<string, unknown>) => ({
  type: "tool_use",
  id: `toolu_guard_${++toolUse}`,
  name,
  input,
});
/** One Messages API answer carrying the model's tool calls. */
const turn = (model: string, calls: unknown[]) => ({
  status: 200,
  body: {
    id: `msg_guard_${toolUse}`,
    type: "message",
    role: "assistant",
    model,
    content: calls,
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 900, output_tokens: 120 },
  },
});
const firstException = (view: OrderView) => exceptionId(view, view.exceptions.length + 1);

beforeEach(async () => {
  await fake("/__reset", { method: "POST" });
  await runInDurableObject(env.BREAKER.getByName("model-provider"), (_i: CircuitBreaker, state) =>
    state.storage.deleteAll(),
  );
  await resetStock();
});

type Line = { sku: string; qty: number };

async function placed(token: string, customerId: string, line: Line | Line[], orderDate: string) {
  const po = freshPo();
  const res = await api("/v1/orders", {
    method: "POST",
    token,
    json: { po_number: po, customer_id: customerId, line_items: [line].flat(), order_date: orderDate },
  });
  expect(res.status).toBe(202);
  const view = await waitForSettled(po);
  expect(view.exceptions).toEqual([]);
  return view;
}

/**
 * A Beta order of `qty` x SKU-7210 or SKU-7211 at contract price, then an invoice charging `charged`
 * a unit, and 10 of the other SKU $2.50 (7210, contract $62.50) or $8 (7211, contract $78) below
 * contract. A priced invoice alone is the table's arithmetic and asks no model (issue 15); with an
 * undercharge beside it, two discrepancies are open at once and the complex tier is consulted.
 */
async function invoiced(sku: string, qty: number, charged: number, calls: (id: string) => unknown[]) {
  const other = sku === "SKU-7210" ? { sku: "SKU-7211", unit_price: 70 } : { sku: "SKU-7210", unit_price: 60 };
  const view = await placed(
    TOKENS.beta,
    "CUST-002",
    [
      { sku, qty },
      { sku: other.sku, qty: 10 },
    ],
    "2024-10-02",
  );
  await script([turn(OPUS, calls(firstException(view)))]);
  const res = await sendWebhook("erp", {
    type: "invoice.issued",
    po_number: view.po_number,
    occurred_at: "2024-10-04T10:00:00Z",
    data: {
      invoice_id: `INV-${view.po_number}`,
      lines: [
        { sku, qty, unit_price: charged },
        { ...other, qty: 10 },
      ],
    },
  });
  expect(res.status).toBe(202);
  return waitForSettled(view.po_number);
}

/**
 * An Acme order of 2024-03-04 shipped by UPS, then a weather delay at Memphis. Without an estimate
 * the playbook notifies on the ETA it had (by 2024-03-18, order date + the 14-day window, it
 * meets the SLA) and the model is consulted, its first turn scripted by `calls`; with the
 * carrier's new ETA the table decides alone and no model is asked (issue 15).
 */
async function delayed(calls: ((id: string) => unknown[]) | null, eta?: string) {
  const view = await placed(TOKENS.acme, "CUST-001", { sku: "SKU-9010", qty: 4 }, "2024-03-04");
  const tracking = `1ZGUARD${Date.now().toString(36).toUpperCase()}`;
  await sendWebhook("erp", {
    type: "shipment.dispatched",
    po_number: view.po_number,
    occurred_at: "2024-03-04T15:00:00Z",
    data: { carrier: "UPS", tracking, shipped_at: "2024-03-04T15:00:00Z" },
  });
  await waitForSettled(view.po_number);
  if (calls) await script([turn(SONNET, calls(firstException(view)))]);
  await sendWebhook("carrier", {
    tracking,
    carrier: "UPS",
    status: "weather_delay",
    location: "Memphis, TN",
    occurred_at: "2024-03-06T06:00:00Z",
    ...(eta ? { estimated_delivery: eta } : {}),
  });
  return waitForSettled(view.po_number);
}

/**
 * The scripted turn was the investigation's: its request was sent and the resolution carries the
 * model. Once every open exception is proposed or escalated the loop ends without sending the
 * results back, so each test shows its tool calls ran by what they did.
 */
async function expectInvestigated(view: OrderView) {
  const sent = (await recorded()).map((c) => JSON.stringify(c.body.messages));
  expect(sent.some((m) => m.includes("open_exceptions"))).toBe(true);
  expect(view.resolutions[0]!.model).not.toBeNull();
}

describe("a model never overrides a policy limit", () => {
  it("an agreeing type with an out-of-policy amount: the credit stays sum((charged - contract) x qty)", async () => {
    // Bug caught: taking the model's amount with its type (a $9,999 credit for a $20 overcharge).
    const view = await invoiced("SKU-7211", 10, 80, (id) => [
      call("propose_resolution", {
        exception_id: id,
        resolution_type: "credit_memo",
        amount: 9_999,
        explanation: "Goodwill: credit the whole invoice.",
        confidence: 0.97,
      }),
    ]);
    await expectInvestigated(view);
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "credit_memo", amount: 20, escalated: false });
    // The only escalation is the undercharge's, which the table always sends to a person.
    expect(view.escalations.map((e) => e.exception_id)).toEqual([view.resolutions[1]!.exception_id]);
  });

  it("another resolution type than policy allows: the playbook's type stands, and the model's words are left out", async () => {
    // Bug caught: following the model's type (a refund where the table says credit memo).
    const view = await invoiced("SKU-7211", 10, 80, (id) => [
      call("propose_resolution", {
        exception_id: id,
        resolution_type: "full_refund",
        amount: 800,
        explanation: "Refund the whole order to keep the customer happy.",
        confidence: 0.95,
      }),
    ]);
    await expectInvestigated(view);
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "credit_memo", amount: 20, escalated: false });
    expect(view.resolutions[0]!.explanation).not.toContain("Refund the whole order");
  });

  it("a discount where the SLA still holds: the delay is a plain notification, no discount", async () => {
    // Bug caught: a model-proposed discount reaching the resolution (and the customer) when the SLA is met.
    const view = await delayed((id) => [
      call("propose_resolution", {
        exception_id: id,
        resolution_type: "notify_with_discount",
        discount_pct: 25,
        explanation: "Offer 25% off to apologise for the weather.",
        confidence: 0.9,
      }),
    ]);
    await expectInvestigated(view);
    // The proposal was recorded (its 0.9 confidence caps the resolution's) and its discount left out.
    expect(view.resolutions[0]).toMatchObject({
      resolution_type: "notify",
      escalated: false,
      model: SONNET,
      confidence: 0.9,
    });
    expect(view.resolutions[0]!.discount_pct).toBeUndefined();
    expect(view.notifications.every((n) => !n.text.includes("25%"))).toBe(true);
  });

  it("a delay past the SLA with its new ETA is the table's alone: no model is asked, the precedent's 5% stands", async () => {
    // Bug caught before issue 15: taking the model's discount_pct once its type agreed (40% off a late delivery).
    const view = await delayed(null, "2024-03-25");
    expect((await recorded()).some((c) => JSON.stringify(c.body.messages).includes("open_exceptions"))).toBe(false);
    expect(view.resolutions[0]!.model).toBeNull();
    // Acme's positive precedent for a UPS delay at Memphis in March gave 5% (seed episode OE-2024-04521).
    expect(view.resolutions[0]).toMatchObject({
      resolution_type: "notify_with_discount",
      discount_pct: 5,
      precedent_episode_ids: ["OE-2024-04521"],
      escalated: false,
    });
    expect(view.notifications.every((n) => !n.text.includes("40%"))).toBe(true);
  });

  it("a proposal for another order's exception is refused: this order keeps the playbook's decision", async () => {
    // Bug caught: tools that take any exception id, letting one order's investigation decide another's.
    const view = await delayed(() => [
      call("propose_resolution", {
        exception_id: "CUST-002-PO-2024-12015-EX1",
        resolution_type: "full_refund",
        explanation: "Refund it all.",
        confidence: 0.99,
      }),
      call("escalate_to_human", { exception_id: "CUST-002-PO-2024-12015-EX1", reason: "Look at this one." }),
    ]);
    await expectInvestigated(view);
    expect(view.resolutions).toHaveLength(1);
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "notify", escalated: false });
    expect(view.escalations).toEqual([]);
    const results = (await recorded()).map((c) => JSON.stringify(c.body.messages)).find((m) => m.includes("is_error"));
    expect(results).toContain("is not an open exception");
  });

  it("no escalation where policy requires one: a $6,000 credit goes to a person at the playbook's amount", async () => {
    // Bug caught: a confident model's silence (or its lower amount) taking the credit under the $5,000 limit.
    const view = await invoiced("SKU-7210", 1_000, 64, (id) => [
      call("propose_resolution", {
        exception_id: id,
        resolution_type: "credit_memo",
        amount: 4_999,
        explanation: "Issue it now; no need to bother the team.",
        confidence: 0.99,
      }),
    ]);
    await expectInvestigated(view);
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "credit_memo", amount: 6_000, escalated: true });
    expect(view.escalations).toHaveLength(2);
    expect(view.escalations[0]).toMatchObject({
      status: "open",
      proposed_resolution: { resolution_type: "credit_memo", amount: 6_000 },
    });
    const open = (await (await api("/v1/escalations", { token: TOKENS.ops })).json()) as {
      escalations: { po_number: string }[];
    };
    expect(open.escalations.some((e) => e.po_number === view.po_number)).toBe(true);
  });

  it("a quality hold goes to a person on the table's decision, with no model asked", async () => {
    // Bug caught: a quality case resolved without the human sign-off DESIGN §6 requires.
    const view = await placed(TOKENS.beta, "CUST-002", { sku: "SKU-7210", qty: 10 }, "2024-10-02");
    await sendWebhook("erp", {
      type: "quality.hold",
      po_number: view.po_number,
      occurred_at: "2024-10-03T09:00:00Z",
      data: { sku: "SKU-7210", lot: "L-GUARD-1", reason: "porosity" },
    });
    const after = await waitForSettled(view.po_number);
    expect((await recorded()).some((c) => JSON.stringify(c.body.messages).includes("open_exceptions"))).toBe(false);
    expect(after.resolutions[0]).toMatchObject({
      resolution_type: "replacement_shipment",
      escalated: true,
      model: null,
    });
    expect(after.escalations).toHaveLength(1);
    expect(after.status).toBe("quality-hold");
  });

  it("a never-seen exception the model would settle itself stays with a person; the proposal travels as advice", async () => {
    // Bug caught: a model's resolution for something the table has no row for applied without a person.
    const view = await placed(TOKENS.beta, "CUST-002", { sku: "SKU-7210", qty: 10 }, "2024-10-02");
    await script([
      turn(OPUS, [
        call("propose_resolution", {
          exception_id: firstException(view),
          resolution_type: "waive_freight",
          amount: 1_500,
          explanation: "Waive the freight charge for the trouble.",
          confidence: 0.92,
        }),
      ]),
    ]);
    await sendWebhook("erp", {
      type: "exception.reported",
      po_number: view.po_number,
      occurred_at: "2024-10-04T10:00:00Z",
      data: { kind: "forklift_damage_guard", detail: "pallet damaged while loading" },
    });
    const after = await waitForSettled(view.po_number);
    await expectInvestigated(after);
    expect(after.resolutions[0]).toMatchObject({ resolution_type: "human_review", escalated: true });
    expect(after.resolutions[0]!.amount).toBeUndefined();
    expect(after.escalations[0]?.proposed_resolution).toMatchObject({
      resolution_type: "human_review",
      model_advice: "waive_freight: Waive the freight charge for the trouble.",
    });
    expect(after.status).toBe("exception");
  });
});

describe("a model that asks for a person gets one", () => {
  it("escalate_to_human on a delay the playbook would only notify: escalated, an open escalation, the order kept in exception", async () => {
    // Bug caught: the model's escalation recorded but dropped because the playbook saw no need for one.
    const reason = "The buyer's line is down waiting for these parts; operations should call them.";
    const view = await delayed((id) => [call("escalate_to_human", { exception_id: id, reason })]);
    await expectInvestigated(view);
    expect(view.resolutions[0]).toMatchObject({ resolution_type: "notify", escalated: true, model: SONNET });
    expect(view.resolutions[0]!.explanation).toContain(`Escalation requested: ${reason}`);
    expect(view.escalations).toHaveLength(1);
    expect(view.escalations[0]).toMatchObject({ status: "open", exception_id: view.exceptions[0]!.exception_id });
    expect(view.exceptions[0]!.status).toBe("escalated");
    expect(view.status).toBe("exception");
  });
});
