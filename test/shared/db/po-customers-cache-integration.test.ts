import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PO_CUSTOMERS_TTL_MS, PoCustomersCache } from "../../../src/shared/db/po-customers-cache";
import { freshPo } from "../../fixtures/api";
import { LimitedD1 } from "../../fixtures/limited-d1";

/** An order_index row as the OrderObject's projection writes one, the columns a lookup reads. */
async function projected(customerId: string, po: string): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO order_index (po_number, customer_id, status, channel, total, order_date, created_at, updated_at, version, pending_handoffs) " +
      "VALUES (?, ?, 'confirmed', 'portal', 10, '2024-10-02', '2024-10-02T09:00:00.000Z', '2024-10-02T09:00:00.000Z', 1, 0)",
  )
    .bind(po, customerId)
    .run();
}

/** A cache on a clock the test moves, over a D1 that counts its queries. */
function cacheAt(start = 1_000_000, maxEntries = 100) {
  const clock = { now: start };
  const cache = new PoCustomersCache({ ttlMs: PO_CUSTOMERS_TTL_MS, maxEntries, now: () => clock.now });
  return { cache, clock, db: new LimitedD1(env.DB) };
}

describe("PoCustomersCache", () => {
  it("answers a number in use from memory within the TTL: one D1 query for many reads", async () => {
    const po = freshPo();
    await projected("CUST-001", po);
    const { cache, clock, db } = cacheAt();
    for (let i = 0; i < 20; i++) {
      expect(await cache.find(db, po)).toEqual(["CUST-001"]);
      clock.now += 100;
    }
    expect(db.usage.queries).toBe(1);
  });

  it("a number another isolate starts using is seen once the TTL has passed", async () => {
    const po = freshPo();
    await projected("CUST-001", po);
    const { cache, clock, db } = cacheAt();
    expect(await cache.find(db, po)).toEqual(["CUST-001"]);
    await projected("CUST-002", po);
    clock.now += PO_CUSTOMERS_TTL_MS - 1;
    expect(await cache.find(db, po)).toEqual(["CUST-001"]);
    clock.now += 1;
    expect(await cache.find(db, po)).toEqual(["CUST-001", "CUST-002"]);
  });

  it("forget makes the next read ask D1 (this isolate's intake)", async () => {
    const po = freshPo();
    await projected("CUST-001", po);
    const { cache, db } = cacheAt();
    expect(await cache.find(db, po)).toEqual(["CUST-001"]);
    await projected("CUST-002", po);
    cache.forget(po);
    expect(await cache.find(db, po)).toEqual(["CUST-001", "CUST-002"]);
  });

  it("a read that was in flight when forget ran is answered but not kept", async () => {
    const po = freshPo();
    await projected("CUST-001", po);
    const { cache, db } = cacheAt();
    const inFlight = cache.find(db, po);
    cache.forget(po);
    expect(await inFlight).toEqual(["CUST-001"]);
    await projected("CUST-002", po);
    expect(await cache.find(db, po)).toEqual(["CUST-001", "CUST-002"]);
  });

  it("keeps no number nobody uses: an order projected later is found at once", async () => {
    const po = freshPo();
    const { cache, db } = cacheAt();
    expect(await cache.find(db, po)).toEqual([]);
    await projected("CUST-003", po);
    expect(await cache.find(db, po)).toEqual(["CUST-003"]);
    expect(db.usage.queries).toBe(2);
  });
});
