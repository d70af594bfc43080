/** The parts the OpenAPI document (openapi.ts) is built of: components, parameters, answers. */
import { z } from "zod";
import { InboundEmail } from "../shared/email/email.schema";
import { EscalationDecision } from "../shared/escalation-decisions";
import { CancelRequest, ChangeRequest } from "../shared/schemas/amendment.schema";
import { PO_NUMBER, PurchaseOrder } from "../shared/schemas/purchase-order.schema";
import { CarrierEvent, ErpEvent } from "../shared/schemas/webhook.schema";
import { Csat, RuleChange, StatusQuery, TokenRequest } from "./http/request-schemas";
import { PROBLEMS } from "./problems";

/** A zod schema as the JSON Schema a client sends against (its input side). */
export const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

/**
 * Every request body the API validates, by component name: the very schemas the routes parse
 * with (tests hold the two to the same verdicts), so the document cannot drift from what is enforced.
 */
export const REQUEST_BODIES = {
  PurchaseOrder,
  InboundEmail,
  StatusQuery,
  Csat,
  EscalationDecision,
  ErpEvent,
  CarrierEvent,
  CancelRequest,
  ChangeRequest,
  TokenRequest,
  RuleChange,
} satisfies Record<string, z.ZodType>;

/** The name of a documented request body. */
export type RequestBody = keyof typeof REQUEST_BODIES;

/** A problem answer: the Problem component. */
export const problem = {
  description: "RFC 9457 problem document",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

/** A JSON answer or body of the named component. */
export const json = (ref: string) => ({
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
});

/** The request body of the named component. */
export const body = (name: RequestBody, required = true) => ({ required, ...json(name) });

/** Problem answers for the given statuses. */
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));

/** Bearer-token security (DESIGN §4). */
export const bearer = [{ bearer: [] }];
/** The `:po` path parameter. */
export const po = {
  name: "po",
  in: "path",
  required: true,
  description: "the buyer's PO number, URL-encoded (a / is %2F); a customer token names its own order",
  schema: { type: "string", pattern: PO_NUMBER.source },
};

/** A route's query schema as its parameters, one per property, so the two cannot drift apart. */
export function queryParameters(query: z.ZodObject) {
  const json = schema(query) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

/** A header parameter. */
export const header = (name: string, description: string, schema: object, required = true) => ({
  name,
  in: "header",
  required,
  description,
  schema,
});

/** The Standard Webhooks headers (DESIGN §5.3) every webhook delivery carries. */
export const webhookHeaders = [
  header("webhook-id", "the delivery's id: one seen before is acknowledged and not applied again", { type: "string" }),
  header("webhook-timestamp", "seconds since the epoch; more than 5 minutes off is refused", {
    type: "string",
    pattern: "^\\d{1,12}$",
  }),
  header("webhook-signature", "space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body>; any one may match", {
    type: "string",
  }),
];

/** The `customer_id` query that picks the order where several customers use one PO number. */
export const poCustomer = {
  name: "customer_id",
  in: "query",
  description: "ops: whose order, where several customers use the PO number (409 listing them otherwise)",
  schema: { type: "string" },
};

/** The Problem component: an RFC 9457 document whose `type` is one of the registry's. */
export const problemSchema = {
  type: "object",
  required: ["type", "title", "status", "detail"],
  properties: {
    type: { enum: Object.values(PROBLEMS).map((p) => p.type) },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    errors: {
      type: "array",
      items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } },
    },
  },
};
