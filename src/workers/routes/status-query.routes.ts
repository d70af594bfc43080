import { Hono } from "hono";
import { recordAudit } from "../../shared/db/audit-repository";
import { loadCustomerDigest } from "../../shared/db/reference-reads";
import { inspectText, screenModelText } from "../../shared/guardrails";
import { ModelUnavailableError } from "../../shared/models/errors";
import { roundUsd } from "../../shared/money";
import type { OrderView } from "../../shared/order-view";
import { answerStatusQuery } from "../../shared/prompts/offline-answerers";
import { classifyQuestion, type RetrievedContext } from "../../shared/retrieval/retrieved-answer";
import { statusQueryRequest } from "../../shared/prompts/task-requests";
import { tagged } from "../../shared/prompts/tagged";
import { buildWorkingMemory } from "../../shared/prompts/working-memory";
import type { AppEnv } from "../context";
import { StatusQuery } from "../http/request-schemas";
import { readJsonObject } from "../http/json-body";
import { visibleOrder } from "../http/visible-order";
import { authenticate } from "../middleware";
import { auditWithheldText, openModelSession } from "../model-session";
import { throttle } from "../http/throttle";
import { validate } from "../http/validate";
import { PROBLEMS } from "../problems";
import { retrieveForQuestion } from "../retrieval/question-retrieval";
import { searchCatalog } from "../retrieval/search-catalog";

/** Where the goods are: the latest shipment that has left, else the first planned one. */
function whereabouts(view: OrderView) {
  const moving = [...view.shipments].reverse().find((s) => s.tracking) ?? view.shipments[0];
  return { carrier: moving?.carrier ?? null, tracking: moving?.tracking ?? null, eta: moving?.eta ?? view.eta };
}

/** The deterministic answer, from the same working memory (and retrieved facts) a model would read. */
function ruleAnswer(context: unknown, retrieved: RetrievedContext | null = null): string {
  const content = `${tagged("order_context", context)}${retrieved ? `\n${tagged("retrieved", retrieved)}` : ""}`;
  const blocks = answerStatusQuery({
    messages: [{ role: "user", content }],
  } as Parameters<typeof answerStatusQuery>[0]);
  return blocks.map((b) => (b.type === "text" ? b.text : "")).join("");
}

/**
 * `POST /v1/orders/:po/status-query` (DESIGN §4). Without a question the answer is the order's
 * state, no model called. With one, the `status_query` task (Haiku) answers from the order's
 * working memory; a question carrying an attack is never sent to a model, and the rule-based
 * answer stands in when the model gives no answer or its answer is flagged by the guardrails.
 * Questions are throttled per principal.
 */
export const statusQueryRoutes = new Hono<AppEnv>().post(
  "/:po/status-query",
  authenticate(["customer", "ops"]),
  throttle("status_query"),
  async (c) => {
    const started = Date.now();
    const { view, stub } = await visibleOrder(c, "read");
    const po = view.po_number;
    const raw =
      c.req.header("content-length") === "0" || !c.req.header("content-type")
        ? { value: {} }
        : await readJsonObject(c.req.raw);
    const { question } = validate(StatusQuery, raw.value, PROBLEMS.invalidRequest, "the request");
    const base = { po_number: view.po_number, status: view.status, ...whereabouts(view) };
    const span = c.get("span");
    if (!question)
      return c.json({
        ...base,
        answer: null,
        model: null,
        cost_usd: 0,
        cost_basis: "modeled",
        latency_ms: Date.now() - started,
      });

    // A customer's question is answered from what its view may show, never from operations' notes or model advice.
    const memory = buildWorkingMemory(view, await stub.eventLogFor(c.get("principal").kind));
    span.set({ "status_query.context_tokens": memory.tokens, "status_query.events_included": memory.events_included });
    const attacks = inspectText(question).attacks;
    if (attacks.length) {
      await recordAudit(c.env.DB, {
        kind: "status_query.quarantined",
        principalId: c.get("principal").id,
        poNumber: po,
        traceId: span.context.traceId,
        detail: { attacks, question },
      });
      return c.json({
        ...base,
        answer: `${ruleAnswer(memory.context)} (Your question could not be processed as written; this is the order's current status.)`,
        model: null,
        cost_usd: 0,
        cost_basis: "modeled",
        latency_ms: Date.now() - started,
        quarantined: true,
      });
    }

    // A question about a product, a price or a contract term is answered from the order's customer's own retrieved facts.
    const topic = classifyQuestion(question);
    const found =
      topic.kind === "order"
        ? null
        : await retrieveForQuestion(
            c.env,
            (query) => searchCatalog(c.env, query),
            { customer_id: view.customer_id, on_date: new Date().toISOString().slice(0, 10) },
            question,
            topic,
          );
    const facts = found?.context ?? null;
    span.set({
      "status_query.topic": topic.kind,
      "status_query.retrieved_tokens": found?.compression.tokens ?? 0,
      "status_query.retrieved_dropped": found?.compression.dropped.join(",") ?? "",
    });
    const session = openModelSession(c.env, c.get("tracer"), span);
    const digest = await loadCustomerDigest(c.env.DB, view.customer_id, view.order_date);
    const interaction_id = `status:${span.context.traceId}`;
    let answer: string;
    let model: string | null = null;
    try {
      const response = await session.gateway.run(
        "status_query",
        statusQueryRequest({
          digest,
          context: memory.context,
          retrieved: facts,
          question,
          po_number: po,
          interaction_id,
        }),
      );
      const rules = ruleAnswer(memory.context, facts);
      const screened = screenModelText(
        response.content
          .map((b) => (b.type === "text" ? b.text : ""))
          .join("")
          .trim() || rules,
        rules,
      );
      answer = screened.text;
      if (screened.withheld) {
        span.set({ "status_query.fallback": "output_withheld: answered from the order's state" });
        await auditWithheldText(c.env, {
          task: "status_query",
          po_number: po,
          trace_id: span.context.traceId,
          withheld: [screened.withheld],
        });
      } else {
        model = response.model;
      }
    } catch (err) {
      if (!(err instanceof ModelUnavailableError)) throw err;
      answer = ruleAnswer(memory.context, facts);
      span.set({ "status_query.fallback": `${err.reason}: answered from the order's state` });
    }
    // A question is its own interaction: its model calls are in the D1 cost ledger and the trace,
    // and the order counts them in running totals beside its event log, so questions cannot grow
    // the log without bound.
    const cost = session.calls.reduce((sum, call) => sum + call.cost_usd, 0);
    const billed = session.calls.some((call) => call.cost_basis === "billed");
    await stub.accountQuestion({ calls: session.calls.length, cost_usd: cost, billed });
    return c.json({
      ...base,
      answer,
      model,
      cost_usd: roundUsd(cost),
      cost_basis: billed ? "billed" : "modeled",
      latency_ms: Date.now() - started,
    });
  },
);
