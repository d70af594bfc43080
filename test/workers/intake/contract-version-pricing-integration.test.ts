import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contractsKind } from "../../../src/shared/admin/contracts-kind";
import { Contract } from "../../../src/shared/schemas/reference.schema";
import { api, freshPo, TOKENS, waitForSettled } from "../../fixtures/api";

const CUSTOMER = "CUST-9102";

function version(from: string | null, to: string | null, price: number): Contract {
  return Contract.parse({
    contract_id: "CTR-PRICED-1",
    customer_id: CUSTOMER,
    customer: "Versioned Buyer Co",
    payment_terms: "Net 30",
    sla: { delivery_window_days: 12, response_time_hours: 4 },
    effective_from: from,
    effective_to: to,
    pricing_tiers: [{ sku: "SKU-9010", min_qty: 1, max_qty: null, price }],
  });
}

await env.DB.prepare(
  "INSERT OR IGNORE INTO customers (customer_id, name, tier, contact_email, allow_partial_shipment) VALUES (?, ?, 'standard', ?, 1)",
)
  .bind(CUSTOMER, "Versioned Buyer Co", "buyer@versioned.example")
  .run();
await env.DB.batch(
  await contractsKind.writes(env.DB, [version(null, "2025-03-31", 200), version("2025-04-01", null, 190)]),
);

async function priceOn(orderDate: string) {
  const po = freshPo();
  const res = await api("/v1/orders", {
    method: "POST",
    token: TOKENS.ops,
    json: { po_number: po, customer_id: CUSTOMER, line_items: [{ sku: "SKU-9010", qty: 1 }], order_date: orderDate },
  });
  expect(res.status).toBe(202);
  return (await waitForSettled(po)).lines[0];
}

describe("an order is priced by the contract version in force on its order date", () => {
  it("charges the old version's price before the new version starts and the new one from its first day", async () => {
    expect(await priceOn("2025-03-31")).toMatchObject({ unit_price: 200, contract_price: 200, list_price: 215 });
    expect(await priceOn("2025-04-01")).toMatchObject({ unit_price: 190, contract_price: 190, list_price: 215 });
  });

  it("answers 422 naming the row and the version it overlaps when an import's versions overlap", () => {
    const errors = contractsKind.check?.([version(null, "2025-04-01", 200), version("2025-04-01", null, 190)]);
    expect(errors).toEqual([
      {
        row: 2,
        field: "effective_from",
        message: expect.stringMatching(/overlaps \S+@ \(open to 2025-04-01\) in this import/),
      },
    ]);
  });
});
