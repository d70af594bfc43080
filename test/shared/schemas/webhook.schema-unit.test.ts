import { describe, expect, it } from "vitest";
import { fieldErrorsFromZod } from "../../../src/shared/order-validation";
import { CarrierEvent, ErpEvent, PartnerTime } from "../../../src/shared/schemas/webhook.schema";

describe("PartnerTime: dates and times as partners send them (DESIGN §5.3)", () => {
  it.each([
    ["2026-11-20", "2026-11-20T00:00:00.000Z"],
    ["2026-11-20T15:30:00Z", "2026-11-20T15:30:00Z"],
    ["2026-11-20T15:30:00.250Z", "2026-11-20T15:30:00.250Z"],
    ["2026-11-20T15:30:00", "2026-11-20T15:30:00.000Z"],
    ["2026-11-20T10:30:00-05:00", "2026-11-20T15:30:00.000Z"],
    ["2026-11-21T01:30:00+10:00", "2026-11-20T15:30:00.000Z"],
  ])("reads %s as %s", (sent, read) => {
    expect(PartnerTime.parse(sent)).toBe(read);
  });

  it.each(["20/11/2026", "2026-11-20 15:30", "yesterday", "2026-13-01", "2026-02-30", "", "1732060800"])(
    "refuses %j",
    (sent) => {
      expect(PartnerTime.safeParse(sent).success).toBe(false);
    },
  );
});

describe("every ERP and carrier time field reads dates alone", () => {
  it("shipment.dispatched with shipped_at a date alone is accepted as 00:00 UTC", () => {
    const e = ErpEvent.parse({
      type: "shipment.dispatched",
      po_number: "PO-2026-1120",
      occurred_at: "2026-11-20",
      data: { carrier: "UPS", tracking: "1Z999", shipped_at: "2026-11-20" },
    });
    expect(e.occurred_at).toBe("2026-11-20T00:00:00.000Z");
    expect(e.type === "shipment.dispatched" && e.data.shipped_at).toBe("2026-11-20T00:00:00.000Z");
  });

  it("inventory.updated takes supplier_eta as a date-time and keeps its UTC day", () => {
    const e = ErpEvent.parse({
      type: "inventory.updated",
      occurred_at: "2026-11-20T08:00:00+01:00",
      data: { sku: "SKU-4892", warehouse: "Dallas", on_hand: 3, supplier_eta: "2026-12-01T09:00:00Z" },
    });
    expect(e.occurred_at).toBe("2026-11-20T07:00:00.000Z");
    expect(e.type === "inventory.updated" && e.data.supplier_eta).toBe("2026-12-01");
  });

  it("a carrier event with local times and a date-only ETA is accepted", () => {
    const e = CarrierEvent.parse({
      tracking: "1Z999",
      carrier: "UPS",
      status: "in_transit",
      occurred_at: "2026-11-21T06:00:00",
      estimated_delivery: "2026-11-24",
    });
    expect(e).toMatchObject({
      occurred_at: "2026-11-21T06:00:00.000Z",
      estimated_delivery: "2026-11-24T00:00:00.000Z",
    });
  });

  it("anything else is refused naming the field", () => {
    const r = ErpEvent.safeParse({
      type: "shipment.dispatched",
      po_number: "PO-2026-1120",
      occurred_at: "2026-11-20",
      data: { carrier: "UPS", tracking: "1Z999", shipped_at: "20.11.2026" },
    });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrorsFromZod(r.error).map((x) => x.field)).toEqual(["data.shipped_at"]);
  });
});
