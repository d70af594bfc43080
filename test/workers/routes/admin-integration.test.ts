import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, freshPo, placeSettled, TOKENS, waitForSettled } from "../../fixtures/api";
import { acmeInterchange, type EdiAnswer, postEdi } from "../../fixtures/edi/intake-cases";
import { auditRows } from "../../fixtures/audit";
import { expectProblem } from "../../fixtures/responses";

const KINDS = ["catalog", "customers", "inventory", "carriers", "trading-partners", "rules"] as const;

interface Summary {
  kind: string;
  dry_run: boolean;
  added: string[];
  changed: { key: string; differences: { field: string; before: unknown; after: unknown }[] }[];
  unchanged: number;
  counts: { received: number; added: number; changed: number; unchanged: number };
}

const put = (kind: string, body: string, type: string, query = "") =>
  api(`/v1/admin/${kind}${query}`, { method: "PUT", token: TOKENS.ops, headers: { "content-type": type }, body });

async function summary(res: Response): Promise<Summary> {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as Summary;
}

async function exportJson(kind: string): Promise<unknown[]> {
  const res = await api(`/v1/admin/${kind}`, { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: unknown[] }).items;
}

async function exportCsv(kind: string): Promise<string> {
  const res = await api(`/v1/admin/${kind}`, { token: TOKENS.ops, headers: { accept: "text/csv" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  return res.text();
}

const catalogRow = async (sku: string) => env.DB.prepare("SELECT * FROM catalog WHERE sku = ?").bind(sku).first();

describe("admin export then import is a no-op for every kind", () => {
  for (const kind of KINDS) {
    it(`${kind}: JSON and CSV exports import back unchanged, writing nothing but the audit row`, async () => {
      const items = await exportJson(kind);
      expect(items.length).toBeGreaterThan(0);
      const json = await summary(await put(kind, JSON.stringify({ items }), "application/json"));
      expect(json).toMatchObject({ kind, dry_run: false, added: [], changed: [], unchanged: items.length });
      const csv = await exportCsv(kind);
      const back = await summary(await put(kind, csv, "text/csv"));
      expect(back).toMatchObject({ added: [], changed: [], unchanged: items.length });
      expect(await exportJson(kind)).toEqual(items);
    });
  }
});

describe("admin imports", () => {
  it("a dry run answers what would change and changes nothing", async () => {
    const csv =
      "sku,description,list_price,lead_time_days,notes\r\nSKU-4892,Industrial Valve Assembly - 4 inch,600,14,Bulk\r\nDRY-1,Dry,1,1,\r\n";
    const before = await catalogRow("SKU-4892");
    const answer = await put("catalog", csv, "text/csv", "?dry_run=true");
    const traceId = answer.headers.get("x-trace-id")!;
    const res = await summary(answer);
    expect(res).toMatchObject({ dry_run: true, added: ["DRY-1"], unchanged: 0 });
    expect(res.changed).toEqual([
      {
        key: "SKU-4892",
        differences: [
          { field: "list_price", before: 595, after: 600 },
          { field: "notes", before: "Bulk discount available at 50+ units.", after: "Bulk" },
        ],
      },
    ]);
    expect(await catalogRow("SKU-4892")).toEqual(before);
    expect(await catalogRow("DRY-1")).toBeNull();
    expect(await auditRows({ kind: "admin.import", traceId })).toEqual([]);
  });

  it("applies a CSV with a byte-order mark, CRLF and quoted commas, and audits who changed which keys", async () => {
    const csv =
      '\uFEFFsku,description,list_price,lead_time_days,notes\r\nVLV-4IN-SS-300,"Valve, 4"" stainless, class 300",410.5,10,"line one\r\nline two"\r\n';
    const res = await put("catalog", csv, "text/csv; charset=utf-8");
    const traceId = res.headers.get("x-trace-id")!;
    expect(await summary(res)).toMatchObject({ dry_run: false, added: ["VLV-4IN-SS-300"], counts: { added: 1 } });
    expect(await catalogRow("VLV-4IN-SS-300")).toMatchObject({
      description: 'Valve, 4" stainless, class 300',
      list_price: 410.5,
      notes: "line one\r\nline two",
    });
    const [audit] = await auditRows({ kind: "admin.import", traceId });
    expect(audit?.detail).toMatchObject({ kind: "catalog", format: "csv", added: 1, changed: 0 });
    expect(JSON.parse(String(audit?.detail.keys))).toEqual({ added: ["VLV-4IN-SS-300"], changed: [] });
    const row = await env.DB.prepare("SELECT principal_id FROM audit_log WHERE kind = 'admin.import' AND trace_id = ?")
      .bind(traceId)
      .first();
    expect(row).toEqual({ principal_id: "ops" });
  });

  it("one bad row answers 422 naming its row and field, and nothing of the import is applied", async () => {
    const items = [
      { sku: "GOOD-1", description: "fine", list_price: 1, lead_time_days: 1 },
      { sku: "GOOD-2", description: "fine", list_price: -1, lead_time_days: 1 },
    ];
    const res = await put("catalog", JSON.stringify({ items }), "application/json");
    const problem = await expectProblem(res, 422, "invalid-import");
    expect(problem.errors).toEqual([expect.objectContaining({ row: 2, field: "list_price" })]);
    expect(await catalogRow("GOOD-1")).toBeNull();
    const csv = 'sku,warehouse,on_hand\nSKU-4892,"Chicago, IL",5\nNO-SUCH-PART,"Chicago, IL",5\n';
    const unknown = await expectProblem(await put("inventory", csv, "text/csv"), 422, "invalid-import");
    expect(unknown.errors).toEqual([{ row: 2, field: "sku", message: "no catalog part NO-SUCH-PART" }]);
    const partner = { partner_id: "GHOST", customer_id: "CUST-999", isa_id: "GHOST" };
    const refused = await expectProblem(
      await put("trading-partners", JSON.stringify({ items: [partner] }), "application/json"),
      422,
      "invalid-import",
    );
    expect(refused.errors).toEqual([{ row: 1, field: "customer_id", message: "no customer CUST-999" }]);
  });

  it("an inventory level keeps what orders hold and backorders below it, as the ERP's level does", async () => {
    const part = {
      sku: "6205.2RS",
      description: "Deep groove ball bearing 6205-2RS",
      list_price: 8,
      lead_time_days: 5,
    };
    await summary(await put("catalog", JSON.stringify({ items: [part] }), "application/json"));
    const level = (on_hand: number, as_of: string) =>
      put(
        "inventory",
        JSON.stringify({
          items: [{ sku: "6205.2RS", warehouse: "Detroit, MI", on_hand, supplier_eta: "2026-12-20", as_of }],
        }),
        "application/json",
      );
    expect((await summary(await level(50, "2026-11-01T00:00:00Z"))).added).toEqual(["6205.2RS@Detroit, MI"]);
    const older = await placeSettled("CUST-002", [{ sku: "6205.2RS", qty: 30 }], "2026-11-02");
    const newer = await placeSettled("CUST-002", [{ sku: "6205.2RS", qty: 15 }], "2026-11-02");
    expect(older.lines[0]).toMatchObject({ sku: "6205.2RS", list_price: 8 });
    const drop = await summary(await level(35, "2026-11-03T00:00:00Z"));
    expect(drop.changed[0]?.differences).toContainEqual({ field: "on_hand", before: 50, after: 35 });
    const stock = await env.DB.prepare("SELECT on_hand, reserved FROM inventory WHERE sku = '6205.2RS'").first();
    expect(stock).toEqual({ on_hand: 35, reserved: 35 });
    const hit = await waitForSettled(newer.po_number);
    expect(hit.backorders).toEqual([expect.objectContaining({ sku: "6205.2RS", qty: 10, supplier_eta: "2026-12-20" })]);
    expect((await waitForSettled(older.po_number)).backorders).toEqual([]);
    const stale = await expectProblem(await level(99, "2026-10-01T00:00:00Z"), 422, "invalid-import");
    expect(stale.errors).toEqual([expect.objectContaining({ row: 1, field: "as_of" })]);
  });

  it("rules import with enabled, and trading partners with their documents", async () => {
    const rules = (await exportJson("rules")) as { rule_id: string; enabled: boolean }[];
    const off = await summary(
      await put("rules", JSON.stringify({ items: [{ ...rules[0], enabled: false }] }), "application/json"),
    );
    expect(off.changed).toEqual([
      { key: rules[0]!.rule_id, differences: [{ field: "enabled", before: true, after: false }] },
    ]);
    const csv = "partner_id,customer_id,isa_qualifier,isa_id,documents\nBETA2,CUST-002,01,BETA2ISA,855;810\n";
    expect((await summary(await put("trading-partners", csv, "text/csv"))).added).toEqual(["BETA2ISA"]);
    const row = await env.DB.prepare("SELECT * FROM trading_partners WHERE sender_id = 'BETA2ISA'").first();
    expect(row).toMatchObject({
      partner_id: "BETA2",
      customer_id: "CUST-002",
      isa_qualifier: "01",
      documents: '["855","810"]',
      name: "Beta Industrial",
    });
  });
});

describe("imported part numbers (DESIGN §5.1)", () => {
  it("an EDI 850 naming them maps and is accepted, priced at the imported list price", async () => {
    const parts = [
      { sku: "VLV-4IN-SS-300", description: "Valve", list_price: 410.5, lead_time_days: 10 },
      { sku: "PIPE_2IN/SCH40", description: "Pipe", list_price: 20, lead_time_days: 3 },
    ];
    await summary(await put("catalog", JSON.stringify({ items: parts }), "application/json"));
    const po = freshPo();
    const lines = [
      ["VLV-4IN-SS-300", 2, 410.5],
      ["PIPE_2IN/SCH40", 5, 20],
    ] as const;
    const res = await postEdi(acmeInterchange(914_001, po, lines));
    const answer = (await res.json()) as EdiAnswer;
    expect(answer.orders).toEqual([
      expect.objectContaining({ po_number: po, validation: expect.objectContaining({ status: "accepted" }) }),
    ]);
    const view = await waitForSettled(po);
    expect(view.lines.map((l) => [l.sku, l.list_price])).toEqual([
      ["VLV-4IN-SS-300", 410.5],
      ["PIPE_2IN/SCH40", 20],
    ]);
  });
});

describe("a new customer loaded from CSV", () => {
  it("with its own parts and stock, orders and is priced and reserved from them", async () => {
    const customers =
      "customer_id,name,tier,contact_email,edi_sender_id,allow_partial_shipment\r\nCUST-700,Delta Pumps,standard,buy@delta.example,,false\r\n";
    expect((await summary(await put("customers", customers, "text/csv"))).added).toEqual(["CUST-700"]);
    const parts = 'sku,description,list_price,lead_time_days,notes\r\nDP-IMP/7.5,"Impeller, 7.5 in",125.25,9,\r\n';
    await summary(await put("catalog", parts, "text/csv"));
    await summary(
      await put(
        "inventory",
        'sku,warehouse,on_hand,supplier_eta,as_of\r\nDP-IMP/7.5,"Detroit, MI",12,,\r\n',
        "text/csv",
      ),
    );
    const po = freshPo();
    const res = await api("/v1/orders", {
      method: "POST",
      token: TOKENS.ops,
      json: {
        po_number: po,
        customer_id: "CUST-700",
        line_items: [{ sku: "DP-IMP/7.5", qty: 4 }],
        order_date: "2026-11-30",
      },
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const view = await waitForSettled(po);
    expect(view).toMatchObject({ customer_id: "CUST-700", customer: "Delta Pumps", total: 501 });
    const held = await env.DB.prepare(
      "SELECT sum(qty) AS qty FROM reservations WHERE customer_id = 'CUST-700'",
    ).first();
    expect(held).toEqual({ qty: 4 });
  });
});

describe("admin access and bodies", () => {
  it("is for operations: a customer token is 403, no token 401", async () => {
    await expectProblem(await api("/v1/admin/catalog", { token: TOKENS.acme }), 403, "forbidden");
    const asCustomer = await api("/v1/admin/catalog", { method: "PUT", token: TOKENS.acme, json: { items: [] } });
    await expectProblem(asCustomer, 403, "forbidden");
    await expectProblem(await api("/v1/admin/catalog"), 401, "unauthorized");
  });

  it("an unknown kind is 404, another media type 400, a body past 16 MiB 413", async () => {
    await expectProblem(await api("/v1/admin/widgets", { token: TOKENS.ops }), 404, "not-found");
    await expectProblem(await put("catalog", "<items/>", "application/xml"), 400, "unsupported-content-type");
    await expectProblem(await put("catalog", "x".repeat(16 * 1024 * 1024 + 1), "text/csv"), 413, "body-too-large");
  });
});
