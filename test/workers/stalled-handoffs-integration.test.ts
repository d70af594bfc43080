import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { orderKey } from "../../src/shared/order-key";
import { describe, expect, it } from "vitest";
import type { OrderObject } from "../../src/durable-objects/order.do";
import { abandonedEscalationId } from "../../src/durable-objects/order-redrive";
import { redriveStalledOrders, STALL_AFTER_MS } from "../../src/workers/stalled-handoffs";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";

/** Makes the object's intake queue accept sends and lose them, as a dead-lettered message would be lost. */
async function loseIntakeHandoffs(po: string): Promise<void> {
  await runInDurableObject(env.ORDER.getByName(orderKey("CUST-001", po)), (instance: OrderObject) => {
    const live = instance as unknown as { env: Env };
    live.env = { ...live.env, INTAKE_QUEUE: { send: async () => undefined } as unknown as Queue };
  });
}

const later = () => new Date(Date.now() + STALL_AFTER_MS + 60_000);

async function stalledOrder(): Promise<string> {
  const po = freshPo();
  await loseIntakeHandoffs(po);
  const res = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
  expect(res.status).toBe(202);
  return po;
}

describe("the scheduled sweep of stalled handoffs", () => {
  it("re-issues a handoff that was lost, and the order then settles", async () => {
    const po = await stalledOrder();
    await evictDurableObject(env.ORDER.getByName(orderKey("CUST-001", po)));
    expect((await env.ORDER.getByName(orderKey("CUST-001", po)).read())?.pending_handoffs).toBe(1);
    const result = await redriveStalledOrders(env, later());
    expect(result.redriven).toBeGreaterThanOrEqual(1);
    const view = await waitForSettled(po);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
  });

  it("leaves a handoff lost three times for operations: marked, audited once and escalated to a person", async () => {
    const po = await stalledOrder();
    const stub = env.ORDER.getByName(orderKey("CUST-001", po));
    for (let i = 0; i < 3; i++) expect((await stub.redriveStalled(later().toISOString())).redriven).toHaveLength(1);
    const handoffId = (await stub.workingContext())!.open_handoffs[0]!;
    expect(await stub.redriveStalled(later().toISOString())).toEqual({ redriven: [], abandoned: [handoffId] });
    expect(await stub.redriveStalled(later().toISOString())).toEqual({ redriven: [], abandoned: [] });
    await redriveStalledOrders(env, later());

    const view = await stub.read();
    expect(view?.pending_handoffs).toBe(1);
    expect(view?.abandoned_handoffs).toEqual([
      expect.objectContaining({ handoff_id: handoffId, stage: "intake", redrives: 3 }),
    ]);
    const audit = await env.DB.prepare("SELECT kind FROM audit_log WHERE po_number = ? AND kind = 'handoff.abandoned'")
      .bind(po)
      .all();
    expect(audit.results).toHaveLength(1);
    const index = await env.DB.prepare(
      "SELECT pending_handoffs, abandoned_handoffs FROM order_index WHERE po_number = ?",
    )
      .bind(po)
      .first();
    expect(index).toEqual({ pending_handoffs: 1, abandoned_handoffs: 1 });
    const res = await api("/v1/escalations", { token: TOKENS.ops });
    const { escalations } = (await res.json()) as {
      escalations: {
        po_number: string;
        reason: string;
        status: string;
        proposed_resolution: Record<string, unknown>;
      }[];
    };
    expect(escalations.filter((e) => e.po_number === po)).toEqual([
      expect.objectContaining({
        status: "open",
        reason: expect.stringContaining("abandoned handoff"),
        proposed_resolution: expect.objectContaining({ handoff_id: handoffId, stage: "intake" }),
      }),
    ]);
  });

  it("a person approving an abandoned handoff's escalation runs its stage again, and the order settles", async () => {
    const po = await stalledOrder();
    const stub = env.ORDER.getByName(orderKey("CUST-001", po));
    for (let i = 0; i < 4; i++) await stub.redriveStalled(later().toISOString());
    const [abandoned] = (await stub.read())!.abandoned_handoffs;
    expect(abandoned).toBeDefined();
    await evictDurableObject(stub);
    const res = await api(`/v1/escalations/${abandonedEscalationId(abandoned!.handoff_id)}/decision`, {
      method: "POST",
      token: TOKENS.ops,
      json: { decision: "approve", note: "queue fixed" },
    });
    expect(res.status).toBe(200);
    const view = await waitForSettled(po);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
    expect(view.abandoned_handoffs).toEqual([]);
    expect(view.escalations).toEqual([expect.objectContaining({ status: "decided", decision: "approve" })]);
    const index = await env.DB.prepare(
      "SELECT pending_handoffs, abandoned_handoffs FROM order_index WHERE po_number = ?",
    )
      .bind(po)
      .first();
    expect(index).toEqual({ pending_handoffs: 0, abandoned_handoffs: 0 });
    const late = await stub.applyDecision({
      handoff_id: abandoned!.handoff_id,
      stage: "intake",
      actor: "intake",
      status: null,
      events: [],
      summary: "late original",
      next_stage: null,
      traceparent: null,
    });
    expect(late.applied).toBe(false);
  });

  it("still re-issues a new stall, oldest first, with more than a batch of abandoned orders present", async () => {
    const longAgo = (i: number) => new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString();
    const abandonedRows = Array.from({ length: 120 }, (_, i) =>
      env.DB.prepare(
        "INSERT INTO order_index (po_number, customer_id, status, channel, total, order_date, created_at, updated_at, version, pending_handoffs, abandoned_handoffs) VALUES (?, 'CUST-001', 'received', 'portal', 0, '2020-01-01', ?, ?, 3, 1, 1)",
      ).bind(`PO-ABANDONED-${i}-${Date.now()}`, longAgo(i), longAgo(i)),
    );
    await env.DB.batch(abandonedRows);
    const po = await stalledOrder();
    await evictDurableObject(env.ORDER.getByName(orderKey("CUST-001", po)));
    const result = await redriveStalledOrders(env, later());
    expect(result.redriven).toBeGreaterThanOrEqual(1);
    const view = await waitForSettled(po);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
  });

  it("still re-issues a new stall with more than a batch of old orders waiting for admission", async () => {
    const longAgo = (i: number) => new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString();
    // Waiting orders are owed a handoff not yet issued (pending 1, abandoned 0) and keep their arrival time.
    const waitingRows = Array.from({ length: 120 }, (_, i) =>
      env.DB.prepare(
        "INSERT INTO order_index (po_number, customer_id, status, channel, total, order_date, created_at, updated_at, version, pending_handoffs, abandoned_handoffs, awaiting_admission) VALUES (?, 'CUST-001', 'received', 'edi', 0, '2020-01-01', ?, ?, 1, 1, 0, 1)",
      ).bind(`PO-WAITING-${i}-${Date.now()}`, longAgo(i), longAgo(i)),
    );
    await env.DB.batch(waitingRows);
    const po = await stalledOrder();
    await evictDurableObject(env.ORDER.getByName(orderKey("CUST-001", po)));
    const result = await redriveStalledOrders(env, later());
    expect(result.orders).toBeLessThan(100);
    expect(result.redriven).toBeGreaterThanOrEqual(1);
    const view = await waitForSettled(po);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
  });

  it("goes on past an order whose object fails, and re-issues the stalls after it", async () => {
    const broken = freshPo();
    await runInDurableObject(env.ORDER.getByName(orderKey("CUST-001", broken)), (_instance: OrderObject, state) => {
      state.storage.sql.exec(
        "INSERT INTO events (seq, at, type, actor, data) VALUES (1, '2020-01-01T00:00:00.000Z', 'no.such.event', 'api', '{}')",
      );
    });
    await evictDurableObject(env.ORDER.getByName(orderKey("CUST-001", broken)));
    await env.DB.prepare(
      "INSERT INTO order_index (po_number, customer_id, status, channel, total, order_date, created_at, updated_at, version, pending_handoffs) VALUES (?, 'CUST-001', 'received', 'portal', 0, '2019-01-01', '2019-01-01T00:00:00.000Z', '2019-01-01T00:00:00.000Z', 1, 1)",
    )
      .bind(broken)
      .run();
    const po = await stalledOrder();
    await evictDurableObject(env.ORDER.getByName(orderKey("CUST-001", po)));
    const result = await redriveStalledOrders(env, later());
    expect(result.redriven).toBeGreaterThanOrEqual(1);
    await waitForSettled(po);
  });

  it("does not touch a handoff issued within the stall window", async () => {
    const po = await stalledOrder();
    expect(
      await env.ORDER.getByName(orderKey("CUST-001", po)).redriveStalled(new Date(Date.now() - 60_000).toISOString()),
    ).toEqual({ redriven: [], abandoned: [] });
  });
});
