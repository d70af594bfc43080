import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMISSION_SINGLETON, type AdmissionControl } from "../../src/durable-objects/admission.do";
import type { OrderObject } from "../../src/durable-objects/order.do";
import { MAX_REDRIVES } from "../../src/durable-objects/order-redrive";
import { ADMISSION_LEASE_MS } from "../../src/shared/admission";
import { redriveStalledOrders, STALL_AFTER_MS } from "../../src/workers/stalled-handoffs";
import { orderKey } from "../../src/shared/order-key";
import { acmePo, api, freshPo, TOKENS, waitForSettled, placeOrder } from "../fixtures/api";
import { deliver } from "../fixtures/queues";

const admission = () => env.ADMISSION.getByName(ADMISSION_SINGLETON);

/** Whether AdmissionControl holds a pipeline slot for the order `key` names. */
async function holdsSlot(key: string): Promise<boolean> {
  return runInDurableObject(
    admission(),
    (_instance: AdmissionControl, state) =>
      state.storage.sql.exec("SELECT 1 FROM in_flight WHERE po_number = ?", key).toArray().length > 0,
  );
}

/** Backdates a slot's lease start, as if it had been admitted `ms` ago. */
async function admittedAgo(po: string, ms: number): Promise<void> {
  await runInDurableObject(admission(), (_instance: AdmissionControl, state) => {
    state.storage.sql.exec("UPDATE in_flight SET admitted_at = ? WHERE po_number = ?", Date.now() - ms, po);
  });
}

describe("AdmissionControl leases (issue 9, item 2)", () => {
  it("takes back a slot whose lease ran out, with an audit row, and starts the next waiting PO", async () => {
    const fillers = Array.from({ length: 50 }, (_, i) => `PO-9100-${String(100000 + i)}`);
    for (const po of fillers)
      expect(await admission().admit({ order_key: po, value: 1 })).toEqual({ decision: "admitted" });

    const po = await placeOrder("CUST-002", [{ sku: "SKU-7210", qty: 10 }], "2024-10-02");
    expect((await env.ORDER.getByName(orderKey("CUST-002", po)).read())?.admission).toBe("waiting");

    // A lease a minute short of its end is kept: the alarm takes nothing.
    await admittedAgo(fillers[0]!, ADMISSION_LEASE_MS - 60_000);
    expect(await runDurableObjectAlarm(admission())).toBe(true);
    expect(await admission().snapshot()).toMatchObject({ in_flight: 50, waiting: 1 });
    expect((await env.ORDER.getByName(orderKey("CUST-002", po)).read())?.admission).toBe("waiting");

    // Its release never came: once the lease has run out the slot goes to the waiting PO.
    await admittedAgo(fillers[0]!, ADMISSION_LEASE_MS + 1);
    expect(await runDurableObjectAlarm(admission())).toBe(true);
    const started = await waitForSettled(po);
    expect(started).toMatchObject({ status: "confirmed", admission: "admitted" });
    expect(await admission().snapshot()).toMatchObject({ in_flight: 49, waiting: 0 });
    const audit = await env.DB.prepare(
      "SELECT kind FROM audit_log WHERE po_number = ? AND kind = 'admission.lease_expired'",
    )
      .bind(fillers[0])
      .all();
    expect(audit.results).toHaveLength(1);

    // The alarm stays armed for the leases still held, and is cleared once none is.
    const alarm = () =>
      runInDurableObject(admission(), (_instance: AdmissionControl, state) => state.storage.getAlarm());
    expect(await alarm()).not.toBeNull();
    for (const filler of fillers.slice(1)) await admission().release(filler);
    expect(await alarm()).toBeNull();
  });

  it("a dead-lettered handoff gives its order's slot back", async () => {
    const po = freshPo();
    const key = orderKey("CUST-001", po);
    await admission().admit({ order_key: key, value: 1 });
    const before = (await admission().snapshot()).in_flight;
    const handoff = {
      handoff_id: crypto.randomUUID(),
      customer_id: "CUST-001",
      po_number: po,
      stage: "fulfillment",
      traceparent: null,
      issued_at: new Date().toISOString(),
    };
    const outcome = await deliver("orders-dlq", [{ id: "dead-1", timestamp: new Date(), attempts: 6, body: handoff }]);
    expect(outcome.explicitAcks).toEqual(["dead-1"]);
    expect((await admission().snapshot()).in_flight).toBe(before - 1);
    expect(await holdsSlot(key)).toBe(false);
  });

  it("an order whose handoff the sweep abandons gives its slot back", async () => {
    const po = freshPo();
    const key = orderKey("CUST-001", po);
    // The order's intake handoffs are accepted by the queue and lost, as dead-lettered ones would be.
    await runInDurableObject(env.ORDER.getByName(key), (instance: OrderObject) => {
      const live = instance as unknown as { env: Env };
      live.env = { ...live.env, INTAKE_QUEUE: { send: async () => undefined } as unknown as Queue };
    });
    expect((await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) })).status).toBe(202);
    expect(await holdsSlot(key)).toBe(true);
    const later = () => new Date(Date.now() + STALL_AFTER_MS + 60_000);
    for (let i = 0; i < MAX_REDRIVES; i++) await env.ORDER.getByName(key).redriveStalled(later().toISOString());
    expect((await redriveStalledOrders(env, later())).abandoned).toBeGreaterThanOrEqual(1);
    expect(await holdsSlot(key)).toBe(false);
  });
});
