import { describe, expect, it } from "vitest";
import { acmePo, api, freshPo, TOKENS } from "../fixtures/api";
import { eventsOf } from "../fixtures/orders";
import { expectProblem, expectTraceId, TRACE_ID } from "../fixtures/responses";

interface ListedOrder {
  po_number: string;
  customer_id: string;
  status: string;
  channel: string;
  total: number;
  order_date: string;
  created_at: string;
  updated_at: string;
  pending_handoffs: number;
  trace_id: string | null;
}

interface OrderList {
  orders: ListedOrder[];
  next_cursor: string | null;
}

async function list(query: string, token: string): Promise<OrderList> {
  const res = await api(`/v1/orders${query}`, { token });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expectTraceId(res);
  const body = (await res.json()) as OrderList;
  expect(Array.isArray(body.orders)).toBe(true);
  return body;
}

const pos = (l: OrderList) => l.orders.map((o) => o.po_number);

describe("GET /v1/orders", () => {
  it("shows a customer only its own orders", async () => {
    const acme = await list("?limit=200", TOKENS.acme);
    expect(acme.orders.length).toBeGreaterThanOrEqual(4);
    for (const o of acme.orders) expect(o.customer_id).toBe("CUST-001");
    expect(pos(acme)).toEqual(
      expect.arrayContaining(["PO-2024-11234", "PO-2024-11455", "PO-2024-11710", "PO-2024-12015"]),
    );

    const beta = await list("?limit=200", TOKENS.beta);
    expect(beta.orders.length).toBeGreaterThanOrEqual(3);
    for (const o of beta.orders) expect(o.customer_id).toBe("CUST-002");
    expect(pos(beta)).toEqual(expect.arrayContaining(["PO-2024-11301", "PO-2024-10980", "PO-2024-11900"]));
    expect(pos(beta)).not.toContain("PO-2024-11234");
  });

  it("does not let a customer widen its view with customer_id", async () => {
    const res = await list("?customer_id=CUST-002", TOKENS.acme);
    expect(res.orders).toEqual([]);
    expect(res.next_cursor).toBeNull();
    const own = await list("?customer_id=CUST-001", TOKENS.acme);
    expect(own.orders.length).toBeGreaterThan(0);
    for (const o of own.orders) expect(o.customer_id).toBe("CUST-001");
  });

  it("shows ops every customer, and filters by customer_id", async () => {
    const all = await list("?limit=200", TOKENS.ops);
    const customers = new Set(all.orders.map((o) => o.customer_id));
    for (const c of ["CUST-001", "CUST-002", "CUST-003"]) expect(customers.has(c)).toBe(true);

    const consolidated = await list("?customer_id=CUST-003&limit=200", TOKENS.ops);
    for (const o of consolidated.orders) expect(o.customer_id).toBe("CUST-003");
    expect(pos(consolidated)).toEqual(expect.arrayContaining(["PO-2024-11602", "PO-2024-11825", "PO-2024-12180"]));
  });

  it("lists rows in the documented shape", async () => {
    const { orders } = await list("?customer_id=CUST-001&status=delivered", TOKENS.ops);
    const row = orders.find((o) => o.po_number === "PO-2024-12015");
    expect(row).toMatchObject({
      po_number: "PO-2024-12015",
      customer_id: "CUST-001",
      status: "delivered",
      channel: "portal",
      order_date: "2024-09-30",
      pending_handoffs: 0,
    });
    expect(typeof row?.total).toBe("number");
  });

  it("filters by status", async () => {
    const delivered = await list("?status=delivered&limit=200", TOKENS.ops);
    expect(pos(delivered)).toEqual(expect.arrayContaining(["PO-2024-10980", "PO-2024-12015"]));
    for (const o of delivered.orders) expect(o.status).toBe("delivered");

    const acmeDelivered = await list("?status=delivered", TOKENS.acme);
    expect(pos(acmeDelivered)).toContain("PO-2024-12015");
    expect(pos(acmeDelivered)).not.toContain("PO-2024-10980");

    const held = await list("?status=quality-hold", TOKENS.ops);
    expect(pos(held)).toContain("PO-2024-11455");
    for (const o of held.orders) expect(o.status).toBe("quality-hold");
  });

  it("pages with limit and next_cursor, without overlap", async () => {
    const first = await list("?limit=2", TOKENS.ops);
    expect(first.orders).toHaveLength(2);
    expect(typeof first.next_cursor).toBe("string");
    const second = await list(`?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? "")}`, TOKENS.ops);
    expect(second.orders.length).toBeGreaterThan(0);
    const overlap = pos(second).filter((p) => pos(first).includes(p));
    expect(overlap).toEqual([]);
    // Newest first: the second page continues where the first stopped.
    expect(second.orders[0]!.created_at <= first.orders[1]!.created_at).toBe(true);

    // Walking every page gives each order once, and every order that existed before the walk.
    const before = await list("?limit=200", TOKENS.ops);
    const createdAt = before.orders.map((o) => o.created_at);
    expect(createdAt).toEqual([...createdAt].sort().reverse());
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const res: OrderList = await list(`?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, TOKENS.ops);
      expect(res.orders.length).toBeLessThanOrEqual(3);
      seen.push(...pos(res));
      cursor = res.next_cursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen.length).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(pos(before)));
  });

  it("refuses a cursor it did not issue", async () => {
    const garbage = await api("/v1/orders?cursor=not-a-cursor!!", { token: TOKENS.ops });
    await expectProblem(garbage, 400, "invalid-cursor", "Bad Request");
    const wrongShape = await api(`/v1/orders?cursor=${encodeURIComponent(btoa(JSON.stringify({ page: 2 })))}`, {
      token: TOKENS.ops,
    });
    await expectProblem(wrongShape, 400, "invalid-cursor", "Bad Request");
  });

  it("refuses an unknown status value", async () => {
    const res = await api("/v1/orders?status=lost-in-space", { token: TOKENS.ops });
    const problem = await expectProblem(res, 400, "invalid-request", "Bad Request");
    expect(problem.errors?.map((e) => e.field)).toEqual(["status"]);
  });

  it("refuses an out-of-range limit", async () => {
    const res = await api("/v1/orders?limit=0", { token: TOKENS.ops });
    const problem = await expectProblem(res, 400, "invalid-request", "Bad Request");
    expect(problem.errors?.map((e) => e.field)).toEqual(["limit"]);
  });

  it("requires a token", async () => {
    await expectProblem(await api("/v1/orders"), 401, "unauthorized", "Unauthorized");
  });
});

describe("GET /v1/orders/:po/events", () => {
  it("returns the event log oldest first in the documented shape", async () => {
    const events = await eventsOf("PO-2024-12015", TOKENS.acme);
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(["actor", "at", "data", "seq", "trace_id", "type"]);
      expect(Number.isInteger(e.seq)).toBe(true);
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      expect(typeof e.type).toBe("string");
      expect(typeof e.actor).toBe("string");
    }
    for (let i = 1; i < events.length; i++) expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
    expect(events[0]?.type).toBe("order.received");
    expect(events.map((e) => e.type)).toContain("status.changed");
    const last = events.findLast((e) => e.type === "status.changed");
    expect(last?.data).toMatchObject({ to: "delivered" });
  });

  it("has event timestamps that never go backwards (seed order)", async () => {
    const events = await eventsOf("PO-2024-12015", TOKENS.acme);
    for (let i = 1; i < events.length; i++)
      expect(Date.parse(events[i]!.at)).toBeGreaterThanOrEqual(Date.parse(events[i - 1]!.at));
  });

  it("gives ops the owner's log and more: the owner's is the customer projection of the same events", async () => {
    const own = await eventsOf("PO-2024-12015", TOKENS.acme);
    const ops = await eventsOf("PO-2024-12015", TOKENS.ops);
    expect(own.map((e) => e.seq)).toEqual(ops.filter((e) => own.some((o) => o.seq === e.seq)).map((e) => e.seq));
    expect(ops[0]?.data).toMatchObject({ source: { seed: true } });
    expect(own[0]?.data).not.toHaveProperty("source");
  });

  it("stamps a fresh order's events with the intake request's trace id", async () => {
    const po = freshPo();
    const res = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    expect(res.status).toBe(202);
    const traceId = expectTraceId(res);
    const events = await eventsOf(po, TOKENS.acme);
    expect(events[0]).toMatchObject({
      seq: expect.any(Number),
      type: "order.received",
      actor: "api",
      trace_id: traceId,
    });
    for (const e of events) expect(e.trace_id).toMatch(TRACE_ID);
  });
});
