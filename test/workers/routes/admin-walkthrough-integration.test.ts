/**
 * Issue 14's "done means", through the API only: a new customer, its contract in two versions,
 * its own parts and stock, all loaded as CSV; a token of its own; orders priced by the contract
 * version in force on their order date. Needs the admin import routes (issue 14 item 1).
 */
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../../src/shared/order-view";
import { api, freshPo, TOKENS, waitForSettled } from "../../fixtures/api";

const CSV = { "content-type": "text/csv" };

async function put(kind: string, csv: string, query = ""): Promise<Record<string, unknown>> {
  const res = await api(`/v1/admin/${kind}${query}`, { method: "PUT", token: TOKENS.ops, headers: CSV, body: csv });
  const body = await res.text();
  expect(res.status, `${kind}: ${body}`).toBe(200);
  return JSON.parse(body);
}

/** `added`/`changed` may be counts or lists of the items; either way, how many. */
const count = (v: unknown) => (Array.isArray(v) ? v.length : Number(v));

const CUSTOMERS = `\uFEFFcustomer_id,name,tier,contact_email,edi_sender_id,allow_partial_shipment\r
CUST-7701,"Harbor Fixings, Inc.",standard,buying@harbor-fixings.example,,true\r
`;
const CATALOG = `sku,description,list_price,lead_time_days,notes
HX-200/B,"Hex bolt, 200 mm, zinc",4.2,5,
HX-310/C,"Hex nut, M30, ""heavy""",1.1,5,sold by the hundred
`;
const INVENTORY = `sku,warehouse,on_hand,supplier_eta
HX-200/B,"Chicago, IL",5000,
HX-310/C,"Chicago, IL",20000,
`;
const VERSION_COLUMNS =
  "contract_id,customer_id,customer,payment_terms,sla.delivery_window_days,sla.response_time_hours,effective_from,effective_to";
const V1 = `CTR-HF-1,CUST-7701,"Harbor Fixings, Inc.",Net 30,10,4,2025-01-01,2025-06-30`;
const V2 = `CTR-HF-1,CUST-7701,"Harbor Fixings, Inc.",Net 30,10,4,2025-07-01,`;
const CONTRACTS = `${VERSION_COLUMNS},sku,min_qty,max_qty,price
${V1},HX-200/B,1,499,3.9
${V1},HX-200/B,500,,3.6
${V1},HX-310/C,1,,0.95
${V2},HX-200/B,1,499,4
${V2},HX-200/B,500,,3.7
${V2},HX-310/C,1,,1
`;

async function order(token: string, orderDate: string, lines: { sku: string; qty: number }[]): Promise<OrderView> {
  const po = freshPo();
  const res = await api("/v1/orders", {
    method: "POST",
    token,
    json: { po_number: po, customer_id: "CUST-7701", line_items: lines, order_date: orderDate },
  });
  expect(res.status, await res.clone().text()).toBe(202);
  return waitForSettled(po, token);
}

describe("bring your own data: a new customer from CSV orders with its own token", () => {
  it("loads customer, catalog, stock and a two-version contract, then prices each order by the version in force", async () => {
    await put("customers", CUSTOMERS);
    await put("catalog", CATALOG);
    await put("inventory", INVENTORY);

    const dry = await put("contracts", CONTRACTS, "?dry_run=true");
    expect(count(dry.added)).toBe(2);
    expect(await (await api("/v1/admin/contracts", { token: TOKENS.ops })).text()).not.toContain("CTR-HF-1");
    const applied = await put("contracts", CONTRACTS);
    expect(count(applied.added)).toBe(2);

    const exported = await api("/v1/admin/contracts", { token: TOKENS.ops, headers: { accept: "text/csv" } });
    const again = await put("contracts", await exported.text());
    expect([count(again.added), count(again.changed)]).toEqual([0, 0]);

    const overlapping = `${CONTRACTS}CTR-HF-1,CUST-7701,"Harbor Fixings, Inc.",Net 30,10,4,2025-06-01,,HX-200/B,1,,3\n`;
    const refused = await api("/v1/admin/contracts", {
      method: "PUT",
      token: TOKENS.ops,
      headers: CSV,
      body: overlapping,
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(((await refused.json()) as { errors: unknown }).errors)).toMatch(
      /overlaps CTR-HF-1@2025-07-01/,
    );

    const issued = await api("/v1/admin/customers/CUST-7701/tokens", {
      method: "POST",
      token: TOKENS.ops,
      json: { label: "Harbor ERP" },
    });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };

    const spring = await order(token, "2025-03-03", [
      { sku: "HX-200/B", qty: 600 },
      { sku: "HX-310/C", qty: 1000 },
    ]);
    expect(spring.status).not.toBe("rejected");
    expect(spring.lines.map((l) => [l.sku, l.unit_price, l.contract_price])).toEqual([
      ["HX-200/B", 3.6, 3.6],
      ["HX-310/C", 0.95, 0.95],
    ]);
    expect(spring.total).toBe(3110);

    const autumn = await order(token, "2025-09-01", [{ sku: "HX-200/B", qty: 100 }]);
    expect(autumn.lines[0]).toMatchObject({ sku: "HX-200/B", unit_price: 4, contract_price: 4, list_price: 4.2 });
    expect(autumn.total).toBe(400);

    const mine = (await (await api("/v1/orders", { token })).json()) as {
      orders: { po_number: string; customer_id: string }[];
    };
    expect(mine.orders.map((o) => o.po_number).sort()).toEqual([spring.po_number, autumn.po_number].sort());
    expect((await api(`/v1/orders/${spring.po_number}`, { token: TOKENS.acme })).status).toBe(404);
  });
});
