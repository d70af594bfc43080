import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadCarriers, loadCatalog, loadContract, loadCustomer } from "../../../src/shared/db/reference-repository";
import { ReferenceReads } from "../../../src/shared/db/reference-reads";
import { referenceQuery } from "../../../src/shared/db/reference-batch";
import { loadReservations, stockAndHoldsQuery } from "../../../src/shared/db/reservation-repository";
import { loadStock } from "../../../src/shared/db/stock-repository";
import { LimitedD1 } from "../../fixtures/limited-d1";

/** What one order's reference reads cost on their own: its customer, its contract in force, its catalog items. */
async function oneOrder(reads: ReferenceReads, customerId: string, skus: string[]) {
  return Promise.all([reads.customer(customerId), reads.contract(customerId, "2026-12-01"), reads.catalog(skus)]);
}

describe("reference data read once per queue batch", () => {
  it("ten handoffs of one customer cost the D1 queries of one, and read what the plain repository reads", async () => {
    const alone = new LimitedD1(env.DB);
    const single = await oneOrder(new ReferenceReads(alone), "CUST-001", ["SKU-4892", "SKU-3300"]);

    const shared = new LimitedD1(env.DB);
    const reads = new ReferenceReads(shared);
    const batch = await Promise.all(
      Array.from({ length: 10 }, () => oneOrder(reads, "CUST-001", ["SKU-4892", "SKU-3300"])),
    );

    expect(alone.usage.queries).toBeGreaterThan(0);
    expect(shared.usage.queries).toBe(alone.usage.queries);
    for (const [customer, contract, catalog] of batch) {
      expect(customer).toEqual(single[0]);
      expect(contract).toEqual(single[1]);
      expect([...catalog.keys()].sort()).toEqual(["SKU-3300", "SKU-4892"]);
    }
    expect(single[0]).toEqual(await loadCustomer(env.DB, "CUST-001"));
    expect(single[1]).toEqual(await loadContract(env.DB, "CUST-001", "2026-12-01"));
    expect(single[2]).toEqual(await loadCatalog(env.DB, ["SKU-4892", "SKU-3300"]));
  });

  it("what one turn asks for is one D1 round trip, however many customers and SKUs, and what is missing is absent", async () => {
    const db = new LimitedD1(env.DB);
    const reads = new ReferenceReads(db);
    const [acme, beta, nobody] = await Promise.all([
      oneOrder(reads, "CUST-001", ["SKU-4892", "SKU-3300"]),
      oneOrder(reads, "CUST-002", ["SKU-7210", "SKU-NOT-THERE"]),
      oneOrder(reads, "CUST-NOBODY", []),
    ]);
    expect(db.usage.roundTrips).toBe(1);
    expect(acme[0]).toEqual(await loadCustomer(env.DB, "CUST-001"));
    expect(acme[1]).toEqual(await loadContract(env.DB, "CUST-001", "2026-12-01"));
    expect(beta[1]).toEqual(await loadContract(env.DB, "CUST-002", "2026-12-01"));
    expect(beta[1]?.customer_id).toBe("CUST-002");
    expect([...beta[2].keys()]).toEqual(["SKU-7210"]);
    expect(nobody).toEqual([null, null, new Map()]);
    // A later turn reads only what no earlier one asked for.
    await Promise.all([reads.contract("CUST-001", "2025-01-01"), reads.catalog(["SKU-9010", "SKU-4892"])]);
    expect(db.usage).toMatchObject({ roundTrips: 2, queries: 5 });
  });

  it("a later handoff reads only the SKUs no earlier one asked for, and an unknown SKU is simply absent", async () => {
    const db = new LimitedD1(env.DB);
    const reads = new ReferenceReads(db);
    await reads.catalog(["SKU-4892", "SKU-7210"]);
    const afterFirst = db.usage.queries;
    expect((await reads.catalog(["SKU-7210", "SKU-4892"])).size).toBe(2);
    expect(db.usage.queries).toBe(afterFirst);
    const next = await reads.catalog(["SKU-7210", "SKU-9010", "SKU-NOT-THERE"]);
    expect([...next.keys()].sort()).toEqual(["SKU-7210", "SKU-9010"]);
    expect(db.usage.queries).toBe(afterFirst + 1);
  });

  it("customers are kept apart: each customer's contract is its own", async () => {
    const reads = new ReferenceReads(env.DB);
    const [acme, beta] = await Promise.all([
      reads.customerDigest("CUST-001", "2026-12-01"),
      reads.customerDigest("CUST-002", "2026-12-01"),
    ]);
    expect(acme.customer?.customer_id).toBe("CUST-001");
    expect(beta.customer?.customer_id).toBe("CUST-002");
    expect(acme.contract?.customer_id).toBe("CUST-001");
    expect(beta.contract?.customer_id).toBe("CUST-002");
    expect(beta.catalog.map((c) => c.sku)).toEqual(["SKU-7210", "SKU-7211"]);
  });

  it("fulfillment's stock, holds, carriers and lead times ride one batch and read what the repositories read", async () => {
    const db = new LimitedD1(env.DB);
    const order = { customer_id: "CUST-001", po_number: "PO-NO-HOLDS" };
    const skus = ["SKU-7210", "SKU-9010"];
    const stock = stockAndHoldsQuery(db, skus, order);
    const none = new Set<string>();
    const reference = referenceQuery(db, { customers: none, contracts: none, skus: new Set(skus), carriers: true });
    const results = await db.batch([...stock.statements, ...reference.statements]);
    const planning = stock.decode(results.slice(0, stock.statements.length));
    const found = reference.decode(results.slice(stock.statements.length));
    expect(db.usage.roundTrips).toBe(1);
    expect(planning.stock).toEqual(await loadStock(env.DB, skus));
    expect(planning.stock.length).toBeGreaterThan(0);
    expect(planning.held).toEqual(await loadReservations(env.DB, order));
    expect(found.carriers).toEqual(await loadCarriers(env.DB));
    expect(found.catalog).toEqual(await loadCatalog(env.DB, skus));
  });
});
