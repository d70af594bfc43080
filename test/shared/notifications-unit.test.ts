import { describe, expect, it } from "vitest";
import { dueNotifications, inTierTone } from "../../src/shared/notifications";
import type { OrderStatus } from "../../src/shared/order-lifecycle";
import type { Resolution } from "../../src/shared/schemas/exception.schema";
import { buildOrderView, type LaterEvent, type OrderSpec } from "../fixtures/order-events";

const RECEIVED = "2024-10-20T09:00:00.000Z";

const moves = (...path: OrderStatus[]): LaterEvent[] =>
  path.slice(1).map((to, i) => ({
    actor: "fulfillment",
    body: { type: "status.changed", data: { from: path[i]!, to, reason: "test" } },
  }));
const sent = (milestone: string): LaterEvent => ({
  actor: "comms",
  body: {
    type: "notification.sent",
    data: {
      milestone,
      channel: "email",
      sent_at: RECEIVED,
      template: milestone,
      model: null,
      text: "sent",
      due_by: RECEIVED,
    },
  },
});
const exceptionOpened = (id: string, detected_at: string): LaterEvent => ({
  actor: "exception",
  body: { type: "exception.opened", data: { exception_id: id, type: "pricing_discrepancy", detected_at, details: {} } },
});
const exceptionResolved = (id: string, escalated: boolean, amount?: number): LaterEvent => {
  const resolution: Resolution = {
    exception_id: id,
    resolution_type: escalated ? "invoice_adjustment" : "credit_memo",
    escalated,
    ...(amount === undefined ? {} : { amount }),
    precedent_episode_ids: [],
    rule_ids: [],
    model: null,
    confidence: 1,
    explanation: "Credit issued.",
  };
  return { actor: "exception", body: { type: "exception.resolved", data: { resolution } } };
};
const view = (spec: OrderSpec, later: LaterEvent[]) =>
  buildOrderView({ po_number: "PO-2024-5001", received_at: RECEIVED, ...spec }, later);

describe("dueNotifications: status milestones", () => {
  it("owes an order_confirmed notice within Acme's 4 response hours", () => {
    const due = dueNotifications(view({}, moves("received", "confirmed")));
    expect(due).toEqual([
      {
        milestone: "order_confirmed",
        template: "order_confirmed",
        due_by: "2024-10-20T13:00:00.000Z",
        text:
          "Purchase order PO-2024-5001 for Acme Industrial is confirmed: 1 line(s), total $28800.00, 0 shipment(s), " +
          "expected delivery to be confirmed. Your contract's delivery window is 14 days.",
        routine: true,
      },
    ]);
  });

  it.each([
    ["CUST-002", "2024-10-20T17:00:00.000Z"],
    ["CUST-003", "2024-10-20T21:00:00.000Z"],
  ])("dates %s's notice by its contract response time", (customer_id, due_by) => {
    expect(dueNotifications(view({ customer_id }, moves("received", "confirmed")))[0]?.due_by).toBe(due_by);
  });

  it("gives a customer without a contract 24 hours", () => {
    expect(dueNotifications(view({ with_contract: false }, moves("received", "confirmed")))[0]?.due_by).toBe(
      "2024-10-21T09:00:00.000Z",
    );
  });

  it("honours an explicit response time (a rule such as OR-001's 2 hours)", () => {
    expect(dueNotifications(view({}, moves("received", "confirmed")), 2)[0]?.due_by).toBe("2024-10-20T11:00:00.000Z");
  });

  it("counts from the start of the PO's own date for a back-filled order", () => {
    const backfilled = view(
      { order_date: "2024-09-15", business_start: "2024-09-15T00:00:00.000Z" },
      moves("received", "confirmed"),
    );
    expect(dueNotifications(backfilled)[0]?.due_by).toBe("2024-09-15T04:00:00.000Z");
  });

  it.each([
    [["received", "confirmed", "backordered"], "order_backordered"],
    [["received", "confirmed", "awaiting-approval"], "order_awaiting_approval"],
    [["received", "rejected"], "order_rejected"],
  ] as const)("owes one notice for the path %j: %s", (path, milestone) => {
    const due = dueNotifications(view({}, moves(...path)));
    expect(due.map((d) => [d.milestone, d.template])).toEqual([[milestone, milestone]]);
  });

  it("owes a shipping notice once the order ships", () => {
    const due = dueNotifications(view({}, moves("received", "confirmed", "shipped")));
    expect(due.map((d) => d.template)).toEqual(["order_shipped"]);
  });

  it.each([["received"], ["received", "confirmed", "in-production"]] as const)(
    "owes nothing for the path %j",
    (...path) => {
      expect(dueNotifications(view({}, moves(...path)))).toEqual([]);
    },
  );

  it("does not send a milestone again once it is in the view", () => {
    expect(dueNotifications(view({}, [...moves("received", "confirmed"), sent("order_confirmed")]))).toEqual([]);
  });

  it("owes the backorder notice after the confirmation was sent", () => {
    const due = dueNotifications(
      view({}, [...moves("received", "confirmed"), sent("order_confirmed"), ...moves("confirmed", "backordered")]),
    );
    expect(due.map((d) => d.milestone)).toEqual(["order_backordered"]);
  });
});

describe("dueNotifications: resolutions", () => {
  it("owes one notice per resolved exception, due from the exception's detected_at", () => {
    const v = view({ customer_id: "CUST-003" }, [
      ...moves("received", "confirmed", "shipped"),
      exceptionOpened("EX1", "2024-11-15T12:00:00.000Z"),
      exceptionResolved("EX1", false, 750),
    ]);
    const due = dueNotifications(v).filter((d) => d.milestone.startsWith("resolution:"));
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({
      milestone: "resolution:EX1",
      template: "resolution_credit_memo",
      due_by: "2024-11-16T00:00:00.000Z",
    });
    expect(due[0]?.text).toBe(
      "Update on purchase order PO-2024-5001: pricing discrepancy handled by credit memo. Amount: $750.00. Credit issued.",
    );
  });

  it("tells the customer an escalated case is being reviewed", () => {
    const v = view({}, [exceptionOpened("EX1", "2024-10-20T10:30:00.000Z"), exceptionResolved("EX1", true, 100)]);
    const [due] = dueNotifications(v);
    expect(due?.due_by).toBe("2024-10-20T14:30:00.000Z");
    expect(due?.template).toBe("resolution_invoice_adjustment");
    expect(due?.text).toContain("Our operations team is reviewing it and will follow up.");
  });

  it("owes the status notice and each resolution together, skipping the ones sent", () => {
    const v = view({}, [
      ...moves("received", "confirmed"),
      exceptionOpened("EX1", "2024-10-20T10:00:00.000Z"),
      exceptionOpened("EX2", "2024-10-20T11:00:00.000Z"),
      exceptionResolved("EX1", false),
      exceptionResolved("EX2", false),
      sent("resolution:EX1"),
    ]);
    expect(dueNotifications(v).map((d) => [d.milestone, d.due_by])).toEqual([
      ["order_confirmed", "2024-10-20T13:00:00.000Z"],
      ["resolution:EX2", "2024-10-20T15:00:00.000Z"],
    ]);
  });

  it("dates a resolution without its exception from the business start", () => {
    const [due] = dueNotifications(view({}, [exceptionResolved("EX7", false)]));
    expect(due?.due_by).toBe("2024-10-20T13:00:00.000Z");
    expect(due?.text).toContain("an issue handled by credit memo.");
    expect(due?.text).not.toContain("Amount:");
  });
});

describe("dueNotifications: which notices a model words (issue 15)", () => {
  it("marks status milestones routine and an exception's outcome not, so only the outcome goes to a model", () => {
    const v = view({}, [
      ...moves("received", "confirmed"),
      exceptionOpened("EX1", "2024-10-20T10:00:00.000Z"),
      exceptionResolved("EX1", true, 100),
    ]);
    expect(dueNotifications(v).map((d) => [d.milestone, d.routine])).toEqual([
      ["order_confirmed", true],
      ["resolution:EX1", false],
    ]);
  });

  it.each([
    [["received", "confirmed", "backordered"]],
    [["received", "confirmed", "awaiting-approval"]],
    [["received", "rejected"]],
    [["received", "confirmed", "shipped", "delivered"]],
  ] as const)("treats the milestone of %j as routine", (path) => {
    expect(dueNotifications(view({}, moves(...path))).map((d) => d.routine)).toEqual([true]);
  });
});

describe("inTierTone", () => {
  const sla = { delivery_window_days: 14, response_time_hours: 4 };

  it("frames the draft with the tier's greeting and closing and states the SLA, every fact the draft's", () => {
    expect(inTierTone("PO-1 is confirmed.", "strategic", sla)).toBe(
      "Hello from your account team,\n\nPO-1 is confirmed. Our commitment: delivery within 14 days of your order " +
        "date and a response within 4 hours.\n\nWe are glad to walk through this on a call at your convenience.",
    );
  });

  it("falls back to the standard tone, and says no commitment without a contract", () => {
    expect(inTierTone("PO-1 is confirmed.", "unheard-of", null)).toBe(
      "Hello,\n\nPO-1 is confirmed.\n\nThank you for your order.",
    );
  });
});
