import {
  bearer,
  body,
  errors,
  json,
  po,
  poCustomer,
  problemSchema,
  queryParameters,
  REQUEST_BODIES,
  schema,
  webhookHeaders,
  header,
} from "./openapi-components";
import { Metrics } from "../shared/schemas/metrics.schema";
import { adminPaths, adminSchemas } from "./openapi-admin";
import { ADMIN_ACCESS_PATHS } from "./openapi-admin-access";
import {
  EpisodeQuery,
  EscalationListQuery,
  IdempotencyKey,
  MetricsQuery,
  OrderListQuery,
} from "./http/request-schemas";
import { CATALOG_PATHS } from "./openapi-catalog";
import { EDI_PATHS } from "./openapi-edi";

/**
 * The OpenAPI 3.1 document of the API (DESIGN §4). Request bodies come from the same zod
 * schemas the routes validate with, so the document cannot drift from what is enforced.
 */
export function openApiDocument() {
  const amendmentKey = header(
    "Idempotency-Key",
    "as at intake: the same key and body answer the first answer again, so a retried partial cancellation or change applies once",
    schema(IdempotencyKey),
    false,
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Edge order system",
      version: "1.0.0",
      description: "Autonomous B2B order intake, fulfillment, exceptions and notifications.",
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        ...Object.fromEntries(Object.entries(REQUEST_BODIES).map(([name, s]) => [name, schema(s)])),
        Problem: problemSchema,
        OrderView: { type: "object", description: "The order view of DESIGN §5.2", additionalProperties: true },
        Metrics: schema(Metrics),
        ...adminSchemas(),
      },
    },
    paths: {
      ...ADMIN_ACCESS_PATHS,
      "/v1/orders": {
        post: {
          summary: "Portal PO intake",
          security: bearer,
          parameters: [
            header(
              "Idempotency-Key",
              "same key and body: the first answer again; while the first runs: 409 with Retry-After; another body: 422",
              schema(IdempotencyKey),
              false,
            ),
          ],
          requestBody: body("PurchaseOrder"),
          responses: {
            "202": { description: "accepted and handed off", ...json("OrderView") },
            ...errors(400, 401, 403, 409, 413, 422, 429),
          },
        },
        get: {
          summary: "List orders",
          security: bearer,
          parameters: queryParameters(OrderListQuery),
          responses: { "200": { description: "{orders, next_cursor}" }, ...errors(400, 401) },
        },
      },
      "/v1/orders/{po}": {
        get: {
          summary: "The order view",
          security: bearer,
          parameters: [po, poCustomer],
          responses: {
            "200": {
              description: "order view (a customer's: without sources, admission, escalations or model advice)",
              ...json("OrderView"),
            },
            ...errors(401, 404, 409),
          },
        },
      },
      "/v1/orders/{po}/events": {
        get: {
          summary: "The event log, oldest first",
          security: bearer,
          parameters: [po, poCustomer],
          responses: { "200": { description: "{events}" }, ...errors(401, 404, 409) },
        },
      },
      "/v1/orders/{po}/ws": {
        get: {
          summary: "Live order stream (WebSocket; token as ?token= or subprotocol bearer.<token>)",
          parameters: [po, poCustomer],
          responses: { "101": { description: "snapshot, then every event" }, ...errors(401, 404, 409, 426) },
        },
      },
      ...EDI_PATHS,
      ...CATALOG_PATHS,
      "/v1/orders/email": {
        post: {
          summary: "E-mail PO intake (ops: the mail gateway)",
          security: bearer,
          requestBody: body("InboundEmail"),
          responses: {
            "202": {
              description:
                "the order's first view, or {status: escalated, escalation_id, gaps, reason} for a PO with gaps " +
                "or one for a customer the sender does not belong to",
            },
            ...errors(400, 401, 403, 409, 422),
          },
        },
      },
      "/v1/orders/{po}/status-query": {
        post: {
          summary: "Status, carrier, tracking, ETA; an answer when a question is asked",
          security: bearer,
          parameters: [po, poCustomer],
          requestBody: body("StatusQuery", false),
          responses: {
            "200": {
              description:
                "{po_number, status, carrier, tracking, eta, answer, model, cost_usd, cost_basis, latency_ms}",
            },
            ...errors(400, 401, 404, 409, 429),
          },
        },
      },
      "/v1/orders/{po}/csat": {
        post: {
          summary: "The customer's satisfaction with a resolution",
          security: bearer,
          parameters: [po, poCustomer],
          requestBody: body("Csat"),
          responses: { "200": { description: "recorded on the episode" }, ...errors(401, 404, 409, 422, 429) },
        },
      },
      "/v1/orders/{po}/cancel": {
        post: {
          summary: "Cancel the order or some lines' quantities while nothing has shipped (DESIGN §14)",
          security: bearer,
          parameters: [po, poCustomer, amendmentKey],
          requestBody: body("CancelRequest"),
          responses: {
            "200": { description: "the order view (a customer's own projection for a customer token)" },
            ...errors(400, 401, 404, 409, 422),
          },
        },
      },
      "/v1/orders/{po}/changes": {
        post: {
          summary:
            "Change quantities, add or remove lines, or the requested date; re-priced and re-planned (DESIGN §14)",
          security: bearer,
          parameters: [po, poCustomer, amendmentKey],
          requestBody: body("ChangeRequest"),
          responses: {
            "200": { description: "the order view (a customer's own projection for a customer token)" },
            ...errors(400, 401, 404, 409, 422),
          },
        },
      },
      "/v1/escalations": {
        get: {
          summary: "Open human decisions (ops)",
          security: bearer,
          parameters: queryParameters(EscalationListQuery),
          responses: { "200": { description: "{escalations}" }, ...errors(400, 401, 403) },
        },
      },
      "/v1/escalations/{id}/decision": {
        post: {
          summary: "Approve, reject or modify (ops)",
          security: bearer,
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: body("EscalationDecision"),
          responses: { "200": { description: "decided" }, ...errors(401, 403, 404, 409, 422) },
        },
      },
      "/v1/ops/stream": {
        get: {
          summary:
            "Live operations events (ops; WebSocket; Authorization header or subprotocols [bearer, <token>], answered bearer)",
          description:
            'JSON messages: {"type":"hello"} first, then {"type":"order.event",at,customer_id,po_number,event_type,status} per ' +
            'committed order event and {"type":"escalation.opened"|"escalation.decided",at,escalation_id,customer_id,po_number}. ' +
            "Best-effort: a lost message is not re-sent.",
          responses: { "101": { description: "hello, then live messages" }, ...errors(401, 403, 426) },
        },
      },
      "/v1/memory/episodes": {
        get: {
          summary: "Episodes (customers: their own)",
          security: bearer,
          parameters: queryParameters(EpisodeQuery),
          responses: { "200": { description: "{episodes}" }, ...errors(400, 401) },
        },
      },
      "/v1/memory/rules": {
        get: {
          summary: "Procedural rules (ops)",
          security: bearer,
          responses: { "200": { description: "{rules}" }, ...errors(401, 403) },
        },
      },
      "/v1/tracking/{tracking}": {
        get: {
          summary: "Carrier tracking through the breaker, with the polling cache as fallback",
          security: bearer,
          parameters: [{ name: "tracking", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "tracking status with its source" }, ...errors(401, 404, 429, 503) },
        },
      },
      "/v1/webhooks/erp": {
        post: {
          summary: "Signed ERP event (Standard Webhooks)",
          parameters: webhookHeaders,
          requestBody: body("ErpEvent"),
          responses: {
            "202": { description: "applied" },
            "200": { description: "duplicate webhook-id" },
            ...errors(400, 401, 404, 409, 413, 422),
          },
        },
      },
      "/v1/webhooks/carrier": {
        post: {
          summary: "Signed carrier tracking event (Standard Webhooks)",
          parameters: webhookHeaders,
          requestBody: body("CarrierEvent"),
          responses: {
            "202": { description: "applied" },
            "200": { description: "duplicate webhook-id" },
            ...errors(400, 401, 404, 409, 413, 422),
          },
        },
      },
      "/v1/traces/{trace_id}": {
        get: {
          summary: "The spans of one trace (ops)",
          security: bearer,
          parameters: [
            { name: "trace_id", in: "path", required: true, schema: { type: "string" } },
            {
              name: "format",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["json", "otlp"], default: "json" },
            },
          ],
          responses: {
            "200": {
              description: "{trace_id, spans}; with format=otlp an OTLP/JSON ExportTraceServiceRequest (resourceSpans)",
            },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/v1/metrics": {
        get: {
          summary: "The operations dashboard's figures over a window (ops)",
          security: bearer,
          parameters: queryParameters(MetricsQuery),
          responses: {
            "200": {
              description: "DESIGN §12; `cost_of_running`: DESIGN §15, usage counted per order and priced",
              ...json("Metrics"),
            },
            ...errors(400, 401, 403),
          },
        },
      },
      ...adminPaths(),
      "/v1/health": {
        get: {
          summary: "Liveness and dependencies",
          responses: { "200": { description: "ok" }, "503": { description: "degraded" } },
        },
      },
    },
  };
}
