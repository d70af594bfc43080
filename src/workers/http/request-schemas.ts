import { z } from "zod";
import { Satisfaction } from "../../shared/memory/memory.schema";
import { OrderStatus } from "../../shared/order-lifecycle";
import { MetricsWindow } from "../../shared/schemas/metrics.schema";
import { SearchQuery } from "../../shared/retrieval/search-result";
import { CUSTOMER_ID } from "../../shared/schemas/purchase-order.schema";
import { SearchMode } from "../retrieval/search-catalog";

/**
 * Request bodies, queries and headers that belong to one route and no domain module. Each is
 * imported by its route, which validates with it, and by the OpenAPI document, which publishes it.
 */

/** `POST /v1/orders/:po/csat`. */
export const Csat = z.strictObject({ exception_id: z.string().min(1).max(100), customer_satisfaction: Satisfaction });
export type Csat = z.infer<typeof Csat>;

/** `POST /v1/orders/:po/status-query`: no question asks for the order's state alone. */
export const StatusQuery = z.strictObject({ question: z.string().trim().min(1).max(2_000).optional() });
export type StatusQuery = z.infer<typeof StatusQuery>;

/** The `Idempotency-Key` header of `POST /v1/orders` (DESIGN §4), as the IETF draft and Stripe shape it. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

/** The headers `POST /v1/orders` reads, named as sent so a field error names the header. */
export const IntakeHeaders = z.object({ "Idempotency-Key": IdempotencyKey.optional() });

/** `GET /v1/orders`: filters and paging. */
export const OrderListQuery = z.strictObject({
  status: OrderStatus.optional(),
  customer_id: z.string().regex(CUSTOMER_ID).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** `GET /v1/edi/outbound`: filters (`since` an ISO date or date-time) and paging. */
export const OutboundListQuery = z.strictObject({
  partner: z.string().min(1).max(64).optional(),
  type: z.enum(["855", "865", "856", "810"]).optional(),
  since: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});

/** `GET /v1/traces/:trace_id`: the stored records (`json`, the default) or OTLP/JSON. */
export const TraceQuery = z.strictObject({ format: z.enum(["json", "otlp"]).default("json") });

/** `GET /v1/escalations`: which escalations, the open ones by default. */
/** `GET /v1/metrics`: the dashboard's window, a day unless asked. */
export const MetricsQuery = z.strictObject({ window: MetricsWindow.default("24h") });

export const EscalationListQuery = z.strictObject({ status: z.enum(["open", "decided", "all"]).default("open") });

/** `GET /v1/memory/episodes`: a customer's filter is its own whatever it sends. */
export const EpisodeQuery = z.strictObject({
  customer_id: z.string().regex(CUSTOMER_ID).optional(),
  exception_type: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `PUT /v1/admin/:kind`: `dry_run=true` answers what would change and changes nothing. */
export const AdminImportQuery = z.strictObject({
  dry_run: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});
/** `POST /v1/admin/customers/:id/tokens`: what the token is for, as operations will recognise it in the list. */
export const TokenRequest = z.strictObject({ label: z.string().trim().min(1).max(100) });

/** `PATCH /v1/admin/rules/:rule_id`: disable a procedural rule, or enable it again. */
export const RuleChange = z.strictObject({ enabled: z.boolean() });

/**
 * `GET /v1/catalog/search` (DESIGN §8). `mode` is an operator's diagnostic (the evaluation compares
 * BM25 alone, vectors alone, fused and re-ranked through the route itself); products get `reranked`.
 */
export const CatalogSearchQuery = SearchQuery.extend({
  customer_id: z.string().regex(CUSTOMER_ID).optional(),
  mode: SearchMode.optional(),
}).strict();
