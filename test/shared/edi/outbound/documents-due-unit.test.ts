import { describe, expect, it } from "vitest";
import { outboundDocumentsDue } from "../../../../src/shared/edi/outbound/documents-due";
import type { AmendmentSource } from "../../../../src/shared/schemas/amendment.schema";
import type { OrderEvent } from "../../../../src/shared/schemas/order-event.schema";
import { orderEvent } from "../../../fixtures/order-events";

const ORDER = {
  po_number: "PO-1",
  customer_id: "CUST-001",
  order_date: "2024-09-15",
  channel: "edi" as const,
  source: { sender_id: "ACMEIND", interchange_control_number: "000000101" },
  lines: [
    {
      sku: "SKU-4892",
      description: "",
      qty: 60,
      unit_price: 480,
      contract_price: 480,
      list_price: 595,
      qty_shipped: 0,
    },
    {
      sku: "SKU-3300",
      description: "",
      qty: 10,
      unit_price: 3200,
      contract_price: null,
      list_price: 3200,
      qty_shipped: 0,
    },
  ],
  shipments: [
    {
      shipment_id: "SHP-1",
      warehouse: "WH-EAST",
      lines: [{ sku: "SKU-4892", qty: 60 }],
      carrier: "UPS",
      tracking: "1Z1",
      status: "shipped" as const,
      ship_date: null,
      eta: null,
    },
  ],
};

const planned = (seq: number, backorders: { sku: string; qty: number }[] = []): OrderEvent =>
  orderEvent(seq, {
    type: "fulfillment.planned",
    data: {
      plan: "single",
      shipments: [],
      backorders: backorders.map((b) => ({ ...b, supplier_eta: null, eta: "2024-10-01" })),
      eta: null,
      sla_risk: false,
      flags: [],
    },
  });
const EDI_860: AmendmentSource = {
  channel: "edi",
  transaction_set: "860",
  sender_id: "ACMEIND",
  interchange_control_number: "000000202",
  transaction_control_number: "0001",
};

const docs = (events: OrderEvent[], prior: OrderEvent[] = [], order = ORDER) =>
  outboundDocumentsDue(order, prior, events).map((d) => ({ seq: d.event_seq, doc: d.document }));

describe("outboundDocumentsDue", () => {
  it("the first plan is acknowledged by an 855: lines accepted, a backordered part IB, BAK02 AC", () => {
    const [due] = docs([planned(4, [{ sku: "SKU-3300", qty: 4 }])]);
    expect(due?.seq).toBe(4);
    expect(due?.doc).toMatchObject({
      type: "855",
      ack_type: "AC",
      lines: [
        { sku: "SKU-4892", acks: [{ status: "IA", qty: 60 }] },
        {
          sku: "SKU-3300",
          acks: [
            { status: "IA", qty: 6 },
            { status: "IB", qty: 4 },
          ],
        },
      ],
    });
    expect(docs([planned(4)])[0]?.doc).toMatchObject({ ack_type: "AD" });
  });

  it("a re-plan (after a change) is not acknowledged again, nor is any order that did not come by EDI", () => {
    expect(docs([planned(9)], [planned(4)])).toEqual([]);
    expect(docs([planned(4)], [], { ...ORDER, channel: "portal" as never })).toEqual([]);
  });

  it("a refused order gets an 855 RJ with every line IR", () => {
    const [due] = docs([orderEvent(2, { type: "order.rejected", data: { errors: [], warnings: [] } })]);
    expect(due?.doc).toMatchObject({ type: "855", ack_type: "RJ", lines: [{ acks: [{ status: "IR" }] }, {}] });
  });

  it("a change by API or 850 gets an 855, by 860 an 865, with IQ/IR/IA lines and POC change types", () => {
    const changes = [
      { sku: "SKU-4892", qty_before: 60, qty_after: 80, unit_price_before: 480, unit_price_after: 480 },
      { sku: "SKU-3300", qty_before: 10, qty_after: 0, unit_price_before: 3200, unit_price_after: 3200 },
    ];
    const change = (source: AmendmentSource) =>
      orderEvent(7, {
        type: "order.changed",
        data: { changes, total_before: 0, total_after: 0, note: "", lines: [], source, business_at: "" },
      });
    const byApi = docs([change({ channel: "api" })]);
    expect(byApi[0]?.doc.type).toBe("855");
    const by860 = docs([change(EDI_860)]);
    expect(by860[0]?.doc).toMatchObject({
      type: "865",
      lines: [
        { sku: "SKU-4892", change: "QI", acks: [{ status: "IQ", qty: 80 }] },
        { sku: "SKU-3300", change: "DI", acks: [{ status: "IR", qty: 10 }] },
      ],
    });
  });

  it("a cancellation is acknowledged, in part with IQ, whole with every line IR (POC DI)", () => {
    const cancelled = (whole: boolean, lines: { sku: string; qty_cancelled: number; qty_remaining: number }[]) =>
      orderEvent(8, {
        type: "order.cancelled",
        data: { reason: "r", whole, lines, released: [], escalations_closed: [], source: EDI_860, business_at: "" },
      });
    expect(docs([cancelled(false, [{ sku: "SKU-3300", qty_cancelled: 4, qty_remaining: 6 }])])[0]?.doc).toMatchObject({
      type: "865",
      lines: [
        { sku: "SKU-4892", acks: [{ status: "IA" }] },
        { sku: "SKU-3300", qty: 6, change: "QD", acks: [{ status: "IQ", qty: 6 }] },
      ],
    });
    const whole = cancelled(true, [
      { sku: "SKU-4892", qty_cancelled: 60, qty_remaining: 0 },
      { sku: "SKU-3300", qty_cancelled: 10, qty_remaining: 0 },
    ]);
    expect(docs([whole])[0]?.doc).toMatchObject({
      type: "865",
      ack_type: "AC",
      lines: [
        { sku: "SKU-4892", qty: 0, change: "DI", acks: [{ status: "IR", qty: 60 }] },
        { sku: "SKU-3300", qty: 0, change: "DI", acks: [{ status: "IR", qty: 10 }] },
      ],
    });
  });

  it("a change leaving a price unknown acknowledges the line at the price it now has", () => {
    const change = orderEvent(7, {
      type: "order.changed",
      data: {
        changes: [{ sku: "SKU-3300", qty_before: 10, qty_after: 12, unit_price_before: null, unit_price_after: null }],
        total_before: 0,
        total_after: 0,
        note: null,
        lines: [],
        source: EDI_860,
        business_at: "",
      },
    });
    expect(docs([change])[0]?.doc).toMatchObject({ type: "865", lines: [{}, { sku: "SKU-3300", unit_price: 3200 }] });
  });

  it("a dispatch gets an 856 of its shipment, an invoice an 810 of its lines", () => {
    const shipped = { shipment_id: "SHP-1", carrier: "UPS", tracking: "1Z1", shipped_at: "2024-09-17T15:00:00Z" };
    const invoice = {
      invoice_id: "INV-1",
      occurred_at: "2024-09-20T10:00:00Z",
      lines: [{ sku: "SKU-4892", qty: 60, unit_price: 480 }],
    };
    const [asn, inv] = docs([
      orderEvent(11, { type: "shipment.dispatched", data: shipped }),
      orderEvent(12, { type: "invoice.recorded", data: invoice }),
    ]);
    expect(asn).toMatchObject({
      seq: 11,
      doc: { type: "856", lines: [{ sku: "SKU-4892", qty_ordered: 60, qty_shipped: 60 }] },
    });
    expect(inv).toMatchObject({ seq: 12, doc: { type: "810", invoice_id: "INV-1" } });
  });
});
