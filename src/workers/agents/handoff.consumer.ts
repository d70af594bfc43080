import { ADMISSION_SINGLETON } from "../../durable-objects/admission.do";
import { recordAudit } from "../../shared/db/audit-repository";
import { ReferenceReads } from "../../shared/db/reference-reads";
import { bufferSpans } from "../../shared/span-sink";
import { orderKeyOf } from "../../shared/order-key";
import { Handoff, type AgentDecision } from "../../shared/schemas/handoff.schema";
import type { Actor, Stage } from "../../shared/schemas/order-event.schema";
import { parseTraceparent, Tracer } from "../../shared/tracing";
import { meteredEnv, metering } from "../../shared/usage/metered-env";
import { stampUsage } from "../../shared/usage/stamp-usage";
import { UsageMeter } from "../../shared/usage/usage";
import type { Agent } from "./agent";
import { commsAgent } from "./comms.agent";
import { exceptionAgent } from "./exception.agent";
import { fulfillmentAgent } from "./fulfillment.agent";
import { intakeAgent } from "./intake.agent";

const AGENTS: Record<Stage, { actor: Actor; run: Agent }> = {
  intake: { actor: "intake", run: intakeAgent },
  fulfillment: { actor: "fulfillment", run: fulfillmentAgent },
  exceptions: { actor: "exception", run: exceptionAgent },
  comms: { actor: "comms", run: commsAgent },
};

/** Redelivery backoff: 2, 4, 8 … seconds, capped at 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.max(1, attempts));
}

/**
 * Runs one handoff: reads the order from its OrderObject, lets the stage's agent decide, and
 * has the object apply the decision (at most once per handoff id). A message is acked only
 * after its decision is stored; a failure is retried with backoff, then dead-lettered.
 */
async function runHandoff(env: Env, message: Message<unknown>, tracer: Tracer, reads: ReferenceReads): Promise<void> {
  const parsed = Handoff.safeParse(message.body);
  if (!parsed.success) {
    // Only the OrderObjects write to these queues: a malformed body is a bug, kept for inspection.
    await recordAudit(env.DB, {
      kind: "handoff.malformed",
      detail: { message_id: message.id, body: message.body as Record<string, unknown>, issues: parsed.error.issues },
    });
    message.ack();
    return;
  }
  const handoff = parsed.data;
  const agent = AGENTS[handoff.stage];
  const span = tracer.start(
    `agent ${agent.actor}`,
    "consumer",
    parseTraceparent(handoff.traceparent),
    {
      "messaging.system": "cloudflare_queues",
      "messaging.message.id": message.id,
      "messaging.delivery_attempts": message.attempts,
      "agent.name": agent.actor,
      "order.po_number": handoff.po_number,
      "handoff.id": handoff.handoff_id,
    },
    handoff.po_number,
  );
  try {
    await tracer
      .within(span, async () => {
        const stub = env.ORDER.getByName(orderKeyOf(handoff));
        const context = await stub.workingContext();
        if (!context) {
          // No retry makes an order appear: this is kept for inspection, not redelivered until it dead-letters.
          span.set({ "handoff.orphaned": true });
          await recordAudit(env.DB, {
            kind: "handoff.orphaned",
            poNumber: handoff.po_number,
            detail: { message_id: message.id, handoff },
          });
          return;
        }
        if (!context.open_handoffs.includes(handoff.handoff_id)) {
          span.set({ "handoff.already_applied": true });
          return;
        }
        const output = await agent.run({ env, handoff, view: context.view, po: context.po, reads, span, tracer });
        const decision: AgentDecision = {
          ...output,
          handoff_id: handoff.handoff_id,
          stage: handoff.stage,
          actor: agent.actor,
          traceparent: span.traceparent,
        };
        const { applied } = await stub.applyDecision(decision);
        span.set({ "handoff.applied": applied });
        // The ended span's record keeps its attributes until it is stored: the stamp lands on it.
      })
      .finally(() => stampUsage(span, env, "order"));
    message.ack();
  } catch (err) {
    console.warn(
      JSON.stringify({
        msg: "handoff failed; retrying",
        handoff_id: handoff.handoff_id,
        stage: handoff.stage,
        attempts: message.attempts,
        error: String(err),
      }),
    );
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

/** The queue handler for the four agent queues. */
export async function consumeHandoffs(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const tracer = new Tracer();
  // Each message counts its share of the invocation and, when redelivered, the read of its retry (DESIGN §15).
  const share = 1 / batch.messages.length;
  const metered = meteredEnv(env);
  // Reference data read once per batch; whichever message asks first counts the read.
  const reads = new ReferenceReads(metered.DB);
  await Promise.all(
    batch.messages.map((message) => {
      const meter = new UsageMeter();
      meter.add({ worker_requests: share, queue_operations: message.attempts > 1 ? 1 : 0 });
      return metering(meter, () => runHandoff(metered, message, tracer, reads));
    }),
  );
  ctx.waitUntil(bufferSpans(metered, tracer.drain(), "order"));
}

/**
 * The dead-letter queue: a handoff that exhausted its retries is recorded by its order (the view's
 * `dead_handoffs`, still pending for the stalled-handoff sweep to re-issue) and becomes an audit
 * row, and the order gives its pipeline slot back so that it cannot block intake. The order
 * records it at most once, so a redelivery after a failed audit write adds nothing.
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = Handoff.safeParse(message.body);
    try {
      const recorded = parsed.success
        ? (
            await env.ORDER.getByName(orderKeyOf(parsed.data)).recordDeadHandoff({
              handoff_id: parsed.data.handoff_id,
              stage: parsed.data.stage,
              attempts: message.attempts,
              reason: "the queue's retries ran out",
            })
          ).applied
        : false;
      await recordAudit(env.DB, {
        kind: "handoff.dead_lettered",
        poNumber: parsed.success ? parsed.data.po_number : null,
        detail: {
          message_id: message.id,
          recorded_by_order: recorded,
          body: parsed.success ? parsed.data : { malformed: JSON.stringify(message.body ?? null).slice(0, 2_000) },
        },
      });
      if (parsed.success) await env.ADMISSION.getByName(ADMISSION_SINGLETON).release(orderKeyOf(parsed.data));
      message.ack();
    } catch (err) {
      console.warn(
        JSON.stringify({
          msg: "dead letter not recorded; retrying",
          message_id: message.id,
          attempts: message.attempts,
          error: String(err),
        }),
      );
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
