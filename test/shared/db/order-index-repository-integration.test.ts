import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listOrders } from "../../../src/shared/db/order-index-repository";
import { metering, sharedD1 } from "../../../src/shared/usage/metered-env";
import { UsageMeter } from "../../../src/shared/usage/usage";

const ORDERS = 300;

/** `ORDERS` projected orders of `customers` a minute apart, in one statement. */
async function manyOrders(prefix: string, customers: string[]): Promise<void> {
  const rows = Array.from({ length: ORDERS }, (_, i) => ({
    po: `${prefix}-${String(i).padStart(4, "0")}`,
    customer: customers[i % customers.length],
    at: new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString(),
  }));
  await env.DB.prepare(
    "INSERT INTO order_index (po_number, customer_id, status, channel, total, order_date, created_at, updated_at, version, pending_handoffs) " +
      "SELECT value ->> 'po', value ->> 'customer', 'confirmed', 'portal', 10, '2023-01-01', value ->> 'at', value ->> 'at', 1, 0 FROM json_each(?)",
  )
    .bind(JSON.stringify(rows))
    .run();
}

/** A page of the listing and the D1 rows it read. */
async function page(filter: Parameters<typeof listOrders>[1]) {
  const meter = new UsageMeter();
  const listed = await metering(meter, () => listOrders(sharedD1(env.DB), filter));
  return { ...listed, rowsRead: meter.take().d1_rows_read };
}

describe("listOrders", () => {
  it("reads a page's rows, not every order, newest first and on through the cursor", async () => {
    await manyOrders("PO-LIST", ["CUST-001", "CUST-002", "CUST-003"]);
    const first = await page({ limit: 10 });
    expect(first.rows).toHaveLength(10);
    expect(first.rowsRead).toBeLessThanOrEqual(11);
    const second = await page({ limit: 10, cursor: first.next! });
    expect(second.rows).toHaveLength(10);
    // The page, the one past it and the cursor's own row, where the scan starts: not the pages before.
    expect(second.rowsRead).toBeLessThanOrEqual(12);
    const both = [...first.rows, ...second.rows];
    const newestFirst = [...both].sort((a, b) => b.created_at.localeCompare(a.created_at));
    expect(both).toEqual(newestFirst);
    expect(new Set(both.map((r) => `${r.customer_id}/${r.po_number}`)).size).toBe(20);
  });

  it("answers rows in the API's snake_case fields, with a cursor only when more follow", async () => {
    await manyOrders("PO-SHAPE", ["CUST-901", "CUST-902"]);
    const all = await page({ limit: 200, customerId: "CUST-902" });
    expect(Object.keys(all.rows[0]!).sort()).toEqual(
      [
        "channel",
        "created_at",
        "customer_id",
        "order_date",
        "pending_handoffs",
        "po_number",
        "status",
        "total",
        "trace_id",
        "updated_at",
      ].sort(),
    );
    const count = all.rows.length;
    const exact = await page({ limit: count, customerId: "CUST-902" });
    expect(exact.next).toBeNull();
    const short = await page({ limit: count - 1, customerId: "CUST-902" });
    expect(short.rows).toHaveLength(count - 1);
    expect(short.next).toEqual({
      createdAt: short.rows.at(-1)!.created_at,
      customerId: "CUST-902",
      poNumber: short.rows.at(-1)!.po_number,
    });
  });
});
