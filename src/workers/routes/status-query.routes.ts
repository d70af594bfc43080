import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../../shared/db/audit-repository";
import { loadCustomerDigest } from "../../shared/db/reference-repository";
import { inspectText } from "../../shared/guardrails";
import { ModelUnavailableError } from "../../shared/models/errors";
import type { OrderView } from "../../shared/order-view";
import { answerStatusQuery } from "../../shared/prompts/offline-answerers";
import { statusQueryRequest } from "../../shared/prompts/task-requests";
import { tagged } from "../../shared/prompts/tagged";
import { buildWorkingMemory } from "../../shared/prompts/working-memory";
import type { AppEnv } from "../context";
import { readJsonObject } from "../http/json-body";
import { visibleOrder } from "../http/visible-order";
import { ADMISSION_SINGLETON } from "../../durable-objects/admission.do";
import { AppError } from "../errors";
import { authenticate } from "../middleware";
import { modelCallEvents, openModelSession } from "../model-session";

const StatusQuery = z.strictObject({ question: z.string().trim().min(1).max(2_000).optional() });

/** Where the goods are: the latest shipment that has left, else the first planned one. */
function whereabouts(view: OrderView) {
  const moving = [...view.shipments].reverse().find((s) => s.tracking) ?? view.shipments[0];
  return { carrier: moving?.carrier ?? null, tracking: moving?.tracking ?? null, eta: moving?.eta ?? view.eta };
}

/** The deterministic answer, from the same working memory a model would read. */
function ruleAnswer(context: unknown): string {
  const blocks = answerStatusQuery({ messages: [{ role: "user", content: tagged("order_context", context) }] } as Parameters<typeof answerStatusQuery>[0]);
  return blocks.map((b) => (b.type === "text" ? b.text : "")).join("");
}

/**
 * `POST /v1/orders/:po/status-query` (DESIGN §4). Without a question the answer is the order's
 * state, no model called. With one, the `status_query` task (Haiku) answers from the order's
 * working memory; a question carrying an attack is never sent to a model, and when the model
 * layer is unavailable the rule-based answer stands in.
 */
export const statusQueryRoutes = new Hono<AppEnv>().post("/:po/status-query", authenticate(["customer", "ops"]), async (c) => {
  const started = Date.now();
  const { view, stub } = await visibleOrder(c);
  const quota = await c.env.ADMISSION.getByName(ADMISSION_SINGLETON).takeStatusQuery(c.get("principal").id);
  if (!quota.allowed) {
    const seconds = Math.max(1, Math.ceil(quota.retry_after_ms / 1000));
    throw new AppError(429, "rate-limited", `too many status questions from this token; retry in ${seconds} s`, { headers: { "retry-after": String(seconds) } });
  }
  const po = view.po_number;
  const raw = c.req.header("content-length") === "0" || !c.req.header("content-type") ? { value: {} } : await readJsonObject(c.req.raw);
  const parsed = StatusQuery.safeParse(raw.value ?? {});
  if (!parsed.success) throw parsed.error;
  const base = { po_number: view.po_number, status: view.status, ...whereabouts(view) };
  const question = parsed.data.question;
  const span = c.get("span");
  if (!question) return c.json({ ...base, answer: null, model: null, cost_usd: 0, cost_basis: "modeled", latency_ms: Date.now() - started });

  // A customer's question is answered from what its view may show, never from operations' notes or model advice.
  const memory = buildWorkingMemory(view, await stub.eventLogFor(c.get("principal").kind));
  span.set({ "status_query.context_tokens": memory.tokens, "status_query.events_included": memory.events_included });
  const attacks = inspectText(question).attacks;
  if (attacks.length) {
    await recordAudit(c.env.DB, { kind: "status_query.quarantined", principalId: c.get("principal").id, poNumber: po, traceId: span.context.traceId, detail: { attacks, question } });
    return c.json({ ...base, answer: `${ruleAnswer(memory.context)} (Your question could not be processed as written; this is the order's current status.)`, model: null, cost_usd: 0, cost_basis: "modeled", latency_ms: Date.now() - started, quarantined: true });
  }

  const session = openModelSession(c.env, c.get("tracer"), span);
  const digest = await loadCustomerDigest(c.env.DB, view.customer_id);
  const interaction_id = `status:${span.context.traceId}`;
  let answer: string;
  let model: string | null = null;
  const extra = [];
  try {
    const response = await session.gateway.run("status_query", statusQueryRequest({ digest, context: memory.context, question, po_number: po, interaction_id }));
    answer = response.content.map((b) => (b.type === "text" ? b.text : "")).join("").trim() || ruleAnswer(memory.context);
    model = response.model;
  } catch (err) {
    if (!(err instanceof ModelUnavailableError)) throw err;
    answer = ruleAnswer(memory.context);
    extra.push({ type: "model.fallback" as const, data: { task: "status_query", reason: `${err.reason}: answered from the order's state` } });
  }
  const events = [...modelCallEvents(session), ...extra];
  await stub.recordModelCalls({ events, traceparent: span.traceparent });
  const cost = session.calls.reduce((sum, call) => sum + call.cost_usd, 0);
  return c.json({
    ...base,
    answer,
    model,
    cost_usd: Math.round(cost * 1e6) / 1e6,
    cost_basis: session.calls.some((call) => call.cost_basis === "billed") ? "billed" : "modeled",
    latency_ms: Date.now() - started,
  });
});
