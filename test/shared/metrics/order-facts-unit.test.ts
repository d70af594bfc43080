import { describe, expect, it } from "vitest";
import { exceptionFacts, orderMetricFacts } from "../../../src/shared/metrics/order-facts";
import type { OrderView } from "../../../src/shared/order-view";
import type { Shipment } from "../../../src/shared/schemas/fulfillment.schema";
import { buildOrderView } from "../../fixtures/order-events";

// Acme's contract delivers within 14 days: ordered 2024-10-20, due 2024-11-03.
const base = buildOrderView({ order_date: "2024-10-20", received_at: "2024-10-20T09:00:00.000Z" });
const view = (patch: Partial<OrderView>): OrderView => ({ ...base, ...patch });
const shipment = (id: string, status: Shipment["status"], patch: Partial<Shipment> = {}): Shipment => ({
  shipment_id: id,
  warehouse: "Chicago, IL",
  lines: [{ sku: "SKU-4892", qty: 1 }],
  carrier: "UPS",
  tracking: `1Z${id}`,
  status,
  ship_date: "2024-10-22",
  eta: "2024-10-28",
  ...patch,
});

describe("an order's metric facts", () => {
  it("a received order is not settled, is due on its contract date, and has nothing late", () => {
    expect(base.sla?.delivery_window_days).toBe(14);
    expect(orderMetricFacts(base)).toEqual({
      settledMs: null,
      slaDue: "2024-11-03",
      deliveredOn: null,
      slaRisk: 0,
      lateNotifications: 0,
    });
  });

  it("settles when nothing is pending past received, measured from intake; never while it waits for admission", () => {
    const settled = view({ status: "confirmed", pending_handoffs: 0, updated_at: "2024-10-20T09:00:01.500Z" });
    expect(orderMetricFacts(settled).settledMs).toBe(1500);
    expect(orderMetricFacts({ ...settled, pending_handoffs: 1 }).settledMs).toBeNull();
    expect(orderMetricFacts({ ...settled, admission: "waiting" }).settledMs).toBeNull();
  });

  it("is delivered on its last shipment's day once every shipment not cancelled is delivered", () => {
    const first = shipment("A", "delivered", { carrier_event_at: "2024-10-28T15:00:00Z" });
    const second = shipment("B", "delivered", { carrier_event_at: "2024-10-30T11:00:00Z" });
    expect(orderMetricFacts(view({ shipments: [second, first] })).deliveredOn).toBe("2024-10-30");
    expect(orderMetricFacts(view({ shipments: [first, shipment("C", "cancelled")] })).deliveredOn).toBe("2024-10-28");
    expect(orderMetricFacts(view({ shipments: [first, shipment("B", "shipped")] })).deliveredOn).toBeNull();
    expect(orderMetricFacts(view({ shipments: [] })).deliveredOn).toBeNull();
  });

  it("is at risk when planning said so or a shipment on its way is now due after the contract date", () => {
    expect(orderMetricFacts(view({ sla_risk: true })).slaRisk).toBe(1);
    expect(orderMetricFacts(view({ shipments: [shipment("A", "shipped", { eta: "2024-11-04" })] })).slaRisk).toBe(1);
    expect(orderMetricFacts(view({ shipments: [shipment("A", "shipped", { eta: "2024-11-03" })] })).slaRisk).toBe(0);
    const late = shipment("A", "delivered", { eta: "2024-11-04", carrier_event_at: "2024-11-04T10:00:00Z" });
    expect(orderMetricFacts(view({ shipments: [late] })).slaRisk).toBe(0);
  });

  it("counts notifications that went out after their due time", () => {
    const note = (sent_at: string, due_by: string) => ({
      channel: "email",
      sent_at,
      due_by,
      template: null,
      model: null,
      text: "",
      milestone: sent_at,
    });
    const notifications = [
      note("2024-10-20T12:00:00.000Z", "2024-10-20T13:00:00.000Z"),
      note("2024-10-20T13:00:00.000Z", "2024-10-20T13:00:00.000Z"),
      note("2024-10-20T13:00:00.001Z", "2024-10-20T13:00:00.000Z"),
    ];
    expect(orderMetricFacts(view({ notifications })).lateNotifications).toBe(1);
  });

  it("owes no delivery date when rejected, cancelled or without a contract window", () => {
    expect(orderMetricFacts(view({ status: "rejected" })).slaDue).toBeNull();
    expect(orderMetricFacts(view({ status: "cancelled" })).slaDue).toBeNull();
    expect(orderMetricFacts(view({ sla: null })).slaDue).toBeNull();
  });
});

describe("an order's exception facts", () => {
  it("gives each exception its resolution, open until it has one, and whether a person was asked", () => {
    const exceptions = [
      { exception_id: "EX1", type: "carrier_delay", detected_at: "2024-10-21", details: {}, status: "resolved" },
      { exception_id: "EX2", type: "pricing_discrepancy", detected_at: "2024-10-21", details: {}, status: "escalated" },
      { exception_id: "EX3", type: "quality_issue", detected_at: "2024-10-21", details: {}, status: "open" },
    ] as unknown as OrderView["exceptions"];
    const resolution = (exception_id: string, resolution_type: string, escalated: boolean) => ({
      exception_id,
      resolution_type,
      escalated,
      precedent_episode_ids: [],
      rule_ids: [],
      model: null,
      confidence: 1,
      explanation: "",
    });
    const facts = exceptionFacts(
      view({ exceptions, resolutions: [resolution("EX2", "human_review", true), resolution("EX1", "notify", false)] }),
    );
    expect(facts).toEqual([
      { exceptionId: "EX1", type: "carrier_delay", resolutionType: "notify", escalated: 0 },
      { exceptionId: "EX2", type: "pricing_discrepancy", resolutionType: "human_review", escalated: 1 },
      { exceptionId: "EX3", type: "quality_issue", resolutionType: "open", escalated: 0 },
    ]);
  });
});
