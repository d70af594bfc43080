import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { orderKey } from "../../src/shared/order-key";
import { describe, expect, it } from "vitest";
import type { OrderObject } from "../../src/durable-objects/order.do";
import { acmeOrder, orderWithOpenIntakeHandoff, submission } from "../fixtures/order-object";
import type { Handoff } from "../../src/shared/schemas/handoff.schema";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";
import { deliver } from "../fixtures/queues";

type LoggedEvent = { seq: number; type: string; actor: string; data: Record<string, unknown> };

async function eventsOf(po: string): Promise<LoggedEvent[]> {
  const res = await api(`/v1/orders/${po}/events`, { token: TOKENS.ops });
  return ((await res.json()) as { events: LoggedEvent[] }).events;
}

async function reservedFor(po: string): Promise<number> {
  const row = await env.DB.prepare("SELECT coalesce(sum(qty), 0) AS n FROM reservations WHERE po_number = ?")
    .bind(po)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("handoffs run at most once", () => {
  it("a redelivered handoff after its decision changes nothing and is acked", async () => {
    const po = freshPo();
    await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    const settled = await waitForSettled(po);
    const before = await eventsOf(po);
    const issued = before.find((e) => e.type === "handoff.issued" && e.data.stage === "fulfillment")!;
    const handoff: Handoff = {
      handoff_id: String(issued.data.handoff_id),
      customer_id: "CUST-001",
      po_number: po,
      stage: "fulfillment",
      traceparent: null,
      issued_at: issued.data.issued_at as string,
    };
    const reservedBefore = await reservedFor(po);

    const result = await deliver("fulfillment", [
      { id: "redelivery-1", timestamp: new Date(), attempts: 2, body: handoff },
    ]);
    expect(result.outcome).toBe("ok");
    expect(result.explicitAcks).toEqual(["redelivery-1"]);
    expect(result.retryMessages).toEqual([]);

    const after = await eventsOf(po);
    expect(after).toEqual(before);
    expect(await reservedFor(po)).toBe(reservedBefore);
    expect(reservedBefore).toBe(60);
    const view = await waitForSettled(po);
    expect(view.version).toBe(settled.version);
  });

  it("the same handoff delivered again twice at once, beside the queue's own delivery, is applied once", async () => {
    const po = freshPo();
    await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po, [{ sku: "SKU-4892", qty: 12 }]) });
    const issued = (await eventsOf(po)).find((e) => e.type === "handoff.issued")!;
    const handoff: Handoff = {
      handoff_id: String(issued.data.handoff_id),
      customer_id: "CUST-001",
      po_number: po,
      stage: "intake",
      traceparent: null,
      issued_at: new Date().toISOString(),
    };
    await Promise.all(
      ["dup-a", "dup-b"].map(async (id) => {
        const result = await deliver("intake", [{ id, timestamp: new Date(), attempts: 1, body: handoff }]);
        expect(result.explicitAcks).toEqual([id]);
      }),
    );
    await waitForSettled(po);
    const events = await eventsOf(po);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count("intake.validated")).toBe(1);
    expect(count("fulfillment.planned")).toBe(1);
    expect(count("notification.sent")).toBe(1);
    expect(await reservedFor(po)).toBe(12);
  });

  it("a decision asking for an illegal transition is refused and recorded, and the status stays", async () => {
    const po = freshPo();
    const stub = env.ORDER.getByName(orderKey("CUST-001", po));
    const received = submission(po);
    await runInDurableObject(stub, async (instance: OrderObject) => {
      const live = instance as unknown as { env: Env };
      live.env = {
        ...live.env,
        INTAKE_QUEUE: { send: async () => undefined, sendBatch: async () => undefined } as unknown as Queue,
      };
      await instance.submit(received);
    });
    const context = await stub.workingContext();
    const handoffId = context!.open_handoffs[0]!;
    const {
      applied,
      outcome,
      refused: reason,
      view,
    } = await stub.applyDecision({
      handoff_id: handoffId,
      stage: "intake",
      actor: "intake",
      status: { to: "delivered", reason: "test" },
      events: [],
      summary: "illegal",
      next_stage: "fulfillment",
      traceparent: null,
    });
    expect({ applied, outcome, reason }).toEqual({
      applied: false,
      outcome: "refused",
      reason: "illegal transition received -> delivered",
    });
    expect(view.status).toBe("received");
    expect(view.pending_handoffs).toBe(0);
    const refused = (await stub.eventLog()).find((e) => e.type === "decision.refused");
    expect(refused?.data).toMatchObject({ handoff_id: handoffId, reason: "illegal transition received -> delivered" });
  });
});

describe("durability across eviction", () => {
  it("a settled order's view and log are the same after the object is evicted", async () => {
    const po = freshPo();
    await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    const before = await waitForSettled(po);
    const log = await eventsOf(po);
    await evictDurableObject(env.ORDER.getByName(orderKey("CUST-001", po)));
    const after = await waitForSettled(po);
    expect(after).toEqual(before);
    expect(await eventsOf(po)).toEqual(log);
  });

  it("a handoff the queue refused stays in the outbox through eviction and the alarm delivers it", async () => {
    const po = freshPo();
    const stub = env.ORDER.getByName(orderKey("CUST-001", po));
    await runInDurableObject(stub, async (instance: OrderObject, state) => {
      const live = instance as unknown as { env: Env };
      live.env = {
        ...live.env,
        INTAKE_QUEUE: { send: () => Promise.reject(new Error("queue unavailable")) } as unknown as Queue,
      };
      const { view } = await instance.submit(submission(po));
      expect(view.pending_handoffs).toBe(1);
      const outbox = state.storage.sql.exec<{ kind: string }>("SELECT kind FROM outbox").toArray();
      expect(outbox.map((r) => r.kind)).toEqual(["queue"]);
      expect(await state.storage.getAlarm()).not.toBeNull();
    });
    await evictDurableObject(stub);
    const stuck = await stub.read();
    expect(stuck?.status).toBe("received");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const view = await waitForSettled(po);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
    await runInDurableObject(stub, (_instance, state) => {
      expect(state.storage.sql.exec("SELECT * FROM outbox").toArray()).toEqual([]);
    });
  });

  it("an ERP event that changes nothing is still remembered: the same webhook again answers duplicate", async () => {
    const po = freshPo();
    await orderWithOpenIntakeHandoff(po);
    const stub = acmeOrder(po);
    const event = {
      source: "erp",
      webhook_id: `W-${po}`,
      event: {
        type: "order.status_changed",
        po_number: po,
        occurred_at: "2024-09-16T10:00:00Z",
        data: { status: "received" },
      },
      traceparent: null,
    } as const;
    const first = await stub.applyExternal(event);
    expect({ applied: first.applied, outcome: first.outcome, status: first.view.status }).toEqual({
      applied: true,
      outcome: "applied",
      status: "received",
    });
    expect((await stub.applyExternal(event)).outcome).toBe("duplicate");
  });
});
