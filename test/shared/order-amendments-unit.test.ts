import { describe, expect, it } from "vitest";
import { decideCancel, decideChange, shippedLines } from "../../src/shared/order-amendments";
import { applyOrderEvent, type OrderView } from "../../src/shared/order-view";
import type { CancelInput, ChangeInput } from "../../src/shared/schemas/order-commands.schema";
import type { OrderEventBody } from "../../src/shared/schemas/order-event.schema";
import type { Transition } from "../../src/shared/transition";
import { buildOrderView, type LaterEvent, orderEvent } from "../fixtures/order-events";

const AT = "2024-10-21T10:00:00.000Z";
const caller = { source: { channel: "api" as const }, actor: "api" as const, business_at: AT, traceparent: null };

const confirmed: LaterEvent = {
  actor: "fulfillment",
  body: { type: "status.changed", data: { from: "received", to: "confirmed", reason: "planned" } },
};
const shipment = (id: string, warehouse: string, lines: { sku: string; qty: number }[]) => ({
  shipment_id: id,
  warehouse,
  lines,
  carrier: "UPS",
  tracking: null,
  status: "planned" as const,
  ship_date: "2024-10-22",
  eta: "2024-10-25",
});
const planned = (shipments: ReturnType<typeof shipment>[]): LaterEvent => ({
  actor: "fulfillment",
  body: {
    type: "fulfillment.planned",
    data: { plan: "single", shipments, backorders: [], eta: "2024-10-25", sla_risk: false, flags: [] },
  },
});
const TWO_LINES = [
  { sku: "SKU-4892", qty: 60, unit_price: 480, contract_price: 480 },
  { sku: "SKU-3300", qty: 2, unit_price: 3200, contract_price: 3200 },
];
/** A confirmed order of 60 x SKU-4892 (Chicago 50, Detroit 10) and 2 x SKU-3300, nothing shipped. */
const order = (later: LaterEvent[] = []) =>
  buildOrderView({ lines: TWO_LINES }, [
    planned([
      shipment("S1", "Chicago, IL", [
        { sku: "SKU-4892", qty: 50 },
        { sku: "SKU-3300", qty: 2 },
      ]),
      shipment("S2", "Detroit, MI", [{ sku: "SKU-4892", qty: 10 }]),
    ]),
    confirmed,
    ...later,
  ]);
const dispatched: LaterEvent = {
  actor: "erp",
  body: { type: "shipment.dispatched", data: { shipment_id: "S2", carrier: "UPS", tracking: "1Z", shipped_at: AT } },
};
const splitEscalation: LaterEvent = {
  actor: "fulfillment",
  body: {
    type: "escalation.opened",
    data: {
      escalation_id: "ESC-SPLIT",
      exception_id: null,
      reason: "split over $50,000",
      proposed_resolution: { action: "approve_split_shipment" },
    },
  },
};

const cancelOf = (request: CancelInput["request"], priced: CancelInput["priced"] = []): CancelInput => ({
  request,
  priced,
  ...caller,
});
const changeOf = (request: ChangeInput["request"], priced: ChangeInput["priced"] = []): ChangeInput => ({
  request,
  priced,
  ...caller,
});

/** The view after a transition's events (and its status change), as the object would fold them. */
function folded(view: OrderView, t: Transition): OrderView {
  let v = structuredClone(view);
  const bodies: OrderEventBody[] = [...t.events];
  if (t.status) bodies.push({ type: "status.changed", data: { from: view.status, ...t.status } });
  bodies.forEach((b, i) => {
    v = applyOrderEvent(v, orderEvent(view.version + i + 1, b));
  });
  return v;
}

describe("decideCancel", () => {
  it("cancels the whole order: every planned unit released, open escalations closed, cancelled, the customer told", () => {
    const view = order([splitEscalation]);
    const t = decideCancel(view, cancelOf({ reason: "postponed" }));
    expect(t.refused).toBeNull();
    expect(t.status).toMatchObject({ to: "cancelled" });
    expect(t.next_stage).toBe("comms");
    expect(t.events[0]).toMatchObject({
      type: "order.cancelled",
      data: {
        whole: true,
        lines: [
          { sku: "SKU-4892", qty_cancelled: 60, qty_remaining: 0 },
          { sku: "SKU-3300", qty_cancelled: 2, qty_remaining: 0 },
        ],
        escalations_closed: ["ESC-SPLIT"],
      },
    });
    const released = t.events[0]!.type === "order.cancelled" ? t.events[0]!.data.released : [];
    expect(released).toEqual(
      expect.arrayContaining([
        { sku: "SKU-4892", warehouse: "Detroit, MI", qty: 10 },
        { sku: "SKU-4892", warehouse: "Chicago, IL", qty: 50 },
        { sku: "SKU-3300", warehouse: "Chicago, IL", qty: 2 },
      ]),
    );
    expect(t.events[1]).toMatchObject({ type: "escalation.decided", data: { escalation_id: "ESC-SPLIT" } });
    const v = folded(view, t);
    expect(v.status).toBe("cancelled");
    expect(v.escalations[0]!.status).toBe("decided");
    expect(v.shipments.map((s) => s.status)).toEqual(["cancelled", "cancelled"]);
    expect(v.amendments[0]!.text).toMatch(/has been cancelled \(60 x SKU-4892, 2 x SKU-3300\)/);
  });

  it("cancels part of a line: the rest stays, planned again, released from the latest shipment first", () => {
    const view = order();
    const t = decideCancel(view, cancelOf({ reason: "fewer", lines: [{ sku: "SKU-4892", qty: 15 }] }));
    expect(t.status).toBeNull();
    expect(t.next_stage).toBe("fulfillment");
    expect(t.events[0]).toMatchObject({
      data: {
        whole: false,
        lines: [{ sku: "SKU-4892", qty_cancelled: 15, qty_remaining: 45 }],
        released: [
          { sku: "SKU-4892", warehouse: "Detroit, MI", qty: 10 },
          { sku: "SKU-4892", warehouse: "Chicago, IL", qty: 5 },
        ],
      },
    });
    const v = folded(view, t);
    expect(v.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["SKU-4892", 45],
      ["SKU-3300", 2],
    ]);
    expect(v.total).toBe(45 * 480 + 2 * 3200);
    expect(v.shipments).toEqual([]);
  });

  it("counts every outstanding unit cancelled line by line as a whole cancellation", () => {
    const t = decideCancel(
      order(),
      cancelOf({
        reason: "all",
        lines: [
          { sku: "SKU-4892", qty: 60 },
          { sku: "SKU-3300", qty: 2 },
        ],
      }),
    );
    expect(t.status).toMatchObject({ to: "cancelled" });
  });

  it("refuses once goods have shipped, naming them, and never moves the order", () => {
    const view = order([dispatched]);
    expect(shippedLines(view)).toEqual([{ sku: "SKU-4892", qty_shipped: 10 }]);
    const t = decideCancel(view, cancelOf({ reason: "late" }));
    expect(t.refused).toBe("goods have shipped: 10 x SKU-4892");
    expect(t.events).toEqual([]);
    expect(decideCancel(view, cancelOf({ reason: "r", lines: [{ sku: "SKU-3300", qty: 1 }] })).refused).toMatch(
      /goods have shipped/,
    );
  });

  it("refuses a part not on the order, more than is outstanding, and a part while fulfillment plans", () => {
    const view = order();
    expect(decideCancel(view, cancelOf({ reason: "r", lines: [{ sku: "SKU-7210", qty: 1 }] })).refused).toMatch(
      /not on the order/,
    );
    expect(decideCancel(view, cancelOf({ reason: "r", lines: [{ sku: "SKU-3300", qty: 3 }] })).refused).toMatch(
      /only 2 x SKU-3300/,
    );
    const partial = cancelOf({ reason: "r", lines: [{ sku: "SKU-3300", qty: 1 }] });
    expect(decideCancel(view, partial, ["fulfillment"]).refused).toMatch(/being planned/);
    expect(decideCancel(buildOrderView({ lines: TWO_LINES }), partial).refused).toMatch(/the order is received/);
  });

  it("cancels an order still being taken in as a whole, and refuses an order already cancelled", () => {
    const received = buildOrderView({ lines: TWO_LINES });
    const t = decideCancel(received, cancelOf({ reason: "oops" }));
    expect(t.status).toMatchObject({ to: "cancelled" });
    expect(decideCancel(folded(received, t), cancelOf({ reason: "again" })).refused).toMatch(/already cancelled/);
  });
});

describe("decideChange", () => {
  const priced4892 = (qty: number, price: number) => ({
    sku: "SKU-4892",
    description: "Widget",
    qty,
    unit_price: price,
    contract_price: price,
    list_price: 650,
    qty_shipped: 0,
  });

  it("re-prices a new quantity, records before and after, and hands the order to fulfillment", () => {
    const view = order([splitEscalation]);
    const t = decideChange(view, changeOf({ lines: [{ sku: "SKU-4892", qty: 40 }] }, [priced4892(40, 595)]));
    expect(t?.refused).toBeNull();
    expect(t?.next_stage).toBe("fulfillment");
    expect(t?.events[0]).toMatchObject({
      type: "order.changed",
      data: {
        changes: [{ sku: "SKU-4892", qty_before: 60, qty_after: 40, unit_price_before: 480, unit_price_after: 595 }],
        total_before: 60 * 480 + 2 * 3200,
        total_after: 40 * 595 + 2 * 3200,
        source: { channel: "api" },
      },
    });
    // The pending split approval no longer holds: it is closed and fulfillment asks again if it must.
    expect(t?.events[1]).toMatchObject({ type: "escalation.decided", data: { escalation_id: "ESC-SPLIT" } });
    const v = folded(view, t!);
    expect(v.lines[0]).toMatchObject({ qty: 40, unit_price: 595, description: view.lines[0]!.description });
    expect(v.shipments).toEqual([]);
    expect(v.amendments[0]!.text).toMatch(
      /SKU-4892 60 -> 40 at \$595\.00 each.*New total \$30200\.00 \(was \$35200\.00\)/,
    );
  });

  it("adds and removes lines in one change", () => {
    const view = order();
    const added = { ...priced4892(5, 62.5), sku: "SKU-7210" };
    const t = decideChange(
      view,
      changeOf(
        {
          lines: [
            { sku: "SKU-3300", qty: 0 },
            { sku: "SKU-7210", qty: 5 },
          ],
        },
        [added],
      ),
    );
    const v = folded(view, t!);
    expect(v.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["SKU-4892", 60],
      ["SKU-7210", 5],
    ]);
    expect(t?.events[0]).toMatchObject({
      data: {
        changes: [
          { sku: "SKU-3300", qty_before: 2, qty_after: 0 },
          { sku: "SKU-7210", qty_before: 0, qty_after: 5, unit_price_before: null, unit_price_after: 62.5 },
        ],
      },
    });
  });

  it("changes the requested date alone without planning again, and answers null when nothing changes", () => {
    const view = order();
    const t = decideChange(view, changeOf({ requested_delivery_date: "2024-12-01" }));
    expect(t?.next_stage).toBe("comms");
    expect(t?.events).toHaveLength(1);
    const v = folded(view, t!);
    expect(v.requested_delivery_date).toBe("2024-12-01");
    expect(v.shipments).toHaveLength(2);
    expect(decideChange(v, changeOf({ requested_delivery_date: "2024-12-01" }))).toBeNull();
    expect(decideChange(view, changeOf({ lines: [{ sku: "SKU-4892", qty: 60 }] }))).toBeNull();
  });

  it("refuses after dispatch, with no lines left, and without a price for a new quantity", () => {
    const req = changeOf({ lines: [{ sku: "SKU-4892", qty: 70 }] }, [priced4892(70, 480)]);
    expect(decideChange(order([dispatched]), req)?.refused).toMatch(/goods have shipped: 10 x SKU-4892/);
    const none = changeOf({
      lines: [
        { sku: "SKU-4892", qty: 0 },
        { sku: "SKU-3300", qty: 0 },
      ],
    });
    expect(decideChange(order(), none)?.refused).toMatch(/no lines/);
    expect(decideChange(order(), changeOf({ lines: [{ sku: "SKU-4892", qty: 70 }] }))?.refused).toMatch(/no price/);
  });
});
