import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { sendWebhook } from "../fixtures/webhooks";
import { api, placeSettled, TOKENS, waitForSettled } from "../fixtures/api";
import { eventually, reservationsOf, resetStock, stockOf } from "../fixtures/stock";

/** What each escalation outcome does to the order, its stock and its memory (issue 10, item 13). */

beforeEach(resetStock);

const decide = (id: string, body: unknown) =>
  api(`/v1/escalations/${id}/decision`, { method: "POST", token: TOKENS.ops, json: body });

async function erp(po: string, type: string, occurredAt: string, data: Record<string, unknown>): Promise<OrderView> {
  const res = await sendWebhook("erp", { type, po_number: po, occurred_at: occurredAt, data });
  expect(res.status).toBe(202);
  return waitForSettled(po);
}

const episodeOf = (exceptionId: string) =>
  eventually(
    () =>
      env.DB.prepare("SELECT resolution_type, customer_satisfaction FROM episodes WHERE episode_id = ?")
        .bind(`EP-${exceptionId}`)
        .first<{ resolution_type: string; customer_satisfaction: string | null }>(),
    (row) => row !== null && row.resolution_type !== "human_review",
  );

describe("rejecting a split over $50,000", () => {
  it("backorders the order, releases every unit it reserved, and nothing of the split can ship", async () => {
    // Bugs caught: a rejection that only changes the status, leaving 150 units reserved for an
    // order that will not ship them (other orders are refused that stock) and the split's planned
    // shipments open to dispatch.
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 150 }], "2024-10-02");
    expect(view.status).toBe("awaiting-approval");
    // Seed: Chicago 120, Detroit 40 on hand. The split holds all of Chicago and 30 of Detroit.
    expect(await stockOf("SKU-4892")).toEqual([
      { warehouse: "Chicago, IL", on_hand: 120, reserved: 120 },
      { warehouse: "Detroit, MI", on_hand: 40, reserved: 30 },
    ]);
    expect(await reservationsOf(view)).toEqual([
      { sku: "SKU-4892", warehouse: "Chicago, IL", qty: 120 },
      { sku: "SKU-4892", warehouse: "Detroit, MI", qty: 30 },
    ]);

    const id = `ESC-${view.customer_id}-${view.po_number}-SPLIT`;
    const res = await decide(id, { decision: "reject", note: "Ship complete or not at all" });
    expect(res.status).toBe(200);
    const after = await waitForSettled(view.po_number);
    expect(after.status).toBe("backordered");
    // The order is planned whole now: no split is required of it any more.
    expect(view.flags).toContain("split_required");
    expect(after.flags).not.toContain("split_required");
    expect(after.flags).toContain("backorder");
    expect(after.escalations[0]).toMatchObject({ escalation_id: id, status: "decided", decision: "reject" });
    expect(after.notifications.map((n) => n.milestone)).toContain(`decision:${id}`);

    // Stock back on hand for others: nothing reserved, nothing moved.
    expect(await reservationsOf(after)).toEqual([]);
    expect(await stockOf("SKU-4892")).toEqual([
      { warehouse: "Chicago, IL", on_hand: 120, reserved: 0 },
      { warehouse: "Detroit, MI", on_hand: 40, reserved: 0 },
    ]);
    // The order waits whole: no shipment left to dispatch, the shortfall backordered against the supplier ETA.
    expect(after.shipments.filter((s) => s.status === "planned")).toEqual([]);
    expect(after.backorders.length).toBeGreaterThan(0);
    const dispatch = await sendWebhook("erp", {
      type: "shipment.dispatched",
      po_number: view.po_number,
      occurred_at: "2024-10-04T10:00:00Z",
      data: { carrier: "UPS", tracking: "1ZREJECTED01", shipped_at: "2024-10-04T10:00:00Z" },
    });
    expect(dispatch.status).toBe(409);

    // The released stock really is free: another customer's order takes the whole of Chicago.
    const other = await placeSettled("CUST-003", [{ sku: "SKU-4892", qty: 120 }], "2024-10-05");
    expect(other.status).toBe("confirmed");
    expect(other.shipments).toMatchObject([{ warehouse: "Chicago, IL", lines: [{ sku: "SKU-4892", qty: 120 }] }]);
  });
});

describe("rejecting a quality hold", () => {
  it("declines the replacement, lifts the hold back to where the order was, and the next hold still goes to a person", async () => {
    // Bugs caught: an order left in quality-hold after the decision; a rejected case remembered
    // as a replacement; a later hold resolved without a person because a precedent exists
    // (DESIGN §6: a human signs off every quality case).
    const view = await placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 10 }], "2024-10-02");
    expect(view.status).toBe("confirmed");
    const held = await erp(view.po_number, "quality.hold", "2024-10-03T09:00:00Z", {
      sku: "SKU-7210",
      lot: "L-REJ-1",
      reason: "porosity",
    });
    expect(held.status).toBe("quality-hold");
    const ex = held.exceptions[0]!;
    expect(held.resolutions[0]).toMatchObject({ resolution_type: "replacement_shipment", escalated: true });

    const id = held.escalations[0]!.escalation_id;
    expect((await decide(id, { decision: "reject", note: "Lot re-tested and passed" })).status).toBe(200);
    const after = await waitForSettled(view.po_number);
    expect(after.status).toBe("confirmed");
    expect(after.exceptions[0]).toMatchObject({ exception_id: ex.exception_id, status: "resolved" });
    expect(after.resolutions[0]).toMatchObject({ resolution_type: "declined", decision: "reject" });
    expect(after.notifications.map((n) => n.milestone)).toContain(`decision:${id}`);
    expect((await episodeOf(ex.exception_id))?.resolution_type).toBe("declined");

    const next = await erp(
      (await placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 12 }], "2024-10-10")).po_number,
      "quality.hold",
      "2024-10-11T09:00:00Z",
      { sku: "SKU-7210", lot: "L-REJ-2", reason: "porosity" },
    );
    expect(next.status).toBe("quality-hold");
    expect(next.resolutions[0]).toMatchObject({ escalated: true });
    expect(next.escalations).toHaveLength(1);
  });
});

describe("negative satisfaction", () => {
  it("stops the customer's next case of that kind from following the precedent: it goes to a person again", async () => {
    // Bug caught: csat stored but not consulted, so an unhappy customer gets the same treatment unasked.
    const kind = "dock_door_closed";
    const first = await erp(
      (await placeSettled("CUST-002", [{ sku: "SKU-7211", qty: 5 }], "2024-10-02")).po_number,
      "exception.reported",
      "2024-10-03T09:00:00Z",
      { kind, detail: "receiving dock closed for repairs" },
    );
    expect(first.resolutions[0]).toMatchObject({ resolution_type: "human_review", escalated: true });
    const ex = first.exceptions[0]!;
    const decided = await decide(first.escalations[0]!.escalation_id, {
      decision: "modify",
      resolution: { resolution_type: "reschedule_delivery", explanation: "Deliver after the dock reopens." },
    });
    expect(decided.status).toBe(200);
    await waitForSettled(first.po_number);
    expect((await episodeOf(ex.exception_id))?.resolution_type).toBe("reschedule_delivery");

    const csat = await api(`/v1/orders/${first.po_number}/csat`, {
      method: "POST",
      token: TOKENS.beta,
      json: { exception_id: ex.exception_id, customer_satisfaction: "negative" },
    });
    expect(csat.status).toBe(200);
    const stored = await eventually(
      () => episodeOf(ex.exception_id),
      (row) => row?.customer_satisfaction === "negative",
    );
    expect(stored?.customer_satisfaction).toBe("negative");

    const second = await erp(
      (await placeSettled("CUST-002", [{ sku: "SKU-7211", qty: 6 }], "2024-10-20")).po_number,
      "exception.reported",
      "2024-10-21T09:00:00Z",
      { kind, detail: "receiving dock closed again" },
    );
    expect(second.resolutions[0]).toMatchObject({
      resolution_type: "human_review",
      escalated: true,
      precedent_episode_ids: [],
    });
    expect(second.status).toBe("exception");
  });
});

describe("exception.reported with a known kind in another casing is that kind", () => {
  it.each(["Carrier_Delay", "CARRIER-DELAY", " carrier delay "])(
    "%j is a carrier delay, resolved by the playbook without a person",
    async (kind) => {
      // Bug caught: a case-sensitive match sending a known kind to a person as never seen.
      const view = await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 3 }], "2024-10-02");
      const after = await erp(view.po_number, "exception.reported", "2024-10-03T09:00:00Z", {
        kind,
        detail: "truck broke down outside Toledo",
      });
      expect(after.exceptions[0]).toMatchObject({ type: "carrier_delay" });
      expect(after.resolutions[0]!.resolution_type).toMatch(/^notify(_with_discount)?$/);
      expect(after.resolutions[0]).toMatchObject({ escalated: false });
      expect(after.escalations).toEqual([]);
    },
  );

  it('"QUALITY_HOLD" is a quality hold: a person signs it off, as every quality case', async () => {
    // Bug caught: an upper-case kind taken as never seen (human_review) instead of the quality row.
    const view = await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 3 }], "2024-10-02");
    const after = await erp(view.po_number, "exception.reported", "2024-10-03T09:00:00Z", {
      kind: "QUALITY_HOLD",
      detail: "supplier recalled a batch",
    });
    expect(after.exceptions[0]).toMatchObject({ type: "quality_hold" });
    expect(after.resolutions[0]!.resolution_type).toMatch(/^(replacement_shipment|backorder_replacement)$/);
    expect(after.resolutions[0]).toMatchObject({ escalated: true });
    expect(after.escalations).toHaveLength(1);
  });
});

describe("rejecting a split the ERP has moved on from", () => {
  it.each(["cancelled", "in-production"])(
    "records the rejection of a %s order and touches none of its stock",
    async (status) => {
      // Bug caught: every rejected split re-planned: fulfillment released and re-reserved in D1 for an
      // order whose plan was then refused as an illegal transition, leaving the D1 change behind.
      const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 150 }], "2024-10-02");
      expect(view.status).toBe("awaiting-approval");
      const moved = await erp(view.po_number, "order.status_changed", "2024-10-03T09:00:00Z", { status });
      expect(moved.status).toBe(status);
      const held = await reservationsOf(moved);
      const stock = await stockOf("SKU-4892");

      const id = `ESC-${view.customer_id}-${view.po_number}-SPLIT`;
      expect((await decide(id, { decision: "reject", note: "Ship complete or not at all" })).status).toBe(200);
      const after = await waitForSettled(view.po_number);
      expect(after.status).toBe(status);
      expect(after.escalations[0]).toMatchObject({ escalation_id: id, status: "decided", decision: "reject" });
      expect(after.shipments).toEqual(moved.shipments);
      expect(await reservationsOf(after)).toEqual(held);
      expect(await stockOf("SKU-4892")).toEqual(stock);
    },
  );
});

describe("after a rejected split, a later exception run", () => {
  it("keeps the order waiting whole: the playbook does not ship the backorder in parts", async () => {
    // Bug caught: the backorder found on the next exception run resolved as split_shipment from
    // allow_partial_shipment alone, overturning the person's rejection (and telling the customer).
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 150 }], "2024-10-02");
    const id = `ESC-${view.customer_id}-${view.po_number}-SPLIT`;
    expect((await decide(id, { decision: "reject" })).status).toBe(200);
    expect((await waitForSettled(view.po_number)).status).toBe("backordered");

    const after = await erp(view.po_number, "exception.reported", "2024-10-04T09:00:00Z", {
      kind: "carrier_delay",
      detail: "truck broke down outside Toledo",
    });
    const backorder = after.exceptions.find((x) => x.type === "backorder");
    expect(backorder).toBeDefined();
    const resolution = after.resolutions.find((r) => r.exception_id === backorder?.exception_id);
    expect(resolution?.resolution_type).toBe("backorder_notify");
    expect(after.resolutions.map((r) => r.resolution_type)).not.toContain("split_shipment");
  });
});
