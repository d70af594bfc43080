import { describe, expect, it } from "vitest";
import {
  decideAdmissionRelease,
  decideAgentDecision,
  decideCsat,
  decideExternal,
  decideSubmission,
} from "../../src/shared/order-transitions";
import type { AgentDecision } from "../../src/shared/schemas/handoff.schema";
import type { SubmitOrder } from "../../src/shared/schemas/order-commands.schema";
import {
  duplicateResult,
  refusal,
  transitionBodies,
  transitionResult,
  type Transition,
} from "../../src/shared/transition";
import { buildOrderView } from "../fixtures/order-events";

const view = buildOrderView();

const decision = (status: AgentDecision["status"]): AgentDecision => ({
  handoff_id: "H-1",
  stage: "fulfillment",
  actor: "fulfillment",
  status,
  events: [],
  summary: "planned",
  next_stage: "comms",
  traceparent: null,
});

function submission(rejection: SubmitOrder["rejection"], admission: SubmitOrder["admission"] = null): SubmitOrder {
  return {
    received: {
      po: { po_number: "PO-1", customer_id: "CUST-001", line_items: [{ sku: "SKU-4892", qty: 1 }] },
      channel: "portal",
      customer: null,
      received_at: "2024-10-20T09:00:00.000Z",
      order_date: "2024-10-20",
      business_start: "2024-10-20T09:00:00.000Z",
      sanitized: false,
      attacks_detected: [],
      quarantined_fields: [],
    },
    admission,
    rejection,
    traceparent: null,
  };
}

describe("transitionBodies: the one place status.changed is written", () => {
  const moves: Transition = {
    events: [{ type: "admission.released", data: { waited_ms: 5 } }],
    status: { to: "confirmed", reason: "stock reserved", business_at: "2024-10-20T10:00:00.000Z" },
    next_stage: null,
    refused: null,
  };

  it("appends status.changed from the order's status after the transition's own events", () => {
    expect(transitionBodies(view, moves).at(-1)).toEqual({
      type: "status.changed",
      data: { from: view.status, to: "confirmed", reason: "stock reserved", business_at: "2024-10-20T10:00:00.000Z" },
    });
  });

  it("writes no status.changed to the status the order already has, for a refusal, or for a stale event", () => {
    const same = { ...moves, status: { ...moves.status!, to: view.status } };
    expect(transitionBodies(view, same)).toEqual(moves.events);
    expect(transitionBodies(view, { ...moves, refused: "no" })).toEqual(moves.events);
    expect(transitionBodies(view, { ...moves, stale: { occurred_at: "a", known_at: "b" } })).toEqual(moves.events);
  });
});

describe("transitionResult: the one answer of every mutating RPC", () => {
  it("tells applied, refused, stale and duplicate apart", () => {
    const applied: Transition = { events: [], status: null, next_stage: null, refused: null };
    expect(transitionResult(applied, view)).toEqual({ applied: true, outcome: "applied", refused: null, view });
    expect(transitionResult(refusal("why"), view)).toEqual({
      applied: false,
      outcome: "refused",
      refused: "why",
      view,
    });
    expect(transitionResult({ ...applied, stale: { occurred_at: "a", known_at: "b" } }, view).outcome).toBe("stale");
    expect(duplicateResult(view)).toEqual({ applied: false, outcome: "duplicate", refused: null, view });
  });
});

describe("command transitions", () => {
  it("a PO rejected at intake moves from received to rejected, with no handoff", () => {
    const t = decideSubmission(submission({ errors: [{ field: "po", message: "bad" }], warnings: [] }));
    expect(t.next_stage).toBeNull();
    expect(transitionBodies(null, t).map((b) => b.type)).toEqual([
      "order.received",
      "order.rejected",
      "status.changed",
    ]);
    expect(transitionBodies(null, t).at(-1)?.data).toMatchObject({ from: "received", to: "rejected" });
  });

  it("a PO waiting for admission is recorded without a handoff; an admitted one goes to intake", () => {
    const waiting = decideSubmission(submission(null, { decision: "waiting", position: 3 }));
    expect(waiting.events.map((e) => e.type)).toEqual(["order.received", "admission.waiting"]);
    expect(waiting.next_stage).toBeNull();
    expect(decideSubmission(submission(null, { decision: "admitted" })).next_stage).toBe("intake");
  });

  it("an agent's illegal status is refused, recorded as decision.refused, and hands nothing on", () => {
    const t = decideAgentDecision(view, decision({ to: "delivered", reason: "skip ahead" }));
    expect(t.refused).toBe(`illegal transition ${view.status} -> delivered`);
    expect(t.events).toEqual([
      { type: "decision.refused", data: { handoff_id: "H-1", stage: "fulfillment", reason: t.refused } },
    ]);
  });

  it("an agent's legal decision closes its handoff, moves the status and hands on", () => {
    const t = decideAgentDecision(view, decision({ to: "confirmed", reason: "reserved" }));
    expect(t.refused).toBeNull();
    expect(t.events.at(-1)?.type).toBe("handoff.completed");
    expect(t.status).toEqual({ to: "confirmed", reason: "reserved", business_at: view.business_start });
    expect(t.next_stage).toBe("comms");
  });

  it("a carrier event for an unknown tracking number is refused and recorded as external.refused", () => {
    const t = decideExternal(view, {
      source: "carrier",
      webhook_id: "W-1",
      event: {
        tracking: "NOPE",
        carrier: "FastFreight",
        status: "delivered",
        location: "",
        occurred_at: "2024-10-21T09:00:00.000Z",
      },
      traceparent: null,
    });
    expect(t.refused).toBe("no shipment tracked as NOPE");
    expect(t.events).toEqual([
      {
        type: "external.refused",
        data: { source: "carrier", webhook_id: "W-1", event_type: "carrier.delivered", reason: t.refused },
      },
    ]);
  });

  it("admission releases only a waiting order, handing it to intake with how long it waited", () => {
    expect(decideAdmissionRelease(view, Date.now()).refused).toBe("the order is not waiting for admission");
    expect(decideAdmissionRelease(null, Date.now()).refused).not.toBeNull();
    const waiting = { ...view, admission: "waiting" as const };
    const t = decideAdmissionRelease(waiting, Date.parse(view.received_at) + 1_500);
    expect(t.events).toEqual([{ type: "admission.released", data: { waited_ms: 1_500 } }]);
    expect(t.next_stage).toBe("intake");
  });

  it("satisfaction is refused for an exception the order does not have", () => {
    const t = decideCsat(view, { exception_id: "EX-NONE", customer_satisfaction: "positive", traceparent: null });
    expect(t).toEqual(refusal(`no exception EX-NONE on ${view.po_number}`));
  });
});
