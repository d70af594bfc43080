import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contractsKind } from "../../../src/shared/admin/contracts-kind";
import { loadContract } from "../../../src/shared/db/reference-repository";
import { Contract } from "../../../src/shared/schemas/reference.schema";
import { LimitedD1 } from "../../fixtures/limited-d1";

const CUSTOMER = "CUST-9101";
/** The bulk versions' own customer, so that they do not compete with CUSTOMER's contract. */
const BULK_CUSTOMER = "CUST-9103";

function version(
  contractId: string,
  from: string | null,
  to: string | null,
  price: number,
  customer = CUSTOMER,
): Contract {
  return Contract.parse({
    contract_id: contractId,
    customer_id: customer,
    customer: "Kind Test Co",
    payment_terms: "Net 30",
    sla: { delivery_window_days: 10, response_time_hours: 4 },
    effective_from: from,
    effective_to: to,
    pricing_tiers: [
      { sku: "SKU-7211", min_qty: 1, max_qty: 99, price },
      { sku: "SKU-7211", min_qty: 100, max_qty: null, price: price - 5 },
      { sku: "SKU-7210", min_qty: 1, max_qty: null, price: price - 10 },
    ],
  });
}

async function apply(db: D1Database, items: readonly Contract[]) {
  await db.batch(await contractsKind.writes(db, items));
}

await env.DB.batch(
  [CUSTOMER, BULK_CUSTOMER].map((id) =>
    env.DB.prepare(
      "INSERT OR IGNORE INTO customers (customer_id, name, tier, contact_email, allow_partial_shipment) VALUES (?, 'Kind Test Co', 'standard', ?, 1)",
    ).bind(id, `buyer-${id}@kind-test.example`),
  ),
);

describe("contractsKind writes and load", () => {
  it("stores hundreds of versions within D1's limits and loads them back as they were written", async () => {
    const items = Array.from({ length: 300 }, (_, i) =>
      version(`CTR-BULK-${i}`, null, null, 70 + (i % 7), BULK_CUSTOMER),
    );
    const db = new LimitedD1(env.DB);
    await apply(db, items);
    expect(db.usage.maxParameters).toBeLessThanOrEqual(100);
    expect(db.usage.queries).toBeLessThan(100);
    const loaded = (await contractsKind.load(env.DB)).filter((c) => c.contract_id.startsWith("CTR-BULK-"));
    expect(loaded).toEqual(items);
  });

  it("replaces a version's tiers on re-import and keeps the versions the import does not name", async () => {
    const v1 = version("CTR-KIND-1", null, "2025-06-30", 80);
    const v2 = version("CTR-KIND-1", "2025-07-01", null, 90);
    await apply(env.DB, [v1, v2]);
    const v2b = { ...v2, payment_terms: "Net 15", pricing_tiers: [v2.pricing_tiers[0]!] };
    await apply(env.DB, [v2b]);
    const stored = (await contractsKind.load(env.DB)).filter((c) => c.contract_id === "CTR-KIND-1");
    expect(stored).toEqual([v1, v2b]);
    expect(await loadContract(env.DB, CUSTOMER, "2025-06-30")).toEqual(v1);
    expect(await loadContract(env.DB, CUSTOMER, "2025-07-01")).toEqual(v2b);
  });
});
