import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { api, CUSTOMER_TOKENS, placeSettled, TOKENS, waitForSettled } from "../fixtures/api";
import { resetStock } from "../fixtures/stock";
import { sendWebhook } from "../fixtures/webhooks";

beforeEach(resetStock);

async function openEscalations(): Promise<
  { id: string; po_number: string | null; exception_id: string | null; status: string }[]
> {
  const res = await api("/v1/escalations", { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as {
      escalations: { id: string; po_number: string | null; exception_id: string | null; status: string }[];
    }
  ).escalations;
}

const decide = (id: string, body: unknown) =>
  api(`/v1/escalations/${id}/decision`, { method: "POST", token: TOKENS.ops, json: body });

async function customsHold(view: OrderView, at: string): Promise<OrderView> {
  const res = await sendWebhook("erp", {
    type: "exception.reported",
    po_number: view.po_number,
    occurred_at: at,
    data: { kind: "customs_hold", detail: "held at the border for a missing commercial invoice" },
  });
  expect(res.status).toBe(202);
  return waitForSettled(view.po_number);
}

describe("human decisions", () => {
  it("a split over $50,000 ships only after approval", async () => {
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 150 }], "2024-10-02");
    expect(view.status).toBe("awaiting-approval");
    const escalation = (await openEscalations()).find((e) => e.po_number === view.po_number);
    expect(escalation).toMatchObject({
      id: `ESC-${view.customer_id}-${view.po_number}-SPLIT`,
      exception_id: null,
      status: "open",
    });

    // Dispatch before approval is refused by the lifecycle.
    const early = await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2024-10-03T10:00:00Z",
      data: { carrier: "UPS", tracking: "1ZEARLY0001", shipped_at: "2024-10-03T10:00:00Z" },
    });
    expect(early.status).toBe(409);

    const res = await decide(escalation!.id, { decision: "approve", note: "Customer needs the first 120 now" });
    expect(res.status).toBe(200);
    const after = await waitForSettled(view.po_number);
    expect(after.status).toBe("confirmed");
    expect(after.flags).not.toContain("awaiting_approval");
    expect(after.escalations[0]).toMatchObject({ status: "decided", decision: "approve", decided_by: "ops" });
    expect(after.notifications.map((n) => n.milestone)).toContain(`decision:${escalation!.id}`);
    expect((await openEscalations()).some((e) => e.id === escalation!.id)).toBe(false);

    const ship = await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2024-10-03T12:00:00Z",
      data: { carrier: "UPS", tracking: "1ZAPPROVED01", shipped_at: "2024-10-03T12:00:00Z" },
    });
    expect(ship.status).toBe(202);
    expect((await waitForSettled(view.po_number)).status).toBe("partially-shipped");
  });

  it("deciding twice is refused, and a modify needs a resolution", async () => {
    const view = await placeSettled("CUST-003", [{ sku: "SKU-9010", qty: 250 }], "2024-10-02");
    const held = await customsHold(view, "2024-10-05T09:00:00Z");
    const id = held.escalations[0]!.escalation_id;
    const missing = await decide(id, { decision: "modify" });
    expect(missing.status).toBe(409);
    expect((await decide(id, { decision: "reject", note: "not our problem" })).status).toBe(200);
    expect((await decide(id, { decision: "approve" })).status).toBe(409);
    expect((await decide("ESC-NOPE", { decision: "approve" })).status).toBe(404);
    expect((await decide(id, { decision: "maybe" })).status).toBe(422);
  });
});

describe("the learning loop", () => {
  it("a never-seen exception escalates; after the decision the customer's next one resolves by itself, and another customer's does not", async () => {
    const first = await customsHold(
      await placeSettled("CUST-003", [{ sku: "SKU-9010", qty: 10 }], "2024-10-02"),
      "2024-10-05T09:00:00Z",
    );
    expect(first.status).toBe("exception");
    expect(first.resolutions[0]).toMatchObject({ resolution_type: "human_review", escalated: true });
    const escalationId = first.escalations[0]!.escalation_id;

    const res = await decide(escalationId, {
      decision: "modify",
      resolution: {
        resolution_type: "expedite_customs_paperwork",
        explanation: "Broker files the commercial invoice the same day.",
      },
      note: "Send the commercial invoice to the customs broker the same day",
    });
    expect(res.status).toBe(200);
    const decided = await waitForSettled(first.po_number);
    expect(decided.status).toBe("confirmed");
    expect(decided.resolutions[0]).toMatchObject({ resolution_type: "expedite_customs_paperwork", decision: "modify" });
    const episodeId = `EP-${first.exceptions[0]!.exception_id}`;
    let stored: { customer_id: string; resolution_type: string; root_cause: string } | null = null;
    for (let i = 0; i < 40 && !stored; i++) {
      stored = await env.DB.prepare(
        "SELECT customer_id, resolution_type, root_cause FROM episodes WHERE episode_id = ?",
      )
        .bind(episodeId)
        .first();
      if (!stored) await new Promise((r) => setTimeout(r, 50));
    }
    expect(stored).toEqual({
      customer_id: "CUST-003",
      resolution_type: "expedite_customs_paperwork",
      root_cause: "customs_hold",
    });

    const second = await customsHold(
      await placeSettled("CUST-003", [{ sku: "SKU-9010", qty: 12 }], "2024-10-02"),
      "2024-10-20T09:00:00Z",
    );
    expect(second.resolutions[0]).toMatchObject({
      resolution_type: "expedite_customs_paperwork",
      escalated: false,
      precedent_episode_ids: [episodeId],
    });
    expect(second.escalations).toEqual([]);
    expect(second.status).toBe("confirmed");

    const other = await customsHold(
      await placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 10 }], "2024-10-02"),
      "2024-10-21T09:00:00Z",
    );
    expect(other.resolutions[0]).toMatchObject({
      resolution_type: "human_review",
      escalated: true,
      precedent_episode_ids: [],
    });
  });

  it("csat reaches the episode, and three positive cases with one lesson promote a rule that is then cited", async () => {
    const delays: OrderView[] = [];
    for (const [customer, sku] of [
      ["CUST-001", "SKU-9010"],
      ["CUST-002", "SKU-7211"],
      ["CUST-003", "SKU-9010"],
    ] as const) {
      const view = await placeSettled(customer, [{ sku, qty: 5 }], "2024-06-03");
      const t = `1ZDHL${Math.random().toString(36).slice(2, 9).toUpperCase()}`;
      await sendWebhook("erp", {
        type: "shipment.dispatched",
        po_number: view.po_number,
        occurred_at: "2024-06-04T10:00:00Z",
        data: { carrier: "DHL", tracking: t, shipped_at: "2024-06-04T10:00:00Z" },
      });
      await waitForSettled(view.po_number);
      await sendWebhook("carrier", {
        tracking: t,
        carrier: "DHL",
        status: "delay",
        location: "Cincinnati, OH",
        occurred_at: "2024-06-06T08:00:00Z",
        estimated_delivery: "2024-06-10",
      });
      delays.push(await waitForSettled(view.po_number));
    }
    for (const v of delays) {
      const ex = v.exceptions[0]!;
      expect(v.resolutions[0]).toMatchObject({ resolution_type: "notify", escalated: false });
      const res = await api(`/v1/orders/${v.po_number}/csat`, {
        method: "POST",
        token: CUSTOMER_TOKENS[v.customer_id]!,
        json: { exception_id: ex.exception_id, customer_satisfaction: "positive" },
      });
      expect(res.status).toBe(200);
    }
    type Rule = {
      rule_id: string;
      confidence: number;
      created_from_episodes: string[];
      hub: string | null;
      months: number[] | null;
    };
    let rule: Rule | undefined;
    for (let i = 0; i < 60 && !rule; i++) {
      const rules = ((await (await api("/v1/memory/rules", { token: TOKENS.ops })).json()) as { rules: Rule[] }).rules;
      rule = rules.find((r) => r.hub === "Cincinnati");
      if (!rule) await new Promise((r) => setTimeout(r, 50));
    }
    expect(rule).toMatchObject({ confidence: 1, months: [6] });
    expect(rule!.created_from_episodes).toEqual(delays.map((v) => `EP-${v.exceptions[0]!.exception_id}`).sort());

    const fourth = await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 5 }], "2024-06-03");
    const t = "1ZDHLFOURTH01";
    await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: fourth.po_number,
      occurred_at: "2024-06-04T10:00:00Z",
      data: { carrier: "DHL", tracking: t, shipped_at: "2024-06-04T10:00:00Z" },
    });
    await waitForSettled(fourth.po_number);
    await sendWebhook("carrier", {
      tracking: t,
      carrier: "DHL",
      status: "delay",
      location: "Cincinnati, OH",
      occurred_at: "2024-06-07T08:00:00Z",
      estimated_delivery: "2024-06-11",
    });
    const cited = await waitForSettled(fourth.po_number);
    expect(cited.resolutions[0]?.rule_ids).toEqual([rule!.rule_id]);

    const episodes = (
      (await (await api("/v1/memory/episodes?exception_type=carrier_delay", { token: TOKENS.beta })).json()) as {
        episodes: { customer_id: string; customer_satisfaction: string | null }[];
      }
    ).episodes;
    expect(episodes.length).toBeGreaterThan(0);
    expect(episodes.every((e) => e.customer_id === "CUST-002")).toBe(true);
  });
});
