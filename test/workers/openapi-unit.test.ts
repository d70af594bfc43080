import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  EpisodeQuery,
  EscalationListQuery,
  IdempotencyKey,
  OrderListQuery,
} from "../../src/workers/http/request-schemas";
import { openApiDocument } from "../../src/workers/openapi";
import { REQUEST_BODIES } from "../../src/workers/openapi-components";
import { PROBLEMS } from "../../src/workers/problems";

type Name = keyof typeof REQUEST_BODIES;

type Parameter = { name: string; in: string; required?: boolean; schema: unknown };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
};
/** The document as a client reads it, served as JSON. */
const doc = JSON.parse(JSON.stringify(openApiDocument())) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
const components = doc.components.schemas;
/** The document's schema read back as a validator: what a client generated from it would accept. */
const documented = (name: Name) => z.fromJSONSchema(components[name] as Parameters<typeof z.fromJSONSchema>[0]);

const po = { po_number: "PO-1", customer_id: "CUST-001", line_items: [{ sku: "SKU-4892", qty: 2 }] };
const erp = {
  type: "quality.hold",
  po_number: "PO-1",
  occurred_at: "2024-09-15",
  data: { sku: "SKU-4892", lot: "L1", reason: "r" },
};
const carrier = {
  tracking: "1Z999",
  carrier: "ups",
  status: "in_transit",
  location: "Memphis",
  occurred_at: "2024-09-15T10:00:00Z",
};

/** Bodies each route accepts and bodies it rejects; the document must give every one the same verdict. */
const SAMPLES: Record<Name, { valid: unknown[]; invalid: unknown[] }> = {
  PurchaseOrder: {
    valid: [po, { ...po, priority: "expedite", notes: "n" }],
    invalid: [
      {},
      { ...po, po_number: "PO 1;" },
      { ...po, line_items: [] },
      { ...po, line_items: [{ sku: "SKU-4892", qty: 0 }] },
    ],
  },
  InboundEmail: {
    valid: [{ from: "a@acme.test", subject: "PO", body: "text" }],
    invalid: [
      { from: "a@acme.test", subject: "PO" },
      { from: "a@acme.test", subject: "PO", body: "t", cc: "x" },
    ],
  },
  StatusQuery: {
    valid: [{}, { question: "where?" }],
    invalid: [{ question: 3 }, { question: "q".repeat(2_001) }, { q: "x" }],
  },
  TokenRequest: {
    valid: [{ label: "ERP integration" }, { label: " x " }],
    invalid: [{}, { label: "" }, { label: "x".repeat(101) }, { label: "a", token: "mine" }],
  },
  RuleChange: {
    valid: [{ enabled: false }, { enabled: true }],
    invalid: [{}, { enabled: "false" }, { enabled: 0 }, { enabled: true, rule_id: "OR-002" }],
  },
  Csat: {
    valid: [{ exception_id: "EX-1", customer_satisfaction: "negative" }],
    invalid: [
      { exception_id: "EX-1", customer_satisfaction: "angry" },
      { customer_satisfaction: "neutral" },
      { exception_id: "", customer_satisfaction: "neutral" },
    ],
  },
  EscalationDecision: {
    valid: [
      { decision: "approve" },
      { decision: "modify", resolution: { resolution_type: "partial_credit", amount: 10 }, note: "ok" },
    ],
    invalid: [
      { decision: "maybe" },
      {},
      { decision: "modify", resolution: { resolution_type: "Not Snake" } },
      { decision: "reject", extra: 1 },
    ],
  },
  ErpEvent: {
    valid: [erp, { ...erp, occurred_at: "2024-09-15T10:00:00+02:00" }],
    invalid: [
      { ...erp, type: "order.exploded" },
      { ...erp, occurred_at: "yesterday" },
      { ...erp, data: { sku: "SKU-4892" } },
    ],
  },
  CarrierEvent: {
    valid: [carrier, { ...carrier, status: "delivered", estimated_delivery: "2024-09-18" }],
    invalid: [
      { ...carrier, status: "lost_in_space" },
      { carrier: "ups", status: "in_transit", occurred_at: "2024-09-15" },
      { ...carrier, occurred_at: "soon" },
    ],
  },
  CancelRequest: {
    valid: [{ reason: "not needed" }, { reason: "fewer", lines: [{ sku: "SKU-4892", qty: 5 }] }],
    invalid: [{}, { reason: "" }, { reason: "r", lines: [{ sku: "SKU-4892", qty: 0 }] }, { reason: "r", extra: 1 }],
  },
  ChangeRequest: {
    valid: [{ lines: [{ sku: "SKU-4892", qty: 0 }] }, { requested_delivery_date: "2024-10-01", note: "n" }],
    invalid: [
      { lines: [{ sku: "SKU 4892", qty: 1 }] },
      { lines: [{ sku: "SKU-4892", qty: -1 }] },
      { requested_delivery_date: "soon" },
      { lines: [], extra: 1 },
    ],
  },
};

describe("the OpenAPI document's request bodies are the routes' schemas", () => {
  it("publishes every body the routes validate, under its own name", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(REQUEST_BODIES).sort());
    for (const name of Object.keys(REQUEST_BODIES)) expect(components).toHaveProperty(name);
  });

  for (const name of Object.keys(SAMPLES) as Name[]) {
    it(`${name}: the document accepts what the route accepts and refuses what it refuses`, () => {
      const route = REQUEST_BODIES[name];
      const published = documented(name);
      for (const body of SAMPLES[name].valid) {
        expect(route.safeParse(body).success, JSON.stringify(body)).toBe(true);
        expect(published.safeParse(body).success, JSON.stringify(body)).toBe(true);
      }
      for (const body of SAMPLES[name].invalid) {
        expect(route.safeParse(body).success, JSON.stringify(body)).toBe(false);
        expect(published.safeParse(body).success, JSON.stringify(body)).toBe(false);
      }
    });
  }

  it("points each operation at its component", () => {
    const bodyRef = (path: string) => doc.paths[path]?.post?.requestBody?.content["application/json"]?.schema?.$ref;
    expect(bodyRef("/v1/orders")).toBe("#/components/schemas/PurchaseOrder");
    expect(bodyRef("/v1/orders/email")).toBe("#/components/schemas/InboundEmail");
    expect(bodyRef("/v1/orders/{po}/status-query")).toBe("#/components/schemas/StatusQuery");
    expect(bodyRef("/v1/orders/{po}/csat")).toBe("#/components/schemas/Csat");
    expect(bodyRef("/v1/escalations/{id}/decision")).toBe("#/components/schemas/EscalationDecision");
    expect(bodyRef("/v1/webhooks/erp")).toBe("#/components/schemas/ErpEvent");
    expect(bodyRef("/v1/webhooks/carrier")).toBe("#/components/schemas/CarrierEvent");
  });
});

describe("the OpenAPI document's headers and problems", () => {
  const parameters = (path: string) => (doc.paths[path]?.post?.parameters ?? []).filter((p) => p.in === "header");

  it("documents the Standard Webhooks headers, all required, on both webhooks", () => {
    for (const path of ["/v1/webhooks/erp", "/v1/webhooks/carrier"]) {
      expect(parameters(path).map((p) => [p.name, p.required])).toEqual([
        ["webhook-id", true],
        ["webhook-timestamp", true],
        ["webhook-signature", true],
      ]);
    }
  });

  it("documents Idempotency-Key, optional, with the schema the route checks it by", () => {
    const [key] = parameters("/v1/orders");
    expect(key?.name).toBe("Idempotency-Key");
    expect(key?.required).toBe(false);
    const published = z.fromJSONSchema(key?.schema as Parameters<typeof z.fromJSONSchema>[0]);
    for (const value of ["abc-123", "has a space", "", "k".repeat(256)])
      expect(published.safeParse(value).success, value).toBe(IdempotencyKey.safeParse(value).success);
  });

  it("lists every registered problem type, and only those", () => {
    const problem = components.Problem as { properties: { type: { enum: string[] } } };
    expect(problem.properties.type.enum.sort()).toEqual(
      Object.values(PROBLEMS)
        .map((p) => p.type)
        .sort(),
    );
  });

  it("documents each list's query parameters from the schema the route checks them by", () => {
    const lists = [
      ["/v1/orders", OrderListQuery],
      ["/v1/escalations", EscalationListQuery],
      ["/v1/memory/episodes", EpisodeQuery],
    ] as const;
    for (const [path, query] of lists) {
      const parameters = (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === "query");
      expect(parameters.map((p) => p.name).sort(), path).toEqual(Object.keys(query.shape).sort());
    }
    const status = doc.paths["/v1/orders"]?.get?.parameters?.find((p) => p.name === "status");
    const published = z.fromJSONSchema(status?.schema as Parameters<typeof z.fromJSONSchema>[0]);
    for (const value of ["shipped", "quality-hold", "lost", ""])
      expect(published.safeParse(value).success, value).toBe(OrderListQuery.shape.status.safeParse(value).success);
  });
});
