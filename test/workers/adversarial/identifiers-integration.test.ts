import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { expectNoOrder, postOrder } from "../../fixtures/adversarial";
import { acmePo, api, freshPo, TOKENS } from "../../fixtures/api";
import { auditRows } from "../../fixtures/audit";
import { eventsOf, viewAsOps } from "../../fixtures/orders";
import { errorFields, expectProblem, expectTraceId } from "../../fixtures/responses";
import { resetStock } from "../../fixtures/stock";

// DESIGN §5.1: identifier fields are strict. Anything not matching its pattern (a homoglyph, an
// injection, a control character) rejects the PO with a 422 naming the field; nothing is ever
// normalised into its ASCII twin and recorded under it.

beforeEach(resetStock);

const fullwidthDigit = (d: string) => String.fromCharCode(d.charCodeAt(0) + 0xfee0);

/** A hostile po_number built from a fresh, valid one; the valid one is its ASCII twin. */
const PO_ATTACKS: { name: string; make: (po: string) => string }[] = [
  { name: "Cyrillic Р and О (U+0420, U+041E)", make: (po) => `\u0420\u041E${po.slice(2)}` },
  { name: "Greek Ρ and Ο (U+03A1, U+039F)", make: (po) => `\u03A1\u039F${po.slice(2)}` },
  { name: "a fullwidth digit", make: (po) => `${po.slice(0, 3)}${fullwidthDigit(po[3] ?? "2")}${po.slice(4)}` },
  { name: "a non-breaking hyphen (U+2011)", make: (po) => `PO\u2011${po.slice(3)}` },
  { name: "a right-to-left override (U+202E)", make: (po) => `PO-\u202E${po.slice(3)}` },
  { name: "a zero-width space", make: (po) => `${po.slice(0, 7)}\u200B${po.slice(7)}` },
  { name: "a null byte", make: (po) => `${po}\u0000` },
  { name: "a trailing newline", make: (po) => `${po}\n` },
  { name: "a leading space", make: (po) => ` ${po}` },
  { name: "SQL", make: (po) => `${po}' OR '1'='1` },
  { name: "a path after the number", make: (po) => `${po}/../../etc/passwd` },
];

describe("po_number attacks: 422 naming po_number, nothing recorded", () => {
  for (const attack of PO_ATTACKS) {
    it(`refuses a po_number with ${attack.name}`, async () => {
      const twin = freshPo();
      const hostile = attack.make(twin);
      expect(hostile).not.toBe(twin);
      const res = await postOrder(acmePo(hostile));
      const traceId = expectTraceId(res);
      const problem = await expectProblem(res, 422, "invalid-purchase-order");
      expect(errorFields(problem)).toContain("po_number");
      expect(problem).not.toHaveProperty("po_number");
      // The refusal is audited under the request's trace, with no order number.
      const refused = await auditRows({ kind: "order.refused", traceId });
      expect(refused).toHaveLength(1);
      expect(refused[0]?.po_number).toBeNull();
      expect(refused[0]?.detail).toMatchObject({
        channel: "portal",
        errors: expect.arrayContaining([expect.objectContaining({ field: "po_number" })]),
      });
      // Nothing exists under the ASCII twin.
      await expectNoOrder(twin);
    });
  }

  it("refuses a path as the po_number, and records no order for it", async () => {
    const res = await postOrder(acmePo("../../etc/passwd"));
    const traceId = expectTraceId(res);
    const problem = await expectProblem(res, 422, "invalid-purchase-order");
    expect(errorFields(problem)).toEqual(["po_number"]);
    expect(await auditRows({ kind: "order.refused", traceId })).toHaveLength(1);
    expect(await auditRows({ traceId, kind: "order.received" })).toEqual([]);
    const list = await api("/v1/orders?limit=200", { token: TOKENS.ops });
    const { orders } = (await list.json()) as { orders: { po_number: string }[] };
    expect(orders.map((o) => o.po_number).filter((p) => p.includes("passwd"))).toEqual([]);
  });
});

/** Hostile SKUs; the po_number is valid, so the order is recorded as rejected. */
const SKU_ATTACKS: { name: string; sku: string }[] = [
  { name: "a fullwidth digit", sku: "SKU-48\uFF192" },
  { name: "an Arabic-Indic digit", sku: "SKU-489\u0662" },
  { name: "a Cyrillic Ѕ (U+0405)", sku: "\u0405KU-4892" },
  { name: "a Greek Κ (U+039A)", sku: "S\u039AU-4892" },
  { name: "a zero-width space", sku: "SKU-48\u200B92" },
  { name: "a right-to-left override", sku: "SKU-\u202E2984" },
  { name: "a null byte", sku: "SKU-4892\u0000" },
  { name: "a trailing newline", sku: "SKU-4892\n" },
  { name: "SQL", sku: "SKU-4892;DROP TABLE" },
  { name: "a SQL tautology", sku: "SKU-4892' OR '1'='1" },
  { name: "a script tag", sku: "<script>" },
  { name: "a path", sku: "../../SKU-4892" },
];

describe("sku attacks: 422 naming the line's sku, the PO recorded as rejected", () => {
  for (const attack of SKU_ATTACKS) {
    it(`rejects a sku with ${attack.name}`, async () => {
      const po = freshPo();
      const res = await postOrder(acmePo(po, [{ sku: attack.sku, qty: 60 }]));
      const traceId = expectTraceId(res);
      const problem = await expectProblem(res, 422, "invalid-purchase-order");
      expect(errorFields(problem)).toEqual(["line_items[0].sku"]);
      expect(problem.po_number).toBe(po);
      expect(problem.order_status).toBe("rejected");

      const view = await viewAsOps(po);
      expect(view.status).toBe("rejected");
      expect(view.validation.status).toBe("rejected");
      expect(view.validation.errors).toEqual(problem.errors);
      expect(view.agents_invoked).toEqual([]);
      expect(view.pending_handoffs).toBe(0);
      expect(view.shipments).toEqual([]);
      expect(view.total).toBe(0);

      const events = await eventsOf(po);
      const types = events.map((e) => e.type);
      expect(types.slice(0, 2)).toEqual(["order.received", "order.rejected"]);
      // A rejected PO is never handed to the agents.
      expect(types).not.toContain("handoff.issued");
      expect(events[1]?.data).toMatchObject({ errors: problem.errors });

      const rejected = await auditRows({ kind: "order.rejected", po });
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.trace_id).toBe(traceId);
      expect(rejected[0]?.detail).toMatchObject({ errors: [expect.objectContaining({ field: "line_items[0].sku" })] });
      // Nothing was reserved for it: the real SKU-4892's stock is untouched.
      const held = await env.DB.prepare("SELECT count(*) AS n FROM reservations WHERE po_number = ?")
        .bind(po)
        .first<{ n: number }>();
      expect(held?.n).toBe(0);
      const stock = await env.DB.prepare("SELECT sum(reserved) AS r FROM inventory WHERE sku = 'SKU-4892'").first<{
        r: number;
      }>();
      expect(stock?.r).toBe(0);
    });
  }
});

/** Hostile customer ids; posted as ops, which may order for any customer. */
const CUSTOMER_ATTACKS: { name: string; id: string }[] = [
  { name: "Cyrillic О (U+041E) for zeros", id: "CUST-\u041E\u041E1" },
  { name: "a Cyrillic С (U+0421)", id: "\u0421UST-001" },
  { name: "a Greek Τ (U+03A4)", id: "CUS\u03A4-001" },
  { name: "fullwidth digits", id: "CUST-\uFF10\uFF101" },
  { name: "a zero-width space", id: "CUST-001\u200B" },
  { name: "a null byte", id: "CUST-001\u0000" },
  { name: "SQL", id: "CUST-001' OR '1'='1" },
];

describe("customer_id attacks: 422 naming customer_id, recorded as rejected and never Acme's", () => {
  for (const attack of CUSTOMER_ATTACKS) {
    it(`rejects a customer_id with ${attack.name} (ops)`, async () => {
      const po = freshPo();
      const res = await postOrder(acmePo(po, undefined, { customer_id: attack.id }), TOKENS.ops);
      const problem = await expectProblem(res, 422, "invalid-purchase-order");
      expect(errorFields(problem)).toEqual(["customer_id"]);
      expect(problem.order_status).toBe("rejected");
      const view = await viewAsOps(po);
      expect(view.status).toBe("rejected");
      expect(view.customer_id).not.toBe("CUST-001");
      expect(view.customer).toBeNull();
      expect(view.agents_invoked).toEqual([]);
      // Not Acme's order: Acme cannot read it, and Acme's listing does not hold it.
      expect((await api(`/v1/orders/${po}`, { token: TOKENS.acme })).status).toBe(404);
      const list = await api("/v1/orders?customer_id=CUST-001&limit=200", { token: TOKENS.ops });
      const { orders } = (await list.json()) as { orders: { po_number: string }[] };
      expect(orders.map((o) => o.po_number)).not.toContain(po);
      expect(await auditRows({ kind: "order.rejected", po })).toHaveLength(1);
    });
  }

  it("rejects a homoglyph customer_id from Acme's own token with 422 naming customer_id", async () => {
    const po = freshPo();
    const res = await postOrder(acmePo(po, undefined, { customer_id: "CUST-\u041E\u041E1" }));
    const problem = await expectProblem(res, 422, "invalid-purchase-order");
    expect(errorFields(problem)).toEqual(["customer_id"]);
    expect((await viewAsOps(po)).status).toBe("rejected");
  });

  it("records a homoglyph customer_id from Acme's token as rejected under Acme, a customer token's PO being always its own (DESIGN §4)", async () => {
    const po = freshPo();
    const res = await postOrder(acmePo(po, undefined, { customer_id: "CUST-\u041E\u041E1" }));
    const problem = await expectProblem(res, 422, "invalid-purchase-order");
    expect(problem.order_status).toBe("rejected");
    const own = await api(`/v1/orders/${po}`, { token: TOKENS.acme });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ customer_id: "CUST-001", status: "rejected", agents_invoked: [] });
    expect((await api(`/v1/orders/${po}`, { token: TOKENS.beta })).status).toBe(404);
  });
});
