import { describe, expect, it } from "vitest";
import { orderOpsMessages } from "../../src/shared/ops-stream";
import { orderEvent, orderEvents } from "../fixtures/order-events";

const order = { customer_id: "CUST-001", po_number: "PO-OPS-1" };

describe("orderOpsMessages", () => {
  it("gives each event of a new order its own message, with the status once that event applied", () => {
    const events = [
      ...orderEvents({ po_number: order.po_number }),
      orderEvent(3, { type: "status.changed", data: { from: "received", to: "confirmed", reason: "valid" } }, "intake"),
    ];
    const messages = orderOpsMessages(order, null, events);
    expect(messages).toEqual([
      { type: "order.event", at: events[0]!.at, ...order, event_type: "order.received", status: "received" },
      { type: "order.event", at: events[1]!.at, ...order, event_type: "intake.validated", status: "received" },
      { type: "order.event", at: events[2]!.at, ...order, event_type: "status.changed", status: "confirmed" },
    ]);
  });

  it("starts a later commit from the status before it, and adds a message for each escalation opened or decided", () => {
    const opened = orderEvent(
      7,
      {
        type: "escalation.opened",
        data: { escalation_id: "ESC-1", exception_id: null, reason: "split over $50,000", proposed_resolution: null },
      },
      "fulfillment",
      "2024-10-21T10:00:00.000Z",
    );
    const held = orderEvent(8, {
      type: "status.changed",
      data: { from: "confirmed", to: "awaiting-approval", reason: "a person decides" },
    });
    expect(orderOpsMessages(order, "confirmed", [opened, held])).toEqual([
      { type: "order.event", at: opened.at, ...order, event_type: "escalation.opened", status: "confirmed" },
      { type: "escalation.opened", at: opened.at, escalation_id: "ESC-1", ...order },
      { type: "order.event", at: held.at, ...order, event_type: "status.changed", status: "awaiting-approval" },
    ]);
  });

  it("answers nothing for a commit that stored nothing", () => {
    expect(orderOpsMessages(order, "confirmed", [])).toEqual([]);
  });
});
