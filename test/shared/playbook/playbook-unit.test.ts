import { describe, expect, it } from "vitest";
import { detectOrderExceptions, resolveException } from "../../../src/shared/playbook";
import { resolveBackorder } from "../../../src/shared/playbook/backorder";
import { resolvePricingDiscrepancy } from "../../../src/shared/playbook/pricing-discrepancy";
import type { PlaybookContext } from "../../../src/shared/playbook/resolution";
import type { DetectedException, RecordedException } from "../../../src/shared/schemas/exception.schema";
import type { BackorderLine } from "../../../src/shared/schemas/fulfillment.schema";
import { buildOrderView, type LaterEvent } from "../../fixtures/order-events";

const planned = (backorders: BackorderLine[]): LaterEvent => ({
  actor: "fulfillment",
  body: {
    type: "fulfillment.planned",
    data: { plan: "backorder", shipments: [], backorders, eta: "2024-11-18", sla_risk: true, flags: ["backorder"] },
  },
});
const BACKORDER: BackorderLine = { sku: "SKU-4892", qty: 30, supplier_eta: "2024-11-15", eta: "2024-11-18" };

describe("detectOrderExceptions", () => {
  it("finds nothing on an order charged at contract with no backorder", () => {
    expect(detectOrderExceptions(buildOrderView())).toEqual([]);
  });

  it("finds an overcharge against the contract price (seed PO-2024-11234: 50 x 495 vs 480)", () => {
    const view = buildOrderView({ lines: [{ sku: "SKU-4892", qty: 50, unit_price: 495, contract_price: 480 }] });
    const lines = [{ sku: "SKU-4892", qty: 50, charged: 495, contract: 480 }];
    expect(detectOrderExceptions(view)).toEqual([
      { type: "pricing_discrepancy", details: { source: "po", direction: "overcharge", lines } },
    ]);
  });

  it("finds over- and undercharges as two exceptions", () => {
    const view = buildOrderView({
      customer_id: "CUST-002",
      lines: [
        { sku: "SKU-7210", qty: 200, unit_price: 62.5, contract_price: 58 },
        { sku: "SKU-7211", qty: 100, unit_price: 70, contract_price: 78 },
      ],
    });
    const found = detectOrderExceptions(view);
    expect(found.map((f) => [f.type, f.details.direction])).toEqual([
      ["pricing_discrepancy", "overcharge"],
      ["pricing_discrepancy", "undercharge"],
    ]);
    expect(found[1]?.details.lines).toEqual([{ sku: "SKU-7211", qty: 100, charged: 70, contract: 78 }]);
  });

  it("ignores lines without a contract price", () => {
    const view = buildOrderView({ lines: [{ sku: "SKU-9010", qty: 20, unit_price: 300, contract_price: null }] });
    expect(detectOrderExceptions(view)).toEqual([]);
  });

  it("finds a backorder from the plan", () => {
    const view = buildOrderView({ customer_id: "CUST-003" }, [planned([BACKORDER])]);
    expect(detectOrderExceptions(view)).toEqual([
      { type: "backorder", details: { source: "allocation", backorders: [BACKORDER] } },
    ]);
  });
});

describe("detectOrderExceptions: cents", () => {
  it("sees no discrepancy in a price equal to the contract price to the cent", () => {
    const view = buildOrderView({ lines: [{ sku: "SKU-4892", qty: 1, unit_price: 480.004, contract_price: 480 }] });
    expect(detectOrderExceptions(view)).toEqual([]);
  });
});

describe("resolvePricingDiscrepancy", () => {
  it("credits sum((charged - contract) x qty)", () => {
    // (495 - 480) x 50 + (62.5 - 58) x 200 = 750 + 900
    const r = resolvePricingDiscrepancy([
      { sku: "SKU-4892", qty: 50, charged: 495, contract: 480 },
      { sku: "SKU-7210", qty: 200, charged: 62.5, contract: 58 },
    ]);
    expect(r).toMatchObject({ resolution_type: "credit_memo", escalated: false, amount: 1_650 });
    expect(r.precedent_episode_ids).toEqual([]);
    expect(r.rule_ids).toEqual([]);
    expect(r.model).toBeNull();
    expect(r.confidence).toBe(1);
    expect(r.explanation).toContain("$1650.00");
  });

  it("does not escalate a credit of exactly $5,000.00", () => {
    // (580 - 480) x 50
    const r = resolvePricingDiscrepancy([{ sku: "SKU-4892", qty: 50, charged: 580, contract: 480 }]);
    expect(r.amount).toBe(5_000);
    expect(r.escalated).toBe(false);
    expect(r.resolution_type).toBe("credit_memo");
  });

  it("escalates a credit of $5,000.01", () => {
    const r = resolvePricingDiscrepancy([{ sku: "SKU-4892", qty: 1, charged: 5_480.01, contract: 480 }]);
    expect(r.amount).toBe(5_000.01);
    expect(r.escalated).toBe(true);
    expect(r.resolution_type).toBe("credit_memo");
  });

  it("rounds the credit to cents", () => {
    // (480.10 - 480) x 3 = 0.30
    expect(resolvePricingDiscrepancy([{ sku: "SKU-4892", qty: 3, charged: 480.1, contract: 480 }]).amount).toBe(0.3);
  });

  it("turns an undercharge into an escalated invoice adjustment for the positive difference", () => {
    // (470 - 480) x 10 = -100
    const r = resolvePricingDiscrepancy([{ sku: "SKU-4892", qty: 10, charged: 470, contract: 480 }]);
    expect(r).toMatchObject({ resolution_type: "invoice_adjustment", escalated: true, amount: 100 });
    expect(r.explanation).toContain("$100.00");
  });

  it("escalates even a one-cent undercharge", () => {
    const r = resolvePricingDiscrepancy([{ sku: "SKU-7210", qty: 1, charged: 57.99, contract: 58 }]);
    expect(r).toMatchObject({ resolution_type: "invoice_adjustment", escalated: true, amount: 0.01 });
  });
});

describe("resolveBackorder", () => {
  it("ships what is in stock when partial shipment is allowed", () => {
    const r = resolveBackorder([BACKORDER], true);
    expect(r).toMatchObject({ resolution_type: "split_shipment", escalated: false });
    expect(r.amount).toBeUndefined();
    expect(r.explanation).toContain("30 x SKU-4892 expected 2024-11-15");
  });

  it("notifies with the supplier ETA when partial shipment is not allowed", () => {
    const r = resolveBackorder([BACKORDER], false);
    expect(r).toMatchObject({ resolution_type: "backorder_notify", escalated: false });
    expect(r.explanation).toContain("30 x SKU-4892 expected 2024-11-15");
  });

  it("falls back to the planned ETA when the supplier gave none", () => {
    const r = resolveBackorder([{ sku: "SKU-3300", qty: 4, supplier_eta: null, eta: "2024-11-28" }], false);
    expect(r.explanation).toContain("4 x SKU-3300 expected by 2024-11-28");
  });
});

const NO_MEMORY: PlaybookContext = { episodes: [], rules: [], availableStock: () => 0 };
const recorded = (ex: DetectedException, n = 1): RecordedException => ({
  ...ex,
  exception_id: `X${n}`,
  detected_at: "2024-10-01T00:00:00.000Z",
});

describe("resolveException", () => {
  it("resolves a detected backorder by the order's partial-shipment setting", () => {
    // Consolidated does not allow partial shipments; Acme does
    const consolidated = buildOrderView({ customer_id: "CUST-003" }, [planned([BACKORDER])]);
    const acme = buildOrderView({ customer_id: "CUST-001" }, [planned([BACKORDER])]);
    const [exConsolidated] = detectOrderExceptions(consolidated);
    const [exAcme] = detectOrderExceptions(acme);
    expect(exConsolidated && resolveException(recorded(exConsolidated), consolidated, NO_MEMORY).resolution_type).toBe(
      "backorder_notify",
    );
    expect(exAcme && resolveException(recorded(exAcme), acme, NO_MEMORY).resolution_type).toBe("split_shipment");
  });

  it("waits whole for stock after a person rejected the split, though the customer allows partial shipment", () => {
    // Bug caught: a later exception run deciding split_shipment from allow_partial_shipment alone,
    // overturning the person's rejection and telling the customer the order ships in parts.
    const escalation_id = "ESC-CUST-001-PO-1-SPLIT";
    const acme = buildOrderView({ customer_id: "CUST-001" }, [
      planned([BACKORDER]),
      {
        actor: "fulfillment",
        body: {
          type: "escalation.opened",
          data: {
            escalation_id,
            exception_id: null,
            reason: "split over the approval limit",
            proposed_resolution: { action: "approve_split_shipment" },
          },
        },
      },
      {
        actor: "ops",
        body: {
          type: "escalation.decided",
          data: {
            escalation_id,
            exception_id: null,
            decision: "reject",
            decided_by: "ops",
            note: null,
            resolution: null,
          },
        },
      },
    ]);
    expect(acme.allow_partial_shipment).toBe(true);
    const [ex] = detectOrderExceptions(acme);
    expect(ex && resolveException(recorded(ex), acme, NO_MEMORY).resolution_type).toBe("backorder_notify");
  });

  it("resolves a detected overcharge as a credit memo", () => {
    const view = buildOrderView({ lines: [{ sku: "SKU-4892", qty: 50, unit_price: 495, contract_price: 480 }] });
    const [ex] = detectOrderExceptions(view);
    expect(ex && resolveException(recorded(ex), view, NO_MEMORY)).toMatchObject({
      resolution_type: "credit_memo",
      amount: 750,
      escalated: false,
    });
  });

  it("sends never-seen exceptions and unreadable pricing details to a human", () => {
    const view = buildOrderView();
    expect(
      resolveException(recorded({ type: "unknown", details: { kind: "customs_hold" } }), view, NO_MEMORY),
    ).toMatchObject({
      resolution_type: "human_review",
      escalated: true,
    });
    expect(resolveException(recorded({ type: "pricing_discrepancy", details: {} }), view, NO_MEMORY)).toMatchObject({
      resolution_type: "human_review",
      escalated: true,
    });
  });

  it("does not find again what the order already records", () => {
    const view = buildOrderView({ lines: [{ sku: "SKU-4892", qty: 50, unit_price: 495, contract_price: 480 }] }, [
      {
        actor: "exception",
        body: {
          type: "exception.opened",
          data: {
            exception_id: "X1",
            type: "pricing_discrepancy",
            detected_at: "2024-10-01T00:00:00.000Z",
            details: {
              source: "po",
              direction: "overcharge",
              lines: [{ sku: "SKU-4892", qty: 50, charged: 495, contract: 480 }],
            },
          },
        },
      },
    ]);
    expect(detectOrderExceptions(view)).toEqual([]);
  });
});
