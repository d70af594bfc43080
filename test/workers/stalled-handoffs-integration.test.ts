import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { orderKey } from "../../src/shared/order-key";
import { describe, expect, it } from "vitest";
import type { OrderObject } from "../../src/durable-objects/order.do";
import { redriveStalledOrders, STALL_AFTER_MS } from "../../src/workers/stalled-handoffs";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../helpers";

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

  it("leaves a handoff lost three times for operations, with an audit row", async () => {
    const po = await stalledOrder();
    const stub = env.ORDER.getByName(orderKey("CUST-001", po));
    for (let i = 0; i < 3; i++) expect((await stub.redriveStalled(later().toISOString())).redriven).toHaveLength(1);
    expect(await stub.redriveStalled(later().toISOString())).toMatchObject({ redriven: [], abandoned: [expect.any(String)] });
    await redriveStalledOrders(env, later());
    const audit = await env.DB.prepare("SELECT kind FROM audit_log WHERE po_number = ? AND kind = 'handoff.abandoned'").bind(po).all();
    expect(audit.results.length).toBeGreaterThanOrEqual(1);
    expect((await stub.read())?.pending_handoffs).toBe(1);
  });

  it("does not touch a handoff issued within the stall window", async () => {
    const po = await stalledOrder();
    expect(await env.ORDER.getByName(orderKey("CUST-001", po)).redriveStalled(new Date(Date.now() - 60_000).toISOString())).toEqual({ redriven: [], abandoned: [] });
  });
});
