import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunked, rowsPerStatement } from "../../../src/shared/db/d1-limits";
import { loadEpisodesByIds } from "../../../src/shared/db/episode-repository";
import { loadCatalog } from "../../../src/shared/db/reference-repository";
import { releaseReservations, reserveStock } from "../../../src/shared/db/reservation-repository";
import { loadStock, shipStock } from "../../../src/shared/db/stock-repository";
import { D1LimitExceeded, LimitedD1 } from "../../fixtures/limited-d1";

/** 500 SKUs of their own, so a 500-line PO has 500 distinct lines. */
const SKUS = Array.from({ length: 500 }, (_, i) => `SKU-${6000 + i}`);
const WAREHOUSE = "Detroit, MI";

beforeAll(async () => {
  await env.DB.batch(
    SKUS.flatMap((sku) => [
      env.DB.prepare(
        "INSERT INTO catalog (sku, description, list_price, lead_time_days, notes) VALUES (?, ?, 10, 7, '')",
      ).bind(sku, `part ${sku}`),
      env.DB.prepare("INSERT INTO inventory (sku, warehouse, on_hand, reserved) VALUES (?, ?, 100, 0)").bind(
        sku,
        WAREHOUSE,
      ),
    ]),
  );
});

afterAll(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM catalog WHERE sku >= 'SKU-6000' AND sku <= 'SKU-6499'"),
    env.DB.prepare("DELETE FROM inventory WHERE sku >= 'SKU-6000' AND sku <= 'SKU-6499'"),
    env.DB.prepare("DELETE FROM reservations WHERE sku >= 'SKU-6000' AND sku <= 'SKU-6499'"),
    env.DB.prepare("DELETE FROM stock_movements WHERE sku >= 'SKU-6000' AND sku <= 'SKU-6499'"),
  ]);
});

describe("chunked", () => {
  it("slices in order, the last slice shorter", () => {
    expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunked([], 3)).toEqual([]);
    expect(() => chunked([1], 0)).toThrow(RangeError);
  });

  it("fits rows of n parameters beside fixed ones into 100", () => {
    expect(rowsPerStatement(1)).toBe(100);
    expect(rowsPerStatement(1, 1)).toBe(99);
    expect(rowsPerStatement(6)).toBe(16);
    expect(rowsPerStatement(3, 1)).toBe(33);
  });
});

describe("the limit-enforcing D1 wrapper", () => {
  it("refuses a statement binding 101 parameters, as production D1 does", () => {
    const db = new LimitedD1(env.DB);
    const placeholders = Array.from({ length: 101 }, () => "?").join(", ");
    expect(() =>
      db.prepare(`SELECT * FROM catalog WHERE sku IN (${placeholders})`).bind(...SKUS.slice(0, 101)),
    ).toThrow(D1LimitExceeded);
  });

  it("refuses the 1,001st query of an invocation, counting each statement of a batch", async () => {
    const db = new LimitedD1(env.DB);
    await db.batch(Array.from({ length: 1_000 }, () => db.prepare("SELECT 1")));
    expect(db.usage.queries).toBe(1_000);
    await expect(db.prepare("SELECT 1").first()).rejects.toThrow(D1LimitExceeded);
  });
});

describe("repositories within D1's production limits", () => {
  it("loadCatalog reads 101 distinct SKUs (one past the parameter limit)", async () => {
    const db = new LimitedD1(env.DB);
    const catalog = await loadCatalog(db, SKUS.slice(0, 101));
    expect(catalog.size).toBe(101);
    expect(db.usage.maxParameters).toBeLessThanOrEqual(100);
  });

  it("loadStock reads the stock of a 500-line PO", async () => {
    const db = new LimitedD1(env.DB);
    const stock = await loadStock(db, SKUS);
    expect(new Set(stock.map((s) => s.sku)).size).toBe(500);
    expect(db.usage.queries).toBe(5);
  });

  it("loadEpisodesByIds takes 150 ids beside the customer", async () => {
    const db = new LimitedD1(env.DB);
    const ids = ["OE-2024-04521", ...Array.from({ length: 149 }, (_, i) => `OE-9999-${i}`)];
    const episodes = await loadEpisodesByIds(db, "CUST-001", ids);
    expect(episodes.map((e) => e.episode_id)).toEqual(["OE-2024-04521"]);
  });

  it("a 500-line PO reserves and ships all its stock in one invocation each, well under 1,000 queries", async () => {
    const picks = SKUS.map((sku, i) => ({ sku, warehouse: WAREHOUSE, qty: 1 + (i % 7) }));
    const reserving = new LimitedD1(env.DB);
    await reserveStock(reserving, { customer_id: "CUST-001", po_number: "PO-2026-500500" }, "h-500", picks);
    expect(reserving.usage.queries).toBeLessThan(100);
    const held = await env.DB.prepare(
      "SELECT count(*) AS n, sum(qty) AS qty FROM reservations WHERE po_number = 'PO-2026-500500'",
    ).first<{ n: number; qty: number }>();
    const reserved = await env.DB.prepare(
      "SELECT sum(reserved) AS qty FROM inventory WHERE sku >= 'SKU-6000' AND sku <= 'SKU-6499'",
    ).first<{ qty: number }>();
    const total = picks.reduce((n, p) => n + p.qty, 0);
    expect(held).toEqual({ n: 500, qty: total });
    expect(reserved?.qty).toBe(total);

    const shipping = new LimitedD1(env.DB);
    const move = {
      shipment_id: "SHP-500",
      customer_id: "CUST-001",
      po_number: "PO-2026-500500",
      warehouse: WAREHOUSE,
      lines: picks.map((p) => ({ sku: p.sku, qty: p.qty })),
      at: "2026-11-20T00:00:00.000Z",
    };
    await shipStock(shipping, move);
    expect(shipping.usage.queries).toBeLessThan(100);
    const after = await env.DB.prepare(
      "SELECT sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM inventory WHERE sku >= 'SKU-6000' AND sku <= 'SKU-6499'",
    ).first();
    expect(after).toEqual({ on_hand: 500 * 100 - total, reserved: 0 });
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM reservations WHERE po_number = 'PO-2026-500500'").first(),
    ).toEqual({ n: 0 });
    expect(
      await env.DB.prepare(
        "SELECT count(*) AS n FROM stock_movements WHERE po_number = 'PO-2026-500500' AND kind = 'shipped'",
      ).first(),
    ).toEqual({ n: 500 });

    // A repeat (a redelivered handoff) changes nothing.
    await shipStock(new LimitedD1(env.DB), move);
    expect(
      await env.DB.prepare(
        "SELECT sum(on_hand) AS on_hand FROM inventory WHERE sku >= 'SKU-6000' AND sku <= 'SKU-6499'",
      ).first(),
    ).toEqual({ on_hand: 500 * 100 - total });
  });

  it("an over-reservation still fails the whole batch", async () => {
    const picks = [
      { sku: "SKU-6001", warehouse: WAREHOUSE, qty: 5 },
      { sku: "SKU-6002", warehouse: WAREHOUSE, qty: 1_000 },
    ];
    const before = await env.DB.prepare(
      "SELECT sum(reserved) AS r FROM inventory WHERE sku IN ('SKU-6001', 'SKU-6002')",
    ).first();
    await expect(
      reserveStock(new LimitedD1(env.DB), { customer_id: "CUST-001", po_number: "PO-2026-500501" }, "h-501", picks),
    ).rejects.toThrow();
    expect(
      await env.DB.prepare("SELECT sum(reserved) AS r FROM inventory WHERE sku IN ('SKU-6001', 'SKU-6002')").first(),
    ).toEqual(before);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM reservations WHERE po_number = 'PO-2026-500501'").first(),
    ).toEqual({ n: 0 });
  });

  it("an order planned 60 times swaps every earlier plan's holds in one batch, then releases it whole, within the limits", async () => {
    const order = { customer_id: "CUST-001", po_number: "PO-2026-500503" };
    const at = "2026-11-20T00:00:00.000Z";
    await env.DB.batch([
      ...Array.from({ length: 60 }, (_, i) =>
        env.DB.prepare(
          "INSERT INTO reservations (customer_id, po_number, sku, warehouse, qty, handoff_id, created_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
        ).bind(order.customer_id, order.po_number, SKUS[200 + i], WAREHOUSE, `h-old-${i}`, at),
      ),
      env.DB.prepare("UPDATE inventory SET reserved = 1 WHERE sku >= 'SKU-6200' AND sku <= 'SKU-6259'"),
    ]);
    await reserveStock(new LimitedD1(env.DB), order, "h-new", [{ sku: "SKU-6200", warehouse: WAREHOUSE, qty: 2 }]);
    const held = () =>
      env.DB.prepare("SELECT handoff_id, qty FROM reservations WHERE po_number = ?").bind(order.po_number).all();
    expect((await held()).results).toEqual([{ handoff_id: "h-new", qty: 2 }]);
    expect(await env.DB.prepare("SELECT reserved FROM inventory WHERE sku = 'SKU-6200'").first()).toEqual({
      reserved: 2,
    });
    await releaseReservations(new LimitedD1(env.DB), order);
    expect((await held()).results).toEqual([]);
    expect(await env.DB.prepare("SELECT reserved FROM inventory WHERE sku = 'SKU-6200'").first()).toEqual({
      reserved: 0,
    });
  });

  it("a partly shipped line releases only what was held", async () => {
    await reserveStock(env.DB, { customer_id: "CUST-001", po_number: "PO-2026-500502" }, "h-502", [
      { sku: "SKU-6100", warehouse: WAREHOUSE, qty: 4 },
    ]);
    const before = await env.DB.prepare("SELECT on_hand, reserved FROM inventory WHERE sku = 'SKU-6100'").first<{
      on_hand: number;
      reserved: number;
    }>();
    await shipStock(new LimitedD1(env.DB), {
      shipment_id: "SHP-502",
      customer_id: "CUST-001",
      po_number: "PO-2026-500502",
      warehouse: WAREHOUSE,
      lines: [{ sku: "SKU-6100", qty: 3 }],
      at: "2026-11-20T00:00:00.000Z",
    });
    expect(await env.DB.prepare("SELECT on_hand, reserved FROM inventory WHERE sku = 'SKU-6100'").first()).toEqual({
      on_hand: before!.on_hand - 3,
      reserved: before!.reserved - 3,
    });
    expect(await env.DB.prepare("SELECT qty FROM reservations WHERE po_number = 'PO-2026-500502'").first()).toEqual({
      qty: 1,
    });
  });
});
