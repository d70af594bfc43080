import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { Metrics } from "../../src/shared/schemas/metrics.schema";
import { api, freshPo, placeSettled, TOKENS, waitForSettled } from "../fixtures/api";
import { acmeInterchange, postEdi } from "../fixtures/edi/intake-cases";
import { resetStock } from "../fixtures/stock";
import { sendWebhook } from "../fixtures/webhooks";

/**
 * `GET /v1/metrics` over orders this file places (the seed's are from 2024, outside every window):
 * each figure is checked against numbers worked out here from the orders' story or the stored rows.
 */

const DAY_MS = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = dateOf(Date.now());
const yesterday = dateOf(Date.now() - DAY_MS);

async function metrics(window = "24h"): Promise<Metrics> {
  const res = await api(`/v1/metrics?window=${window}`, { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return Metrics.parse(await res.json());
}

async function erp(po: string, type: string, occurredAt: string, data: Record<string, unknown>): Promise<OrderView> {
  expect((await sendWebhook("erp", { type, po_number: po, occurred_at: occurredAt, data })).status).toBe(202);
  return waitForSettled(po);
}

/** Ships an order and has the carrier report a weather delay, with a new ETA unless `eta` is null. */
async function delayed(view: OrderView, tracking: string, at: string, eta: string | null): Promise<OrderView> {
  await erp(view.po_number, "shipment.dispatched", at, { carrier: "UPS", tracking, shipped_at: at });
  const delay = {
    tracking,
    carrier: "UPS",
    status: "weather_delay",
    location: "Memphis, TN",
    occurred_at: at,
    ...(eta ? { estimated_delivery: eta } : {}),
  };
  expect((await sendWebhook("carrier", delay)).status).toBe(202);
  return waitForSettled(view.po_number);
}

const views: Record<string, OrderView> = {};

beforeAll(async () => {
  await resetStock();
  // Due in 14 days, told on time: on time.
  views.current = await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 2 }], today);
  // Ordered in 2024 and still undelivered, its notifications due in 2024: breached; a delay the system resolves,
  // without an estimate, so Sonnet investigates it.
  const late = await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 4 }], "2024-03-04");
  views.late = await delayed(late, "1ZMETRICS001", "2024-03-06T06:00:00Z", null);
  // Delayed past its contract date, told within the hour: at risk.
  const risky = await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 1 }], today);
  views.risky = await delayed(risky, "1ZMETRICS002", new Date().toISOString(), dateOf(Date.now() + 40 * DAY_MS));
  // A never-seen exception dated yesterday: a person decides, the customer was told after the 8 hours due.
  const hazmat = await placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 10 }], yesterday);
  views.hazmat = await erp(hazmat.po_number, "exception.reported", `${yesterday}T10:00:00Z`, {
    kind: "hazmat_paperwork",
    detail: "carrier refused the pallet without a declaration",
  });
  // EDI: the BEG's 2024-09-15 order date makes its acknowledgment due in 2024: breached.
  const ediPo = freshPo();
  expect((await postEdi(acmeInterchange(910001, ediPo, [["SKU-9010", 3, 30]]))).status).toBe(202);
  views.edi = await waitForSettled(ediPo);
  const mailPo = freshPo();
  const body = `PO Number: ${mailPo}\nOrder date: ${today}\n10 x SKU-7210 at $55.00\n\nThanks,\nDana Ruiz`;
  const mail = await api("/v1/orders/email", {
    method: "POST",
    token: TOKENS.ops,
    json: { from: "Dana Ruiz <purchasing@acme-industrial.example>", subject: mailPo, body },
  });
  expect(mail.status).toBe(202);
  views.mail = await waitForSettled(mailPo);
  for (let i = 0; i < 2; i++) {
    const query = { method: "POST", token: TOKENS.acme, json: { question: "Where is it?" } };
    expect((await api(`/v1/orders/${views.current!.po_number}/status-query`, query)).status).toBe(200);
  }
  await spansSettled();
}, 120_000);

/** Spans are written after each answer; waits until their count stops moving. */
async function spansSettled(): Promise<void> {
  const count = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM spans").first<{ n: number }>())!.n;
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const n = await count();
    if (n === last) return;
    last = n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A figure rounded to the micro-dollar is within half of one of the exact sum (toBeCloseTo's bound is strict). */
function expectMicroUsd(figure: number, exact: number): void {
  expect(Math.abs(figure - exact)).toBeLessThanOrEqual(5e-7 + 1e-12);
}

/** p50 and p95 by sorting, the nearest rank counted by hand: the value at ceil(p% of n). */
function expectedPercentiles(values: number[]): { count: number; p50_ms: number; p95_ms: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
  return { count: sorted.length, p50_ms: at(50), p95_ms: at(95) };
}

describe("GET /v1/metrics over known orders", () => {
  it("counts the orders received this hour by channel", async () => {
    const m = await metrics("24h");
    const sum = (f: (h: Metrics["orders_per_hour"][number]) => number) =>
      m.orders_per_hour.reduce((n, h) => n + f(h), 0);
    expect(sum((h) => h.received)).toBe(6);
    expect(sum((h) => h.by_channel.portal)).toBe(4);
    expect(sum((h) => h.by_channel.edi)).toBe(1);
    expect(sum((h) => h.by_channel.email)).toBe(1);
    expect(m.orders_per_hour.filter((h) => h.received > 0).every((h) => h.hour >= m.from.slice(0, 13))).toBe(true);
  });

  it("costs interactions and the model mix from the ledger's rows", async () => {
    type Row = { interaction_id: string; model: string; cost_usd: number; cost_basis: string };
    const { results } = await env.DB.prepare(
      "SELECT interaction_id, model, cost_usd, cost_basis FROM cost_ledger WHERE created_at >= ?",
    )
      .bind(new Date(Date.now() - 3_600_000).toISOString())
      .all<Row>();
    expect(results.length).toBeGreaterThan(0);
    const total = results.reduce((n, r) => n + r.cost_usd, 0);
    const interactions = new Set(results.map((r) => r.interaction_id)).size;
    const m = await metrics("24h");
    expect(m.cost.interactions).toBe(interactions);
    expectMicroUsd(m.cost.total_usd, total);
    expectMicroUsd(m.cost.per_interaction_usd, total / interactions);
    expect(m.cost.basis).toBe("modeled");
    const models = [...new Set(results.map((r) => r.model))];
    expect(m.cost.model_mix.map((x) => x.model).sort()).toEqual(models.sort());
    for (const mix of m.cost.model_mix) {
      const mine = results.filter((r) => r.model === mix.model);
      expect(mix.calls).toBe(mine.length);
      expect(mix.share).toBeCloseTo(mine.length / results.length, 10);
      expectMicroUsd(
        mix.cost_usd,
        mine.reduce((n, r) => n + r.cost_usd, 0),
      );
    }
    // The never-seen exception is Opus's, the delay without an estimate Sonnet's, the rest Haiku's.
    expect(models.sort()).toEqual(["claude-haiku-4-5-20251001", "claude-opus-4-7", "claude-sonnet-4-6"]);
  });

  it("hit rate is cache reads over all input tokens of the ledger", async () => {
    const t = (await env.DB.prepare(
      "SELECT SUM(cache_read_tokens) AS r, SUM(cache_write_tokens) AS w, SUM(input_tokens) AS u FROM cost_ledger",
    ).first<{ r: number; w: number; u: number }>())!;
    const m = await metrics("1h");
    expect(m.prompt_cache).toEqual({
      hit_rate: t.r / (t.r + t.w + t.u),
      cache_read_tokens: t.r,
      cache_write_tokens: t.w,
      uncached_input_tokens: t.u,
    });
    expect(m.prompt_cache.hit_rate).toBeGreaterThan(0);
  });

  it("ranks latencies by task from the spans, with the 5 s and 60 s targets", async () => {
    type Span = { name: string; kind: string; attributes: string; ms: number };
    const { results } = await env.DB.prepare(
      "SELECT name, kind, attributes, end_ms - start_ms AS ms FROM spans",
    ).all<Span>();
    const durations = (keep: (s: Span, a: Record<string, unknown>) => boolean) =>
      results.filter((s) => keep(s, JSON.parse(s.attributes) as Record<string, unknown>)).map((s) => s.ms);
    const m = await metrics("1h");
    const byTask = Object.fromEntries(m.latency.map((l) => [l.task, l]));
    const statusQueries = durations((s) => s.kind === "server" && s.name.endsWith("/status-query"));
    expect(statusQueries).toHaveLength(2);
    expect(byTask.status_query).toEqual({
      task: "status_query",
      ...expectedPercentiles(statusQueries),
      target_ms: 5000,
    });
    // Resolutions: the two delays and the never-seen exception; the other orders' exception stage had nothing open.
    const resolutions = durations((s, a) => s.name === "agent exception" && Number(a["exception.open"]) > 0);
    expect(resolutions).toHaveLength(3);
    expect(byTask.exception_resolution).toEqual({
      task: "exception_resolution",
      ...expectedPercentiles(resolutions),
      target_ms: 60000,
    });
    const investigations = durations((s, a) => s.kind === "client" && a["llm.task"] === "exception_investigation");
    expect(byTask["model:exception_investigation"]).toEqual({
      task: "model:exception_investigation",
      ...expectedPercentiles(investigations),
      target_ms: null,
    });
    const settled = await env.DB.prepare(
      "SELECT settled_ms FROM order_index WHERE created_at >= ? AND settled_ms IS NOT NULL",
    )
      .bind(m.from)
      .all<{ settled_ms: number }>();
    expect(settled.results).toHaveLength(6);
    expect(byTask.intake_to_settled).toEqual({
      task: "intake_to_settled",
      ...expectedPercentiles(settled.results.map((r) => r.settled_ms)),
      target_ms: null,
    });
  });

  it("judges the SLA: two on time, one at risk, three breached", async () => {
    expect(views.risky!.shipments[0]!.eta! > views.risky!.order_date).toBe(true);
    const m = await metrics("24h");
    expect(m.sla).toEqual({ orders: 6, on_time: 2, at_risk: 1, breached: 3, compliance: 2 / 6 });
    expect((await metrics("1h")).sla).toEqual(m.sla);
  });

  it("counts exceptions by type and resolution, and the escalation rate, then a decision closes the escalation", async () => {
    const before = await metrics("24h");
    // The delay inside the SLA is a notice; past it, a discount within policy; the never-seen goes to a person.
    expect(before.exceptions).toEqual([
      { type: "carrier_delay", resolution_type: "notify", count: 1, escalated: 0 },
      { type: "carrier_delay", resolution_type: "notify_with_discount", count: 1, escalated: 0 },
      { type: "unknown", resolution_type: "human_review", count: 1, escalated: 1 },
    ]);
    expect(before.escalation).toEqual({ decided_by_system: 2, escalated: 1, rate: 1 / 3, open: 1 });

    const [esc] = views.hazmat!.escalations;
    const res = await api(`/v1/escalations/${esc!.escalation_id}/decision`, {
      method: "POST",
      token: TOKENS.ops,
      json: { decision: "approve", note: "paperwork sent" },
    });
    expect(res.status).toBe(200);
    await waitForSettled(views.hazmat!.po_number);
    const after = await metrics("24h");
    expect(after.escalation).toEqual({ ...before.escalation, open: 0 });
    expect(after.exceptions).toEqual(before.exceptions);
  });

  it("reports the breakers, an empty handoff backlog and admission's counters once everything settled", async () => {
    const m = await metrics("7d");
    expect(m.operations.breakers.map((b) => [b.name, b.state])).toEqual([
      ["model-provider", "closed"],
      ["carrier-api", "closed"],
    ]);
    expect(m.operations.queues).toEqual([{ name: "handoffs", pending: 0 }]);
    expect(m.operations.admission).toEqual({ in_flight: 0, waiting: 0, refused_429: 0 });
  });
});
