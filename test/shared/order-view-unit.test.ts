import { describe, expect, it } from "vitest";
import type { OrderStatus } from "../../src/shared/order-lifecycle";
import { openHandoffs, projectOrderView } from "../../src/shared/order-view";
import type { Resolution } from "../../src/shared/schemas/exception.schema";
import type { Actor, Stage } from "../../src/shared/schemas/order-event.schema";
import { buildOrderView, orderEvent, orderEvents, type LaterEvent } from "../fixtures/order-events";

const status = (from: OrderStatus, to: OrderStatus, actor: Actor = "fulfillment"): LaterEvent => ({
  actor,
  body: { type: "status.changed", data: { from, to, reason: "test" } },
});
const issued = (id: string, stage: Stage = "fulfillment"): LaterEvent => ({
  actor: "api",
  body: { type: "handoff.issued", data: { handoff_id: id, stage } },
});
const completed = (id: string, stage: Stage = "fulfillment"): LaterEvent => ({
  actor: "fulfillment",
  body: { type: "handoff.completed", data: { handoff_id: id, stage, summary: "done" } },
});
const refused = (id: string, stage: Stage = "fulfillment"): LaterEvent => ({
  actor: "fulfillment",
  body: { type: "decision.refused", data: { handoff_id: id, stage, reason: "stale" } },
});
const opened = (id: string): LaterEvent => ({
  actor: "exception",
  body: {
    type: "exception.opened",
    data: {
      exception_id: id,
      type: "pricing_discrepancy",
      detected_at: "2024-10-20T10:00:00.000Z",
      details: { source: "po", direction: "overcharge", lines: [] },
    },
  },
});
const resolved = (id: string, escalated: boolean): LaterEvent => {
  const resolution: Resolution = {
    exception_id: id,
    resolution_type: escalated ? "invoice_adjustment" : "credit_memo",
    escalated,
    amount: 750,
    precedent_episode_ids: [],
    rule_ids: [],
    model: null,
    confidence: 1,
    explanation: "test",
  };
  return { actor: "exception", body: { type: "exception.resolved", data: { resolution } } };
};

describe("projectOrderView: the first two events", () => {
  it("builds the view from order.received and intake.validated", () => {
    const view = buildOrderView({
      po_number: "PO-2024-5001",
      lines: [{ sku: "SKU-4892", qty: 60, unit_price: 480, contract_price: 480 }],
    });
    expect(view).toMatchObject({
      po_number: "PO-2024-5001",
      customer_id: "CUST-001",
      customer: "Acme Industrial",
      channel: "portal",
      status: "received",
      total: 28_800,
      currency: "USD",
      contract_id: "CTR-2024-001",
      payment_terms: "Net 45",
      sla: { delivery_window_days: 14, response_time_hours: 4 },
      allow_partial_shipment: true,
      priority: "standard",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      version: 2,
      pending_handoffs: 0,
    });
    expect(view.lines).toEqual([
      {
        sku: "SKU-4892",
        description: "Industrial Valve Assembly - 4 inch",
        qty: 60,
        unit_price: 480,
        contract_price: 480,
        list_price: 595,
        qty_shipped: 0,
      },
    ]);
  });

  it("takes partial-shipment consent from the PO over the customer's setting", () => {
    expect(buildOrderView({ customer_id: "CUST-003" }).allow_partial_shipment).toBe(false);
    expect(buildOrderView({ customer_id: "CUST-003", allow_partial_shipment: true }).allow_partial_shipment).toBe(true);
    expect(buildOrderView({ customer_id: "CUST-001", allow_partial_shipment: false }).allow_partial_shipment).toBe(
      false,
    );
  });

  it("refuses a log that does not start with order.received, and an empty log", () => {
    const [, validated] = orderEvents();
    expect(validated).toBeDefined();
    expect(() => projectOrderView(validated ? [validated] : [])).toThrow("precedes order.received");
    expect(() => projectOrderView([])).toThrow();
  });

  it("tracks version and updated_at from the last event", () => {
    const view = buildOrderView({}, [{ ...status("received", "confirmed"), at: "2024-10-21T08:00:00.000Z" }]);
    expect(view.version).toBe(3);
    expect(view.updated_at).toBe("2024-10-21T08:00:00.000Z");
  });
});

describe("projectOrderView: agents_invoked", () => {
  it("lists agents in order of first appearance, once each", () => {
    const view = buildOrderView({}, [
      status("received", "confirmed", "fulfillment"),
      opened("EX1"),
      status("confirmed", "confirmed", "intake"),
      {
        actor: "comms",
        body: {
          type: "notification.sent",
          data: { milestone: "m", channel: "email", sent_at: "x", template: null, model: null, text: "t", due_by: "y" },
        },
      },
      status("confirmed", "confirmed", "fulfillment"),
    ]);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
  });

  it("leaves out actors that are not agents", () => {
    const view = buildOrderView({}, [
      status("received", "confirmed", "ops"),
      status("confirmed", "shipped", "erp"),
      status("shipped", "delivered", "carrier"),
    ]);
    expect(view.agents_invoked).toEqual(["intake"]);
  });
});

describe("projectOrderView: pending_handoffs", () => {
  it("counts handoffs issued and not completed or refused", () => {
    const view = buildOrderView({}, [
      issued("H1", "intake"),
      issued("H2"),
      issued("H3"),
      completed("H1", "intake"),
      refused("H2"),
    ]);
    expect(view.pending_handoffs).toBe(1);
    expect(openHandoffs(orderEvents({}, [issued("H1", "intake"), issued("H2"), completed("H1", "intake")]))).toEqual([
      { handoff_id: "H2", stage: "fulfillment" },
    ]);
  });

  it("is 0 once every handoff is answered", () => {
    expect(buildOrderView({}, [issued("H1"), completed("H1")]).pending_handoffs).toBe(0);
  });

  it("counts one more while the PO waits for admission, none once released", () => {
    const waiting = buildOrderView({ admission: "waiting" });
    expect(waiting.admission).toBe("waiting");
    expect(waiting.pending_handoffs).toBe(1);
    const waitingEvent: LaterEvent = { actor: "api", body: { type: "admission.waiting", data: { position: 3 } } };
    expect(buildOrderView({ admission: "admitted" }, [waitingEvent, issued("H1")]).pending_handoffs).toBe(2);
    const released = buildOrderView({ admission: "waiting" }, [
      { actor: "api", body: { type: "admission.released", data: { waited_ms: 1200 } } },
    ]);
    expect(released.admission).toBe("admitted");
    expect(released.pending_handoffs).toBe(0);
  });
});

describe("projectOrderView: exceptions", () => {
  it("opens an exception and resolves it", () => {
    const open = buildOrderView({}, [opened("EX1")]);
    expect(open.exceptions).toEqual([
      {
        exception_id: "EX1",
        type: "pricing_discrepancy",
        status: "open",
        detected_at: "2024-10-20T10:00:00.000Z",
        details: { source: "po", direction: "overcharge", lines: [] },
      },
    ]);
    const done = buildOrderView({}, [opened("EX1"), resolved("EX1", false)]);
    expect(done.exceptions[0]?.status).toBe("resolved");
    expect(done.resolutions.map((r) => r.exception_id)).toEqual(["EX1"]);
  });

  it("marks an escalated resolution's exception escalated, leaving others open", () => {
    const view = buildOrderView({}, [opened("EX1"), opened("EX2"), resolved("EX2", true)]);
    expect(view.exceptions.map((e) => [e.exception_id, e.status])).toEqual([
      ["EX1", "open"],
      ["EX2", "escalated"],
    ]);
  });

  it("records a resolution for an unknown exception without touching the others", () => {
    const view = buildOrderView({}, [opened("EX1"), resolved("EX9", false)]);
    expect(view.exceptions[0]?.status).toBe("open");
    expect(view.resolutions).toHaveLength(1);
  });
});

describe("projectOrderView: status and flags", () => {
  it("adds awaiting_approval on awaiting-approval and removes it on the next status", () => {
    const waiting = buildOrderView({ flags: ["price_mismatch"] }, [
      status("received", "confirmed"),
      status("confirmed", "awaiting-approval"),
    ]);
    expect(waiting.status).toBe("awaiting-approval");
    expect(waiting.flags).toEqual(["price_mismatch", "awaiting_approval"]);
    const approved = buildOrderView({ flags: ["price_mismatch"] }, [
      status("received", "confirmed"),
      status("confirmed", "awaiting-approval"),
      status("awaiting-approval", "confirmed", "ops"),
    ]);
    expect(approved.status).toBe("confirmed");
    expect(approved.flags).toEqual(["price_mismatch"]);
  });

  it("adds each flag once across intake, planning and status changes", () => {
    const view = buildOrderView({ flags: ["split_required"] }, [
      {
        actor: "fulfillment",
        body: {
          type: "fulfillment.planned",
          data: {
            plan: "split",
            shipments: [],
            backorders: [],
            eta: null,
            sla_risk: false,
            flags: ["split_required", "backorder"],
          },
        },
      },
      status("received", "confirmed"),
      status("confirmed", "awaiting-approval"),
      status("awaiting-approval", "awaiting-approval"),
    ]);
    expect(view.flags).toEqual(["split_required", "backorder", "awaiting_approval"]);
  });

  describe("split_required after a person decides the split", () => {
    const planned = (plan: "split" | "backorder", flags: string[]): LaterEvent => ({
      actor: "fulfillment",
      body: {
        type: "fulfillment.planned",
        data: { plan, shipments: [], backorders: [], eta: null, sla_risk: false, flags },
      },
    });
    const escalation = (id: string, exceptionId: string | null, action: string): LaterEvent => ({
      actor: "fulfillment",
      body: {
        type: "escalation.opened",
        data: { escalation_id: id, exception_id: exceptionId, reason: "test", proposed_resolution: { action } },
      },
    });
    const decided = (id: string, exceptionId: string | null, decision: "approve" | "reject"): LaterEvent => ({
      actor: "ops",
      body: {
        type: "escalation.decided",
        data: {
          escalation_id: id,
          exception_id: exceptionId,
          decision,
          decided_by: "ops",
          note: null,
          resolution: null,
        },
      },
    });
    const split = [
      planned("split", ["split_required"]),
      escalation("ESC-SPLIT", null, "approve_split_shipment"),
      status("received", "awaiting-approval"),
    ];

    it("drops the flag when the split is rejected and the order is planned again whole", () => {
      const view = buildOrderView({ flags: ["price_mismatch"] }, [
        ...split,
        decided("ESC-SPLIT", null, "reject"),
        status("awaiting-approval", "backordered", "ops"),
        planned("backorder", ["backorder"]),
      ]);
      expect(view.status).toBe("backordered");
      expect(view.flags).toEqual(["price_mismatch", "backorder"]);
    });

    it("keeps the flag when the split is approved", () => {
      const view = buildOrderView({ flags: [] }, [
        ...split,
        decided("ESC-SPLIT", null, "approve"),
        status("awaiting-approval", "confirmed", "ops"),
      ]);
      expect(view.flags).toEqual(["split_required"]);
    });

    it("keeps the flag when another escalation of the order is rejected", () => {
      const view = buildOrderView({ flags: [] }, [
        planned("split", ["split_required"]),
        opened("EXC-1"),
        escalation("ESC-EXC-1", "EXC-1", "credit_memo"),
        decided("ESC-EXC-1", "EXC-1", "reject"),
      ]);
      expect(view.flags).toEqual(["split_required"]);
    });
  });

  it("records a rejection's errors", () => {
    const events = orderEvents().slice(0, 1);
    events.push(
      orderEvent(
        2,
        {
          type: "order.rejected",
          data: { errors: [{ field: "customer_id", message: "unknown customer CUST-999" }], warnings: [] },
        },
        "intake",
      ),
    );
    const view = projectOrderView(events);
    expect(view.validation.status).toBe("rejected");
    expect(view.validation.errors).toEqual([{ field: "customer_id", message: "unknown customer CUST-999" }]);
  });
});

describe("projectOrderView: shipments", () => {
  const plannedS1 = (lines: { sku: string; qty: number }[]): LaterEvent => ({
    actor: "fulfillment",
    body: {
      type: "fulfillment.planned",
      data: {
        plan: "single",
        shipments: [
          {
            shipment_id: "S1",
            warehouse: "Chicago, IL",
            lines,
            carrier: "UPS",
            tracking: null,
            status: "planned",
            ship_date: "2024-10-21",
            eta: "2024-10-24",
          },
        ],
        backorders: [],
        eta: "2024-10-24",
        sla_risk: false,
        flags: [],
      },
    },
  });
  const dispatchS1: LaterEvent = {
    actor: "erp",
    body: {
      type: "shipment.dispatched",
      data: { shipment_id: "S1", carrier: "FedEx", tracking: "7946", shipped_at: "2024-10-22T15:00:00Z" },
    },
  };

  it("marks a dispatched shipment shipped and counts its quantities on the lines", () => {
    const view = buildOrderView({ lines: [{ sku: "SKU-4892", qty: 150, unit_price: 480 }] }, [
      plannedS1([{ sku: "SKU-4892", qty: 120 }]),
      dispatchS1,
    ]);
    expect(view.shipments[0]).toMatchObject({
      status: "shipped",
      carrier: "FedEx",
      tracking: "7946",
      ship_date: "2024-10-22",
    });
    expect(view.lines[0]?.qty_shipped).toBe(120);
  });

  it("ignores a dispatch or delivery of a shipment it does not know", () => {
    const view = buildOrderView({}, [
      plannedS1([{ sku: "SKU-4892", qty: 60 }]),
      {
        actor: "erp",
        body: {
          type: "shipment.dispatched",
          data: { shipment_id: "S9", carrier: "UPS", tracking: "1Z", shipped_at: "2024-10-22T15:00:00Z" },
        },
      },
      {
        actor: "carrier",
        body: { type: "shipment.delivered", data: { shipment_id: "S9", delivered_at: "2024-10-25T15:00:00Z" } },
      },
    ]);
    expect(view.shipments[0]?.status).toBe("planned");
    expect(view.lines[0]?.qty_shipped).toBe(0);
  });

  it("counts a shipment across several lines of the same SKU", () => {
    const view = buildOrderView(
      {
        lines: [
          { sku: "SKU-4892", qty: 50, unit_price: 480 },
          { sku: "SKU-4892", qty: 30, unit_price: 480 },
        ],
      },
      [plannedS1([{ sku: "SKU-4892", qty: 80 }]), dispatchS1],
    );
    expect(view.lines.map((l) => l.qty_shipped)).toEqual([50, 30]);
  });
});

describe("projectOrderView: sends given up on", () => {
  const deadLettered = (id: string, via: "outbox" | "dead_letter_queue"): LaterEvent => ({
    actor: "api",
    body: {
      type: "handoff.dead_lettered",
      data: { id, kind: "queue", stage: "fulfillment", via, attempts: 10, reason: "queue unavailable" },
    },
  });
  const abandoned = (id: string): LaterEvent => ({
    actor: "api",
    body: { type: "handoff.abandoned", data: { handoff_id: id, stage: "fulfillment", redrives: 3 } },
  });

  it("shows a dead-lettered or abandoned handoff once, until an answer to it arrives", () => {
    const stuck = buildOrderView({}, [
      issued("h1"),
      deadLettered("h1", "outbox"),
      deadLettered("h1", "dead_letter_queue"),
      abandoned("h1"),
    ]);
    expect(stuck.dead_handoffs).toEqual([
      expect.objectContaining({ id: "h1", via: "dead_letter_queue", stage: "fulfillment" }),
    ]);
    expect(stuck.abandoned_handoffs).toEqual([expect.objectContaining({ handoff_id: "h1", redrives: 3 })]);
    expect(stuck.pending_handoffs).toBe(1);
    const answered = buildOrderView({}, [issued("h1"), deadLettered("h1", "outbox"), abandoned("h1"), completed("h1")]);
    expect(answered).toMatchObject({ dead_handoffs: [], abandoned_handoffs: [], pending_handoffs: 0 });
  });

  it("keeps a dead side effect that is no handoff for operations", () => {
    const view = buildOrderView({}, [
      {
        actor: "api",
        body: {
          type: "handoff.dead_lettered",
          data: { id: "stock:S1", kind: "stock", stage: null, via: "outbox", attempts: 10, reason: "D1 unavailable" },
        },
      },
      completed("h9"),
    ]);
    expect(view.dead_handoffs.map((d) => d.id)).toEqual(["stock:S1"]);
  });
});
