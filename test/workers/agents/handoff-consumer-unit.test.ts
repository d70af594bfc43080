import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { consumeDeadLetters, consumeHandoffs, retryDelaySeconds } from "../../../src/workers/agents/handoff.consumer";
import type { Handoff } from "../../../src/shared/schemas/handoff.schema";
import { orderWithOpenIntakeHandoff, acmeOrder } from "../../fixtures/order-object";
import { freshPo, waitForSettled } from "../../fixtures/api";

/** The Worker's env with D1 failing every statement, as during an outage: the intake agent throws. */
function envWithD1Down(): Env {
  const down = () => {
    throw new Error("D1 unavailable");
  };
  const db = new Proxy(env.DB, {
    get: (target, prop) =>
      prop === "prepare" || prop === "batch" || prop === "exec" ? down : Reflect.get(target, prop),
  });
  return { ...env, DB: db };
}

/**
 * Runs one message through a consumer and answers what the runtime would do with it. The test
 * batch does not keep `retry()`'s options, so the delay asked for is read from a spy.
 */
async function consume(
  consumer: typeof consumeHandoffs,
  queue: string,
  id: string,
  attempts: number,
  body: unknown,
  withEnv: Env = env,
) {
  const batch = createMessageBatch(queue, [{ id, timestamp: new Date(), attempts, body }]);
  const retry = vi.spyOn(batch.messages[0]!, "retry");
  const ctx = createExecutionContext();
  await consumer(batch, withEnv, ctx);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryDelays: retry.mock.calls.map(([options]) => options?.delaySeconds) };
}

async function eventTypes(po: string): Promise<string[]> {
  return (await acmeOrder(po).eventLog()).map((e) => e.type);
}

async function auditRows(kind: string, messageId: string) {
  const rows = await env.DB.prepare("SELECT po_number, detail FROM audit_log WHERE kind = ?")
    .bind(kind)
    .all<{ po_number: string | null; detail: string }>();
  return rows.results.filter((r) => (JSON.parse(r.detail) as { message_id?: string }).message_id === messageId);
}

describe("an agent that throws", () => {
  it("is retried with a growing backoff, nothing acked and nothing recorded, then decides exactly once", async () => {
    const po = freshPo();
    const handoff = await orderWithOpenIntakeHandoff(po);
    const before = await eventTypes(po);

    for (const attempts of [1, 2]) {
      const result = await consume(consumeHandoffs, "intake", "flaky-1", attempts, handoff, envWithD1Down());
      expect(result.explicitAcks).toEqual([]);
      expect(result.ackAll).toBe(false);
      expect(result.retryMessages).toEqual([{ msgId: "flaky-1" }]);
      expect(result.retryDelays).toEqual([retryDelaySeconds(attempts)]);
      expect(await eventTypes(po)).toEqual(before);
    }
    expect(retryDelaySeconds(2)).toBeGreaterThan(retryDelaySeconds(1));

    const result = await consume(consumeHandoffs, "intake", "flaky-1", 3, handoff);
    expect(result.explicitAcks).toEqual(["flaky-1"]);
    expect(result.retryMessages).toEqual([]);
    const view = await waitForSettled(po);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
    const log = await acmeOrder(po).eventLog();
    const completed = log.filter(
      (e) => e.type === "handoff.completed" && (e.data as { handoff_id: string }).handoff_id === handoff.handoff_id,
    );
    expect(completed).toHaveLength(1);
    expect(log.filter((e) => e.type === "intake.validated")).toHaveLength(1);
  });
});

describe("messages no retry can help", () => {
  it("a malformed body is acked and audited, not retried", async () => {
    const result = await consume(consumeHandoffs, "intake", "malformed-1", 1, { po_number: 42, stage: "nowhere" });
    expect(result.explicitAcks).toEqual(["malformed-1"]);
    expect(result.retryMessages).toEqual([]);
    expect(await auditRows("handoff.malformed", "malformed-1")).toHaveLength(1);
  });

  it("a handoff for a PO with no order is acked and audited, not retried as if transient", async () => {
    const po = freshPo();
    const handoff: Handoff = {
      handoff_id: crypto.randomUUID(),
      customer_id: "CUST-001",
      po_number: po,
      stage: "intake",
      traceparent: null,
      issued_at: new Date().toISOString(),
    };
    const result = await consume(consumeHandoffs, "intake", "orphan-1", 1, handoff);
    expect(result.explicitAcks).toEqual(["orphan-1"]);
    expect(result.retryMessages).toEqual([]);
    const audit = await auditRows("handoff.orphaned", "orphan-1");
    expect(audit.map((r) => r.po_number)).toEqual([po]);
  });
});

describe("the dead-letter queue", () => {
  it("turns each dead handoff into an audit row and shows it on its order, once", async () => {
    const po = freshPo();
    const handoff = await orderWithOpenIntakeHandoff(po);
    const result = await consume(consumeDeadLetters, "orders-dlq", "dead-1", 6, handoff);
    expect(result.explicitAcks).toEqual(["dead-1"]);
    expect(result.retryMessages).toEqual([]);
    const view = await acmeOrder(po).read();
    expect(view?.dead_handoffs).toEqual([
      expect.objectContaining({ id: handoff.handoff_id, stage: "intake", via: "dead_letter_queue", attempts: 6 }),
    ]);
    expect(view?.pending_handoffs).toBe(1);
    const audit = await auditRows("handoff.dead_lettered", "dead-1");
    expect(audit.map((r) => r.po_number)).toEqual([po]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({
      recorded_by_order: true,
      body: { handoff_id: handoff.handoff_id },
    });

    await consume(consumeDeadLetters, "orders-dlq", "dead-1-again", 6, handoff);
    expect((await acmeOrder(po).read())?.dead_handoffs).toHaveLength(1);
  });

  it("acks and audits a dead message that is malformed or names no order", async () => {
    const orphan: Handoff = {
      handoff_id: crypto.randomUUID(),
      customer_id: "CUST-001",
      po_number: freshPo(),
      stage: "comms",
      traceparent: null,
      issued_at: new Date().toISOString(),
    };
    for (const [id, body] of [
      ["dead-orphan", orphan],
      ["dead-malformed", "not a handoff"],
    ] as const) {
      const result = await consume(consumeDeadLetters, "orders-dlq", id, 11, body);
      expect(result.explicitAcks).toEqual([id]);
      const audit = await auditRows("handoff.dead_lettered", id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.detail)).toMatchObject({ recorded_by_order: false });
    }
  });
});
