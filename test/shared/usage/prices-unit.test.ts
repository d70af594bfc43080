import { describe, expect, it } from "vitest";
import { costOf } from "../../../src/shared/models/cost";
import { costOfRunning, NO_TOTALS } from "../../../src/shared/usage/cost-of-running";
import { CLOUDFLARE_PRICES, priceUsage } from "../../../src/shared/usage/prices";
import { emptyUsage, requestScope, UsageMeter, usageAttributes } from "../../../src/shared/usage/usage";

const tokens = (tier: "haiku" | "sonnet", n: Partial<Record<string, number>>) => ({
  tier,
  input_tokens: n.input ?? 0,
  output_tokens: n.output ?? 0,
  cache_read_tokens: n.read ?? 0,
  cache_write_tokens: n.write ?? 0,
});

describe("priceUsage", () => {
  it("prices each count at Cloudflare's list price", () => {
    const usage = {
      ...emptyUsage(),
      worker_requests: 1e6,
      d1_rows_written: 2e6,
      d1_rows_read: 1e6,
      queue_operations: 3e6,
    };
    const priced = priceUsage(usage, []);
    expect(priced.by_item.worker_requests).toBeCloseTo(0.3, 9);
    expect(priced.by_item.d1_rows_written).toBeCloseTo(2, 9);
    expect(priced.by_item.d1_rows_read).toBeCloseTo(0.001, 9);
    expect(priced.by_item.queue_operations).toBeCloseTo(1.2, 9);
    expect(priced.infrastructure).toBeCloseTo(0.3 + 2 + 0.001 + 1.2, 9);
    expect(priced.model).toBe(0);
  });

  it("prices a vector query as 768 queried dimensions and embeddings at bge-base's token price", () => {
    const priced = priceUsage({ ...emptyUsage(), vector_queries: 1e6, embedding_tokens: 1e6 }, []);
    expect(priced.by_item.vector_queries).toBeCloseTo(7.68, 9);
    expect(priced.by_item.embedding_tokens).toBeCloseTo(0.067, 9);
  });

  it("prices model tokens by their tier with the model table (costOf), apart from infrastructure", () => {
    const tiers = [tokens("haiku", { input: 1e6, output: 1e6 }), tokens("sonnet", { read: 1e6, write: 1e6 })];
    const priced = priceUsage(emptyUsage(), tiers);
    expect(priced.by_item.model_input_tokens).toBeCloseTo(1, 9);
    expect(priced.by_item.model_output_tokens).toBeCloseTo(5, 9);
    expect(priced.by_item.model_cache_read_tokens).toBeCloseTo(0.3, 9);
    expect(priced.by_item.model_cache_write_tokens).toBeCloseTo(3.75, 9);
    const whole =
      costOf(
        { input_tokens: 1e6, output_tokens: 1e6, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        "haiku",
      ) +
      costOf(
        { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 1e6, cache_read_input_tokens: 1e6 },
        "sonnet",
      );
    expect(priced.model).toBeCloseTo(whole, 9);
    expect(priced.infrastructure).toBe(0);
  });

  it("names its sources and date", () => {
    expect(CLOUDFLARE_PRICES.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(CLOUDFLARE_PRICES.sources.length).toBeGreaterThanOrEqual(6);
  });
});

describe("costOfRunning", () => {
  it("answers means per order and dollars per 1,000 orders", () => {
    const usage = { ...emptyUsage(), d1_rows_written: 200, do_requests: 40 };
    const c = costOfRunning(2, { units: 10, usage, tiers: [tokens("haiku", { input: 2000 })] }, NO_TOTALS);
    expect(c.per_order.d1_rows_written).toBe(100);
    expect(c.per_order.do_requests).toBe(20);
    expect(c.per_order.model_input_tokens).toBe(1000);
    // 100 rows an order: 100,000 rows per 1,000 orders at $1 per million.
    expect(c.usd_per_1000_orders.by_item.d1_rows_written).toBeCloseTo(0.1, 9);
    expect(c.usd_per_1000_orders.by_item.do_requests).toBeCloseTo(0.003, 9);
    expect(c.usd_per_1000_orders.infrastructure).toBeCloseTo(0.103, 6);
    // 1,000 Haiku input tokens an order: a million per 1,000 orders, $1.
    expect(c.usd_per_1000_orders.model).toBeCloseTo(1, 6);
  });

  it("is all zeros with no orders, and prices reads per 1,000 reads", () => {
    const reads = { units: 4, usage: { ...emptyUsage(), worker_requests: 4, d1_rows_read: 40 }, tiers: [] };
    const c = costOfRunning(0, NO_TOTALS, reads);
    expect(c.orders).toBe(0);
    expect(c.usd_per_1000_orders.infrastructure).toBe(0);
    expect(c.usd_per_1000_orders.model).toBe(0);
    // 1,000 reads: 1,000 requests ($0.0003) and 10,000 rows read ($0.00001).
    expect(c.reads).toEqual({ count: 4, usd_per_1000_reads: 0.00031 });
  });
});

describe("the meter", () => {
  it("adds counts and Durable Object cursors, and starts over after a take", () => {
    const meter = new UsageMeter();
    const cursor = { rowsRead: 0, rowsWritten: 0 };
    meter.add({ d1_rows_written: 5 });
    meter.addCursor(cursor);
    // A cursor's counts grow as it is read: they are summed when taken.
    cursor.rowsRead = 7;
    cursor.rowsWritten = 2;
    const taken = meter.take();
    expect([taken.d1_rows_written, taken.do_rows_read, taken.do_rows_written]).toEqual([5, 7, 2]);
    expect(meter.take()).toEqual(emptyUsage());
  });

  it("puts only counts that are not zero on a span, with the scope", () => {
    expect(usageAttributes({ ...emptyUsage(), do_requests: 2 }, "order")).toEqual({
      "usage.scope": "order",
      "usage.do_requests": 2,
    });
  });

  it("tells order work from reads", () => {
    expect(requestScope("POST", "/v1/orders")).toBe("order");
    expect(requestScope("POST", "/v1/orders/PO-1/cancel")).toBe("order");
    expect(requestScope("POST", "/v1/orders/edi")).toBe("order");
    expect(requestScope("POST", "/v1/webhooks/erp")).toBe("order");
    expect(requestScope("GET", "/v1/orders/PO-1")).toBe("read");
    expect(requestScope("POST", "/v1/orders/PO-1/status-query")).toBe("read");
    expect(requestScope("POST", "/v1/admin/tokens")).toBe("other");
  });
});
