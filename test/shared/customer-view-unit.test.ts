import { describe, expect, it } from "vitest";
import { customerEvent, customerView, eventsFor, viewFor } from "../../src/shared/customer-view";
import { projectOrderView } from "../../src/shared/order-view";
import type { Resolution } from "../../src/shared/schemas/exception.schema";
import type { OrderEvent } from "../../src/shared/schemas/order-event.schema";
import { orderEvents, type LaterEvent } from "../fixtures/order-events";

const resolution: Resolution = {
  exception_id: "CUST-001-PO-2024-5001-EX1",
  resolution_type: "invoice_adjustment",
  escalated: true,
  amount: 750,
  precedent_episode_ids: ["OE-2024-04521"],
  rule_ids: ["OR-001"],
  model: "claude-sonnet-4-5",
  confidence: 0.82,
  explanation: "model advice: the customer has been undercharged before; ask finance",
};

const later: LaterEvent[] = [
  { actor: "api", body: { type: "admission.waiting", data: { position: 3 } } },
  { actor: "api", body: { type: "admission.released", data: { waited_ms: 20 } } },
  {
    actor: "exception",
    body: {
      type: "exception.opened",
      data: {
        exception_id: resolution.exception_id,
        type: "pricing_discrepancy",
        detected_at: "2024-10-20T10:00:00.000Z",
        details: {
          source: "invoice",
          invoice_id: "INV-1",
          direction: "overcharge",
          lines: [{ sku: "SKU-4892", qty: 60, charged: 490, contract: 480 }],
          note: "ERP says: finance double-checks ACME",
        },
      },
    },
  },
  { actor: "exception", body: { type: "exception.resolved", data: { resolution } } },
  {
    actor: "exception",
    body: {
      type: "escalation.opened",
      data: {
        escalation_id: `ESC-${resolution.exception_id}`,
        exception_id: resolution.exception_id,
        reason: "undercharge",
        proposed_resolution: { resolution_type: "invoice_adjustment" },
      },
    },
  },
  {
    actor: "ops",
    body: {
      type: "escalation.decided",
      data: {
        escalation_id: `ESC-${resolution.exception_id}`,
        exception_id: resolution.exception_id,
        decision: "approve",
        decided_by: "ops-jane",
        note: "internal: customer is on credit watch",
        resolution: null,
      },
    },
  },
  {
    actor: "exception",
    body: {
      type: "model.called",
      data: {
        interaction_id: "i1",
        task: "exception_investigation",
        model: "claude-sonnet-4-5",
        tier: "sonnet",
        input_tokens: 1,
        output_tokens: 1,
        cache_write_tokens: 0,
        cache_read_tokens: 0,
        latency_ms: 1,
        cost_usd: 0.01,
        cost_basis: "modeled",
        routing_reason: "x",
      },
    },
  },
  {
    actor: "exception",
    body: { type: "model.fallback", data: { task: "exception_investigation", reason: "overloaded" } },
  },
  {
    actor: "api",
    body: {
      type: "handoff.dead_lettered",
      data: {
        id: "h-dead-1",
        kind: "queue",
        stage: "comms",
        via: "dead_letter_queue",
        attempts: 6,
        reason: "queue retries ran out",
      },
    },
  },
  {
    actor: "api",
    body: { type: "handoff.abandoned", data: { handoff_id: "h-abandoned-1", stage: "fulfillment", redrives: 3 } },
  },
  {
    actor: "api",
    body: {
      type: "external.stale",
      data: {
        source: "carrier",
        webhook_id: "msg_stale_1",
        event_type: "weather_delay",
        occurred_at: "2024-10-19T00:00:00.000Z",
        known_at: "2024-10-20T00:00:00.000Z",
      },
    },
  },
  {
    actor: "comms",
    body: {
      type: "notification.sent",
      data: {
        milestone: "exception",
        channel: "email",
        sent_at: "2024-10-20T11:00:00.000Z",
        template: null,
        model: "claude-haiku-4-5",
        text: "We found a pricing difference.",
        due_by: "2024-10-20T13:00:00.000Z",
      },
    },
  },
  {
    actor: "ops",
    body: {
      type: "status.changed",
      data: {
        from: "exception",
        to: "confirmed",
        reason: "escalation approved by ops-jane",
        business_at: "2024-10-20T14:00:00.000Z",
      },
    },
  },
];

/** An order with everything operations know: its source, admission, an escalation, model advice. */
function fullOrder(): OrderEvent[] {
  const events = orderEvents({ channel: "edi" }, later);
  const first = events[0]!;
  if (first.type !== "order.received") throw new Error("the first event is order.received");
  first.data.source = { sender_id: "ACMEIND", interchange_control_number: "000000101", from: "buyer@acme.example" };
  return events;
}

const INTERNAL = [
  "ACMEIND",
  "buyer@acme.example",
  "ops-jane",
  "credit watch",
  "model advice",
  "OE-2024-04521",
  "OR-001",
  "finance double-checks",
  "waiting",
  "overloaded",
  "claude-sonnet-4-5",
  "h-dead-1",
  "retries ran out",
  "h-abandoned-1",
  "msg_stale_1",
];

describe("customerView (DESIGN §1: no operations notes, model advice or sources)", () => {
  it("leaves out source, admission, escalations, exception details and resolutions' model advice", () => {
    const view = projectOrderView(fullOrder());
    expect(view.escalations).toHaveLength(1);
    expect(view.dead_handoffs).toHaveLength(1);
    expect(view.abandoned_handoffs).toHaveLength(1);
    const shown = customerView(view);
    // That a model was unavailable and the rules decided is said to the customer too (DESIGN §7); why is operations'.
    expect(shown.flags).toContain("model_fallback");
    const text = JSON.stringify(shown);
    for (const secret of INTERNAL) expect(text, secret).not.toContain(secret);
    expect(shown).not.toHaveProperty("source");
    expect(shown).not.toHaveProperty("admission");
    expect(shown).not.toHaveProperty("escalations");
    expect(shown).not.toHaveProperty("dead_handoffs");
    expect(shown).not.toHaveProperty("abandoned_handoffs");
    expect(shown.resolutions).toEqual([
      {
        exception_id: resolution.exception_id,
        resolution_type: "invoice_adjustment",
        escalated: true,
        amount: 750,
        decision: "approve",
      },
    ]);
    expect(shown.exceptions).toEqual([
      {
        exception_id: resolution.exception_id,
        type: "pricing_discrepancy",
        status: "resolved",
        detected_at: "2024-10-20T10:00:00.000Z",
      },
    ]);
    // What the customer is owed stays: the order, its lines, its notifications.
    expect(shown).toMatchObject({
      po_number: view.po_number,
      customer_id: "CUST-001",
      total: view.total,
      lines: view.lines,
      notifications: view.notifications,
    });
  });

  it("projects the log: internal events are left out, the rest carry no internal data", () => {
    const events = fullOrder();
    const shown = events.flatMap((e) => customerEvent(e) ?? []);
    expect(shown.map((e) => e.type)).toEqual([
      "order.received",
      "intake.validated",
      "exception.opened",
      "exception.resolved",
      "notification.sent",
      "status.changed",
    ]);
    const text = JSON.stringify(shown);
    for (const secret of INTERNAL) expect(text, secret).not.toContain(secret);
    expect(shown.map((e) => e.seq)).toEqual([1, 2, 5, 6, 14, 15]);
    // A status change is the customer's to know; operations' reason for it is not.
    expect(shown.at(-1)?.data).toEqual({ from: "exception", to: "confirmed", business_at: "2024-10-20T14:00:00.000Z" });
  });

  it("gives operations everything, untouched", () => {
    const events = fullOrder();
    const view = projectOrderView(events);
    expect(viewFor("ops", view)).toBe(view);
    expect(eventsFor("ops", events)).toHaveLength(events.length);
    expect(JSON.stringify(eventsFor("ops", events))).toContain("ops-jane");
    expect(viewFor("customer", view)).toEqual(customerView(view));
    expect(eventsFor("customer", events)).toHaveLength(6);
  });
});
