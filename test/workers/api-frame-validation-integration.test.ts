import { describe, expect, it } from "vitest";
import { acmePo, api, freshPo, TOKENS } from "../fixtures/api";
import { errorFields, expectProblem } from "../fixtures/responses";
import { eventsOf, expectNotRecorded, viewAsOps } from "../fixtures/orders";

interface RejectionCase {
  name: string;
  token: string;
  body: (po: string) => Record<string, unknown>;
  field: string;
  message: RegExp;
}

const CASES: RejectionCase[] = [
  {
    name: "qty 0",
    token: TOKENS.acme,
    body: (po) => acmePo(po, [{ sku: "SKU-4892", qty: 0 }]),
    field: "line_items[0].qty",
    message: /greater than 0/,
  },
  {
    name: "a negative qty",
    token: TOKENS.acme,
    body: (po) => acmePo(po, [{ sku: "SKU-4892", qty: -5 }]),
    field: "line_items[0].qty",
    message: /greater than 0/,
  },
  {
    name: "a fractional qty",
    token: TOKENS.acme,
    body: (po) => acmePo(po, [{ sku: "SKU-4892", qty: 1.5 }]),
    field: "line_items[0].qty",
    message: /whole number/,
  },
  {
    name: "an unknown SKU",
    token: TOKENS.acme,
    body: (po) =>
      acmePo(po, [
        { sku: "SKU-4892", qty: 10 },
        { sku: "SKU-0000", qty: 1 },
      ]),
    field: "line_items[1].sku",
    message: /unknown SKU SKU-0000/,
  },
  {
    name: "an unknown customer (ops)",
    token: TOKENS.ops,
    body: (po) => acmePo(po, undefined, { customer_id: "CUST-999" }),
    field: "customer_id",
    message: /unknown customer CUST-999/,
  },
  {
    name: "no line_items array",
    token: TOKENS.acme,
    body: (po) => ({ po_number: po, customer_id: "CUST-001", order_date: "2024-09-15" }),
    field: "line_items",
    message: /.+/,
  },
];

describe("422: a PO that fails validation is answered and recorded as rejected", () => {
  for (const c of CASES) {
    it(`rejects ${c.name}`, async () => {
      const po = freshPo();
      const res = await api("/v1/orders", { method: "POST", token: c.token, json: c.body(po) });
      const problem = await expectProblem(res, 422, "invalid-purchase-order", "Unprocessable Content");
      expect(errorFields(problem)).toEqual([c.field]);
      expect(problem.errors?.[0]?.message).toMatch(c.message);
      expect(problem.po_number).toBe(po);
      expect(problem.order_status).toBe("rejected");
      expect(problem.detail).toContain(po);

      const view = await viewAsOps(po);
      expect(view.po_number).toBe(po);
      expect(view.status).toBe("rejected");
      expect(view.validation.status).toBe("rejected");
      expect(view.validation.errors).toEqual(problem.errors);
      expect(view.agents_invoked).toEqual([]);

      const events = await eventsOf(po);
      expect(events.map((e) => e.type).slice(0, 2)).toEqual(["order.received", "order.rejected"]);
      expect(events[0]?.actor).toBe("api");
      expect(events[1]?.data).toMatchObject({ errors: problem.errors });
    });
  }

  it("names every offending field when several lines are wrong", async () => {
    const po = freshPo();
    const res = await api("/v1/orders", {
      method: "POST",
      token: TOKENS.acme,
      json: acmePo(po, [
        { sku: "SKU-4892", qty: 0 },
        { sku: "SKU-4892", qty: 3 },
        { sku: "SKU-4892", qty: 2.25 },
      ]),
    });
    const problem = await expectProblem(res, 422, "invalid-purchase-order", "Unprocessable Content");
    expect(errorFields(problem).sort()).toEqual(["line_items[0].qty", "line_items[2].qty"]);
    expect((await viewAsOps(po)).status).toBe("rejected");
  });

  it("lets the owner read its rejected order, and no one else", async () => {
    const po = freshPo();
    const res = await api("/v1/orders", {
      method: "POST",
      token: TOKENS.acme,
      json: acmePo(po, [{ sku: "SKU-0000", qty: 1 }]),
    });
    expect(res.status).toBe(422);
    const own = await api(`/v1/orders/${po}`, { token: TOKENS.acme });
    expect(own.status).toBe(200);
    const other = await api(`/v1/orders/${po}`, { token: TOKENS.beta });
    await expectProblem(other, 404, "not-found", "Not Found");
  });

  it("answers 422 and records nothing for a PO whose po_number is itself invalid", async () => {
    const bad = "PO-24-1;";
    const res = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(bad) });
    const problem = await expectProblem(res, 422, "invalid-purchase-order", "Unprocessable Content");
    expect(errorFields(problem)).toContain("po_number");
    expect(problem).not.toHaveProperty("po_number");
    // Nothing reached the order index: the newest orders, as ops, do not include it.
    const list = await api("/v1/orders?limit=200", { token: TOKENS.ops });
    expect(list.status).toBe(200);
    const { orders } = (await list.json()) as { orders: { po_number: string }[] };
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.map((o) => o.po_number)).not.toContain(bad);
  });

  it("answers 422 and records nothing for a homoglyph po_number", async () => {
    // An Arabic-Indic one (U+0661) where an ASCII digit belongs; it must not be normalised
    // into its ASCII twin and recorded under that number.
    const po = freshPo();
    const homoglyph = `${po.slice(0, -1)}\u0661`;
    const twin = `${po.slice(0, -1)}1`;
    const res = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(homoglyph) });
    const problem = await expectProblem(res, 422, "invalid-purchase-order", "Unprocessable Content");
    expect(errorFields(problem)).toContain("po_number");
    await expectNotRecorded(twin);
  });
});
