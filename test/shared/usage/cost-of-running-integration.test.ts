import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/shared/schemas/metrics.schema";
import { METERED_KEYS } from "../../../src/shared/usage/usage";
import { api, placeSettled, TOKENS, waitForSettled } from "../../fixtures/api";
import { resetStock } from "../../fixtures/stock";
import { sendWebhook } from "../../fixtures/webhooks";

/**
 * `cost_of_running` in `GET /v1/metrics` through the API: what orders this file places took, as
 * the system counted it (the seed's orders are from 2024, outside the window).
 */

type Cost = Metrics["cost_of_running"];

async function costOfRunning(): Promise<Cost> {
  const res = await api("/v1/metrics?window=1h", { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return Metrics.parse(await res.json()).cost_of_running;
}

/** The window's order work in total (means times orders), for the metered keys. */
const totals = (c: Cost) => Object.fromEntries(METERED_KEYS.map((k) => [k, c.per_order[k] * c.orders]));

/** Waits until the spans stored after answering (waitUntil) are in: two readings alike. */
async function settledCost(): Promise<Cost> {
  let last = await costOfRunning();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const next = await costOfRunning();
    if (JSON.stringify(totals(next)) === JSON.stringify(totals(last)) && next.orders === last.orders) return next;
    last = next;
  }
  throw new Error("the order work's spans kept arriving");
}

const today = new Date().toISOString().slice(0, 10);
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 1);
let firstPo = "";

describe("cost of running, counted", () => {
  it("counts each order's requests, objects, rows and queue messages, and prices them", async () => {
    await resetStock();
    firstPo = (await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 1 }], today)).po_number;
    const one = await settledCost();
    expect(one.orders).toBe(1);
    expect(one.basis).toBe("modeled");
    // The intake request and the consumers' shares of their invocations.
    expect(one.per_order.worker_requests).toBeGreaterThan(1);
    // Intake's admission call and submit, each agent's working context and decision.
    expect(one.per_order.do_requests).toBeGreaterThanOrEqual(5);
    // Three handoffs at least (intake, fulfillment, comms), each written, read and deleted.
    expect(one.per_order.queue_operations).toBeGreaterThanOrEqual(9);
    expect(one.per_order.queue_operations % 3).toBe(0);
    expect(one.per_order.d1_rows_written).toBeGreaterThan(10);
    expect(one.per_order.d1_rows_read).toBeGreaterThan(0);
    expect(one.per_order.do_rows_written).toBeGreaterThan(5);
    expect(one.per_order.do_rows_read).toBeGreaterThan(0);
    const usd = one.usd_per_1000_orders;
    close(usd.by_item.d1_rows_written, one.per_order.d1_rows_written * 1000 * 1e-6);
    close(usd.by_item.queue_operations, one.per_order.queue_operations * 1000 * 0.4e-6);
    const items = METERED_KEYS.reduce((n, k) => n + usd.by_item[k], 0);
    expect(usd.infrastructure).toBeCloseTo(items, 5);
    expect(one.prices.sources.some((s) => s.includes("developers.cloudflare.com/d1"))).toBe(true);
  });

  it("one more order adds to what orders took", async () => {
    const before = await settledCost();
    await placeSettled("CUST-002", [{ sku: "SKU-9010", qty: 2 }], today);
    const after = await settledCost();
    expect(after.orders).toBe(before.orders + 1);
    const [was, now] = [totals(before), totals(after)];
    for (const k of ["worker_requests", "do_requests", "d1_rows_written", "do_rows_written", "queue_operations"])
      expect(now[k]!, k).toBeGreaterThan(was[k]!);
  });

  it("reads are not part of an order's cost: they are counted apart", async () => {
    const before = await settledCost();
    for (let i = 0; i < 3; i++) {
      expect((await api(`/v1/orders/${firstPo}`, { token: TOKENS.ops })).status).toBe(200);
      const status = { method: "POST", token: TOKENS.ops, json: {} };
      expect((await api(`/v1/orders/${firstPo}/status-query`, status)).status).toBe(200);
    }
    const after = await settledCost();
    expect(totals(after)).toEqual(totals(before));
    expect(after.reads.count).toBeGreaterThanOrEqual(before.reads.count + 6);
    expect(after.reads.usd_per_1000_reads).toBeGreaterThan(0);
  });

  it("an exception's investigation recalls episodes: vector queries and embedding tokens", async () => {
    const view = await placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 1 }], today);
    const before = totals(await settledCost());
    const reported = {
      type: "exception.reported",
      po_number: view.po_number,
      occurred_at: new Date().toISOString(),
      data: { kind: "hazmat_paperwork", detail: "carrier refused the pallet without a declaration" },
    };
    expect((await sendWebhook("erp", reported)).status).toBe(202);
    await waitForSettled(view.po_number);
    const after = totals(await settledCost());
    expect(after.vector_queries).toBeGreaterThan(before.vector_queries!);
    expect(after.embedding_tokens).toBeGreaterThan(before.embedding_tokens!);
  });
});
