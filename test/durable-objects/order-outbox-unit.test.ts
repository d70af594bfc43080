import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { ADMISSION_SINGLETON, type AdmissionControl } from "../../src/durable-objects/admission.do";
import type { OrderObject } from "../../src/durable-objects/order.do";
import {
  OUTBOX_MAX_ATTEMPTS,
  OUTBOX_MAX_BACKOFF_MS,
  OUTBOX_RETRY_MS,
  outboxBackoffMs,
} from "../../src/durable-objects/order-outbox";
import { enqueueOutbox } from "../../src/durable-objects/order-store";
import { orderKey } from "../../src/shared/order-key";
import type { OrderView } from "../../src/shared/order-view";
import type { Handoff } from "../../src/shared/schemas/handoff.schema";
import { submission, acmeOrder } from "../fixtures/order-object";
import { freshPo } from "../fixtures/api";

/** Gives the object an intake queue whose first send waits for `release`; later sends pass. */
function gatedQueue(instance: OrderObject) {
  const sent: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const live = instance as unknown as { env: Env };
  live.env = {
    ...live.env,
    INTAKE_QUEUE: {
      send: async (body: Handoff) => {
        sent.push(body.handoff_id);
        if (sent.length === 1) await gate;
      },
    } as unknown as Queue,
  };
  return { sent, release: () => release() };
}

function outboxRows(state: DurableObjectState) {
  return state.storage.sql
    .exec<{ id: string; kind: string; attempts: number }>("SELECT id, kind, attempts FROM outbox ORDER BY id")
    .toArray();
}

const admission = () => env.ADMISSION.getByName(ADMISSION_SINGLETON);

/** Whether AdmissionControl holds a pipeline slot for the order `key` names. */
function holdsSlot(key: string): Promise<boolean> {
  return runInDurableObject(
    admission(),
    (_instance: AdmissionControl, state) =>
      state.storage.sql.exec("SELECT 1 FROM in_flight WHERE po_number = ?", key).toArray().length > 0,
  );
}

/** A D1 that refuses every statement, as during an outage. */
const downDatabase = {
  prepare: () => {
    throw new Error("D1 unavailable");
  },
  batch: () => Promise.reject(new Error("D1 unavailable")),
} as unknown as D1Database;

describe("the outbox flushes one at a time", () => {
  it("a request and the alarm arriving while a send is in flight do not send the handoff again", async () => {
    const po = freshPo();
    await runInDurableObject(acmeOrder(po), async (instance: OrderObject, state) => {
      const queue = gatedQueue(instance);
      const submitted = instance.submit(submission(po));
      await vi.waitFor(() => expect(queue.sent).toHaveLength(1));
      const alarm = instance.alarm();
      const question = instance.recordModelCalls({ events: [], traceparent: null });
      queue.release();
      await Promise.all([submitted, alarm, question]);
      expect(queue.sent).toHaveLength(1);
      expect(outboxRows(state)).toEqual([]);
      // The alarm left armed finds nothing more to send.
      await instance.alarm();
      expect(queue.sent).toHaveLength(1);
    });
  });

  it("a row enqueued again while it is being sent is not deleted, and goes out again", async () => {
    const po = freshPo();
    await runInDurableObject(acmeOrder(po), async (instance: OrderObject, state) => {
      const queue = gatedQueue(instance);
      const submitted = instance.submit(submission(po));
      await vi.waitFor(() => expect(queue.sent).toHaveLength(1));
      const handoffId = queue.sent[0]!;
      const handoff: Handoff = {
        handoff_id: handoffId,
        customer_id: "CUST-001",
        po_number: po,
        stage: "intake",
        traceparent: null,
        issued_at: new Date().toISOString(),
      };
      // What a redrive does under the same id while the first send is still awaited.
      enqueueOutbox(state.storage.sql, { id: handoffId, kind: "queue", stage: "intake", body: handoff }, Date.now());
      queue.release();
      await submitted;
      expect(queue.sent).toEqual([handoffId, handoffId]);
      expect(outboxRows(state)).toEqual([]);
    });
  });
});

/** A model call recorded on the order: a commit with no handoff, as a status question makes. */
const MODEL_CALL = {
  interaction_id: "i1",
  task: "status_question",
  model: "claude-haiku-4-5",
  tier: "haiku",
  input_tokens: 1,
  output_tokens: 1,
  cache_write_tokens: 0,
  cache_read_tokens: 0,
  latency_ms: 1,
  cost_usd: 0.001,
  cost_basis: "modeled" as const,
  routing_reason: "test",
};

describe("the alarm that re-sends the outbox", () => {
  it("is armed by an order's first commit and not written again by the commits that follow while it is due soon", async () => {
    const po = freshPo();
    await runInDurableObject(acmeOrder(po), async (instance: OrderObject, state) => {
      const live = instance as unknown as { env: Env };
      live.env = { ...live.env, INTAKE_QUEUE: { send: async () => undefined } as unknown as Queue };
      const setAlarm = vi.spyOn(state.storage, "setAlarm");
      const deleteAlarm = vi.spyOn(state.storage, "deleteAlarm");
      const before = Date.now();
      await instance.submit(submission(po));
      const armed = await state.storage.getAlarm();
      expect(armed).toBeGreaterThanOrEqual(before + OUTBOX_RETRY_MS);
      expect(armed).toBeLessThanOrEqual(Date.now() + OUTBOX_RETRY_MS);
      const question = { type: "model.called" as const, data: MODEL_CALL };
      await instance.recordModelCalls({ events: [question], traceparent: null });
      await instance.recordModelCalls({ events: [question], traceparent: null });
      expect(outboxRows(state)).toEqual([]);
      expect(setAlarm).toHaveBeenCalledTimes(1);
      expect(deleteAlarm).not.toHaveBeenCalled();
      expect(await state.storage.getAlarm()).toBe(armed);

      // Once it fired, the next commit arms it again.
      await instance.alarm();
      await instance.recordModelCalls({ events: [question], traceparent: null });
      expect(setAlarm).toHaveBeenCalledTimes(2);
      expect(await state.storage.getAlarm()).toBeGreaterThan(armed!);
    });
  });
});

describe("a row that keeps failing", () => {
  it("a queue row backs off between attempts and is dead-lettered after the bound, visible in the view and the audit, and gives the order's slot back", async () => {
    const po = freshPo();
    const key = orderKey("CUST-001", po);
    expect(await admission().admit({ order_key: key, value: 1 })).toEqual({ decision: "admitted" });
    await runInDurableObject(acmeOrder(po), async (instance: OrderObject, state) => {
      const live = instance as unknown as { env: Env };
      live.env = {
        ...live.env,
        INTAKE_QUEUE: { send: () => Promise.reject(new Error("queue unavailable")) } as unknown as Queue,
      };
      const { view } = await instance.submit(submission(po));
      const handoffId = (await instance.workingContext())!.open_handoffs[0]!;
      const waits: number[] = [];
      for (let attempt = 1; attempt < OUTBOX_MAX_ATTEMPTS; attempt++) {
        expect(outboxRows(state)).toEqual([{ id: handoffId, kind: "queue", attempts: attempt }]);
        const alarmAt = await state.storage.getAlarm();
        waits.push(alarmAt! - Date.now());
        await instance.alarm();
      }
      expect(waits[0]).toBeGreaterThan(outboxBackoffMs(1) - 1_000);
      expect(waits[0]).toBeLessThanOrEqual(outboxBackoffMs(1));
      expect(waits[1]).toBeGreaterThan(outboxBackoffMs(2) - 1_000);
      expect(waits.at(-1)).toBeGreaterThan(outboxBackoffMs(OUTBOX_MAX_ATTEMPTS - 1) - 1_000);
      for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]! - 1_000);

      expect(outboxRows(state)).toEqual([]);
      const after = await instance.read();
      expect(after?.dead_handoffs).toEqual([
        expect.objectContaining({
          id: handoffId,
          kind: "queue",
          stage: "intake",
          via: "outbox",
          attempts: OUTBOX_MAX_ATTEMPTS,
          reason: expect.stringContaining("queue unavailable"),
        }),
      ]);
      expect(after?.pending_handoffs).toBe(view.pending_handoffs);
      const audit = await env.DB.prepare(
        "SELECT detail FROM audit_log WHERE po_number = ? AND kind = 'outbox.dead_lettered'",
      )
        .bind(po)
        .all<{ detail: string }>();
      expect(audit.results.map((r) => JSON.parse(r.detail) as { id: string })).toEqual([
        expect.objectContaining({ id: handoffId, via: "outbox" }),
      ]);
    });
    expect(await holdsSlot(key)).toBe(false);
  });

  it("a stock or projection row is never deleted: it keeps retrying at the longest backoff, reported once, until D1 answers", async () => {
    const po = freshPo();
    await runInDurableObject(acmeOrder(po), async (instance: OrderObject, state) => {
      const live = instance as unknown as { env: Env; view: OrderView };
      live.env = { ...live.env, INTAKE_QUEUE: { send: async () => undefined } as unknown as Queue };
      await instance.submit(submission(po));
      expect(outboxRows(state)).toEqual([]);
      // The shipment the stock row names, as if it had been dispatched.
      const shipment = {
        shipment_id: "SHP-1",
        warehouse: "Detroit",
        lines: [{ sku: "SKU-4892", qty: 10 }],
        carrier: null,
        tracking: null,
        status: "shipped" as const,
        ship_date: null,
        eta: null,
      };
      live.view = { ...live.view, shipments: [shipment] };
      const working = live.env;
      live.env = { ...working, DB: downDatabase };
      enqueueOutbox(state.storage.sql, { id: "stock:SHP-1", kind: "stock", body: "SHP-1" }, Date.now());
      enqueueOutbox(state.storage.sql, { id: "projection", kind: "projection", body: null }, Date.now());
      const sideEffects = () => outboxRows(state).filter((r) => r.kind !== "audit");

      for (let attempt = 1; attempt <= OUTBOX_MAX_ATTEMPTS + 3; attempt++) await instance.alarm();
      expect(sideEffects()).toEqual([
        { id: "projection", kind: "projection", attempts: OUTBOX_MAX_ATTEMPTS + 3 },
        { id: "stock:SHP-1", kind: "stock", attempts: OUTBOX_MAX_ATTEMPTS + 3 },
      ]);
      // The alarm may come sooner for the audit rows reporting them; these two wait the longest backoff.
      const dues = state.storage.sql
        .exec<{ due_at: number }>("SELECT due_at FROM outbox WHERE kind IN ('stock', 'projection')")
        .toArray();
      for (const { due_at } of dues) {
        expect(due_at - Date.now()).toBeGreaterThan(OUTBOX_MAX_BACKOFF_MS - 60_000);
        expect(due_at - Date.now()).toBeLessThanOrEqual(OUTBOX_MAX_BACKOFF_MS);
      }
      expect(await state.storage.getAlarm()).not.toBeNull();
      expect((await instance.read())?.dead_handoffs).toEqual([]);

      live.env = working;
      await instance.alarm();
      expect(outboxRows(state)).toEqual([]);
      const shipped = await env.DB.prepare(
        "SELECT sku, qty FROM stock_movements WHERE kind = 'shipped' AND customer_id = 'CUST-001' AND po_number = ?",
      )
        .bind(po)
        .all();
      expect(shipped.results).toEqual([{ sku: "SKU-4892", qty: 10 }]);
      const audit = await env.DB.prepare("SELECT detail FROM audit_log WHERE po_number = ? AND kind = 'outbox.stuck'")
        .bind(po)
        .all<{ detail: string }>();
      expect(
        audit.results
          .map((r) => JSON.parse(r.detail) as { id: string; attempts: number })
          .sort((a, b) => a.id.localeCompare(b.id)),
      ).toEqual([
        expect.objectContaining({
          id: "projection",
          kind: "projection",
          attempts: OUTBOX_MAX_ATTEMPTS,
          reason: expect.stringContaining("D1 unavailable"),
        }),
        expect.objectContaining({ id: "stock:SHP-1", kind: "stock", attempts: OUTBOX_MAX_ATTEMPTS }),
      ]);
    });
  });
});
