import { describe, expect, it } from "vitest";
import { resolveException } from "../../../src/shared/playbook";
import type { PlaybookContext } from "../../../src/shared/playbook/resolution";
import { type DetectedException, RecordedException } from "../../../src/shared/schemas/exception.schema";
import { OrderEventBody } from "../../../src/shared/schemas/order-event.schema";
import { buildOrderView } from "../../fixtures/order-events";

/** Exceptions as OrderObjects stored them before details were typed: `data` column text, as written. */
const STORED: Record<string, string> = {
  "seed backorder": `{"exception_id":"X1","type":"backorder","detected_at":"2024-10-20T12:00:00Z",
    "details":{"description":"SKU-4892 short until 2024-11-15"}}`,
  "seed quality hold": `{"exception_id":"X1","type":"quality_hold","detected_at":"2024-10-22T12:00:00Z",
    "details":{"description":"lot L-2291 held","sku":"SKU-4892","lot":null}}`,
  "seed carrier delay": `{"exception_id":"X1","type":"carrier_delay","detected_at":"2024-10-25T12:00:00Z",
    "details":{"description":"stuck at the Memphis hub","carrier":"FedEx Freight","hub":null,"tracking":"FX-1"}}`,
  "ERP quality hold": `{"exception_id":"X1","type":"quality_hold","detected_at":"2024-10-22T12:00:00Z",
    "details":{"sku":"SKU-4892","lot":"L-2291","reason":"seal defect","qty":60}}`,
  "ERP report of a known kind": `{"exception_id":"X1","type":"pricing_discrepancy","detected_at":"2024-10-22T12:00:00Z",
    "details":{"source":"erp","kind":"Pricing-Discrepancy","detail":null}}`,
  "ERP report never seen": `{"exception_id":"X1","type":"unknown","detected_at":"2024-10-22T12:00:00Z",
    "details":{"source":"erp","kind":"customs_hold","detail":"papers missing"}}`,
  "carrier delay": `{"exception_id":"X1","type":"carrier_delay","detected_at":"2024-10-25T12:00:00Z",
    "details":{"source":"carrier","cause":"weather","carrier":"FedEx Freight","tracking":"FX-1",
    "shipment_id":"PO-1-S1","hub":"Memphis, TN","previous_eta":"2024-10-28","new_eta":"2024-11-30","detail":null}}`,
  "carrier exception": `{"exception_id":"X1","type":"unknown","detected_at":"2024-10-25T12:00:00Z",
    "details":{"source":"carrier","kind":"carrier_exception","carrier":"FedEx Freight","tracking":"FX-1",
    "shipment_id":"PO-1-S1","location":"Memphis, TN","detail":"damaged pallet"}}`,
  "invoice overcharge": `{"exception_id":"X1","type":"pricing_discrepancy","detected_at":"2024-10-25T12:00:00Z",
    "details":{"source":"invoice","invoice_id":"INV-9","direction":"overcharge",
    "lines":[{"sku":"SKU-4892","qty":60,"charged":490,"contract":480}]}}`,
  "inventory drop": `{"exception_id":"X1","type":"backorder","detected_at":"2024-10-25T12:00:00Z",
    "details":{"source":"inventory","sku":"SKU-4892","warehouse":"WH-EAST","qty":10,"supplier_eta":null}}`,
  "test fixture without details": `{"exception_id":"X1","type":"pricing_discrepancy",
    "detected_at":"2024-10-25T12:00:00Z","details":{}}`,
};

/** What the OrderObject does with a stored row: parse its body against the event schema. */
const readStored = (data: string) => OrderEventBody.parse({ type: "exception.opened", data: JSON.parse(data) });

const NO_MEMORY: PlaybookContext = { episodes: [], rules: [], availableStock: () => 0 };

describe("exception details, as stored", () => {
  it.each(Object.entries(STORED))("reads %s back unchanged, fields beyond its shape kept", (_name, data) => {
    expect(readStored(data).data).toEqual(JSON.parse(data));
  });

  it("folds an exception stored before details were typed, and decides it as before", () => {
    const stored = readStored(STORED["seed carrier delay"]!);
    const view = buildOrderView({}, [{ actor: "seed", body: stored }]);
    expect(view.exceptions).toEqual([expect.objectContaining({ exception_id: "X1", status: "open" })]);
    expect(view.exceptions[0]?.details).toMatchObject({
      description: "stuck at the Memphis hub",
      carrier: "FedEx Freight",
    });
    const [ex] = view.exceptions;
    // No new ETA in the seed shape: the order's own ETA stands, and nothing says it misses the SLA.
    expect(ex && resolveException(ex, view, NO_MEMORY)).toMatchObject({ resolution_type: "notify", escalated: false });
  });

  it("decides a seeded quality hold (no quantity recorded) as a backordered replacement, escalated", () => {
    const stored = readStored(STORED["seed quality hold"]!);
    const view = buildOrderView({}, [{ actor: "seed", body: stored }]);
    const [ex] = view.exceptions;
    expect(ex && resolveException(ex, view, { ...NO_MEMORY, availableStock: () => 500 })).toMatchObject({
      resolution_type: "backorder_replacement",
      escalated: true,
    });
  });
});

describe("exception details, checked by type", () => {
  const parse = (type: string, details: unknown) =>
    RecordedException.safeParse({ exception_id: "X1", type, detected_at: "2024-10-25T12:00:00Z", details }).success;

  it("refuses a carrier delay from the carrier without the shipment it delays", () => {
    const { shipment_id: _gone, ...details } = JSON.parse(STORED["carrier delay"]!).details;
    expect(parse("carrier_delay", details)).toBe(false);
  });

  it("refuses priced lines that are not lines, and a direction that is neither", () => {
    expect(parse("pricing_discrepancy", { source: "po", direction: "overcharge", lines: "60 x SKU-4892" })).toBe(false);
    expect(parse("pricing_discrepancy", { source: "po", direction: "sideways", lines: [] })).toBe(false);
  });

  it("refuses one type's details under another type", () => {
    const invoice = JSON.parse(STORED["invoice overcharge"]!).details;
    expect(parse("pricing_discrepancy", invoice)).toBe(true);
    expect(parse("carrier_delay", invoice)).toBe(false);
    expect(parse("quality_hold", invoice)).toBe(false);
  });

  it("refuses a report without its kind, a SKU that is not text, and a type the playbook does not have", () => {
    expect(parse("unknown", { source: "erp", detail: null })).toBe(false);
    expect(parse("quality_hold", { sku: 4892, lot: "L-2291" })).toBe(false);
    expect(parse("customs_hold", {})).toBe(false);
  });

  it("refuses fields beyond a shape that are not plain JSON", () => {
    expect(parse("backorder", { description: { nested: { deeper: 1 } } })).toBe(false);
  });
});

describe("exception details, checked by the compiler", () => {
  it("types each exception's details by its type", () => {
    const delay: DetectedException = {
      type: "carrier_delay",
      // @ts-expect-error a delay the carrier reports names the shipment it delays
      details: {
        source: "carrier",
        cause: "weather",
        carrier: "FedEx Freight",
        tracking: "FX-1",
        hub: "Memphis, TN",
        previous_eta: "2024-10-28",
        new_eta: "2024-11-30",
        detail: null,
      },
    };
    const hold: DetectedException = {
      type: "quality_hold",
      // @ts-expect-error priced lines belong to a pricing discrepancy, not a quality hold
      details: { source: "po", direction: "overcharge", lines: [] },
    };
    expect(parseDetected(delay)).toBe(false);
    expect(parseDetected(hold)).toBe(false);
  });
});

function parseDetected(ex: DetectedException): boolean {
  return RecordedException.safeParse({ ...ex, exception_id: "X1", detected_at: "2024-10-25T12:00:00Z" }).success;
}
