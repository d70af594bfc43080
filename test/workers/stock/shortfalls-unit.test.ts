import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderObject } from "../../../src/durable-objects/order.do";
import { redeliverShortfalls } from "../../../src/workers/stock/shortfalls";
import { acmeOrder, submission } from "../../fixtures/order-object";
import { freshPo } from "../../fixtures/api";

/** A pending shortfall row, as the inventory webhook or migration 0011 leaves one. */
function insertShortfall(row: {
  movement_id: string;
  customer_id: string;
  po_number: string;
  qty: number;
  occurred_at: string;
}) {
  return env.DB.prepare(
    "INSERT INTO stock_movements (movement_id, kind, customer_id, po_number, sku, warehouse, qty, supplier_eta, occurred_at, notified) VALUES (?, 'shortfall', ?, ?, 'SKU-4892', 'Detroit', ?, NULL, ?, 0)",
  )
    .bind(row.movement_id, row.customer_id, row.po_number, row.qty, row.occurred_at)
    .run();
}

const notified = async (movementId: string) =>
  (
    await env.DB.prepare("SELECT notified FROM stock_movements WHERE movement_id = ?")
      .bind(movementId)
      .first<{ notified: number }>()
  )?.notified;

describe("the cron's shortfall retry", () => {
  it("sets aside a shortfall naming no order, skips one that fails, and still tells the order after them", async () => {
    const po = freshPo();
    // An Acme order whose handoffs go nowhere, so that only the shortfall changes it.
    await runInDurableObject(acmeOrder(po), async (instance: OrderObject) => {
      const live = instance as unknown as { env: Env };
      const swallow = { send: async () => undefined } as unknown as Queue;
      live.env = { ...live.env, INTAKE_QUEUE: swallow, EXCEPTIONS_QUEUE: swallow };
      await instance.submit(submission(po));
    });
    // Oldest first: an orphan from migration 0011 (no customer), one the order refuses (qty 0), then the good one.
    const orphan = {
      movement_id: `short:orphan:${po}`,
      customer_id: "",
      po_number: freshPo(),
      qty: 3,
      occurred_at: "2000-01-01T00:00:00Z",
    };
    const broken = {
      movement_id: `short:broken:${po}`,
      customer_id: "CUST-001",
      po_number: po,
      qty: 0,
      occurred_at: "2000-01-01T00:00:01Z",
    };
    const good = {
      movement_id: `short:good:${po}`,
      customer_id: "CUST-001",
      po_number: po,
      qty: 4,
      occurred_at: "2000-01-02T00:00:00Z",
    };
    for (const row of [good, broken, orphan]) await insertShortfall(row);

    expect(await redeliverShortfalls(env)).toBeGreaterThanOrEqual(2);

    const view = await acmeOrder(po).read();
    expect(view?.backorders).toEqual([expect.objectContaining({ sku: "SKU-4892", qty: 4 })]);
    expect(await notified(good.movement_id)).toBe(1);
    expect(await notified(orphan.movement_id)).toBe(1);
    expect(await notified(broken.movement_id)).toBe(0);
    const audit = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE kind = 'shortfall.orphaned' AND po_number = ?",
    )
      .bind(orphan.po_number)
      .all<{ detail: string }>();
    expect(audit.results.map((r) => JSON.parse(r.detail) as { movement_id: string })).toEqual([
      expect.objectContaining({ movement_id: orphan.movement_id, customer_id: "" }),
    ]);

    // A row that keeps failing must not trouble later runs of other files sharing this D1.
    await env.DB.prepare("DELETE FROM stock_movements WHERE movement_id = ?").bind(broken.movement_id).run();
  });
});
