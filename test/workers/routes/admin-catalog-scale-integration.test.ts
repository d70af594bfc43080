import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { catalogKind } from "../../../src/shared/admin/catalog-kind";
import { writeCsv } from "../../../src/shared/admin/csv";
import { importItems } from "../../../src/shared/admin/import-engine";
import { inventoryKind } from "../../../src/shared/admin/inventory-kind";
import { api, TOKENS } from "../../fixtures/api";
import { LimitedD1 } from "../../fixtures/limited-d1";

const ROWS = 20_000;

/** A supplier's catalog of `ROWS` parts in its own numbering, each with a word no other part has. */
function catalogCsv(prefix: string, price = 12.5): string {
  const records = Array.from({ length: ROWS }, (_, i) => ({
    sku: `${prefix}-${String(i).padStart(5, "0")}/SS.${i % 7}`,
    description: `Flange gasket, class ${150 + (i % 5) * 150}, "spiral wound" ${prefix.toLowerCase()}word${i}`,
    list_price: String(price + (i % 100) / 4),
    lead_time_days: String(i % 30),
    notes: i % 3 === 0 ? "" : "Stocked, cut to order",
  }));
  return writeCsv(["sku", "description", "list_price", "lead_time_days", "notes"], records);
}

const count = async (where: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM catalog WHERE ${where}`).first<{ n: number }>())?.n;

const search = async (word: string) =>
  (await env.DB.prepare("SELECT sku FROM catalog_fts WHERE catalog_fts MATCH ?").bind(word).all<{ sku: string }>())
    .results;

describe(`a ${ROWS.toLocaleString("en")}-row catalog`, () => {
  it("imports through the API in one request, within D1's limits, and search finds its parts", {
    timeout: 300_000,
  }, async () => {
    const csv = catalogCsv("ZGK");
    const started = performance.now();
    const res = await api("/v1/admin/catalog", {
      method: "PUT",
      token: TOKENS.ops,
      headers: { "content-type": "text/csv" },
      body: csv,
    });
    const took = performance.now() - started;
    const text = await res.text();
    expect(res.status, text.slice(0, 500)).toBe(200);
    console.log(
      `admin import: ${ROWS} catalog rows (${(csv.length / 1e6).toFixed(1)} MB CSV) in ${Math.round(took)} ms through the API`,
    );
    expect(JSON.parse(text)).toMatchObject({ counts: { received: ROWS, added: ROWS, changed: 0, unchanged: 0 } });
    expect(await count("sku LIKE 'ZGK-%'")).toBe(ROWS);
    expect(await search("zgkword12345")).toEqual([{ sku: "ZGK-12345/SS.4" }]);

    const again = performance.now();
    const repeat = await api("/v1/admin/catalog", {
      method: "PUT",
      token: TOKENS.ops,
      headers: { "content-type": "text/csv" },
      body: csv,
    });
    expect(await repeat.json()).toMatchObject({ counts: { added: 0, changed: 0, unchanged: expect.any(Number) } });
    console.log(
      `admin import: the same ${ROWS} rows again (all unchanged) in ${Math.round(performance.now() - again)} ms`,
    );
  });

  it("binds at most 100 parameters a statement and makes far fewer than 1,000 queries, new or changed", {
    timeout: 300_000,
  }, async () => {
    for (const price of [3, 4]) {
      const db = new LimitedD1(env.DB);
      const started = performance.now();
      const outcome = await importItems(
        db,
        catalogKind,
        { format: "csv", text: catalogCsv("LIM", price) },
        {
          dryRun: false,
          by: { principalId: "ops", traceId: null },
        },
      );
      expect(outcome.ok).toBe(true);
      console.log(
        `admin import under D1 limits: ${ROWS} rows, ${db.usage.queries} queries, ${db.usage.maxParameters} parameters at most, ${Math.round(performance.now() - started)} ms`,
      );
      expect(db.usage.maxParameters).toBeLessThanOrEqual(100);
      expect(db.usage.queries).toBeLessThan(100);
    }
    // The second pass changed every price: the index follows updates as well as inserts.
    expect(await count("sku LIKE 'LIM-%' AND list_price >= 4")).toBe(ROWS);
    expect(await search("limword19999")).toEqual([{ sku: "LIM-19999/SS.0" }]);
  });

  it("stock for every part imports under D1's limits too", { timeout: 300_000 }, async () => {
    const by = { principalId: "ops", traceId: null };
    expect(
      (await importItems(env.DB, catalogKind, { format: "csv", text: catalogCsv("INV") }, { dryRun: false, by })).ok,
    ).toBe(true);
    const skus = (await env.DB.prepare("SELECT sku FROM catalog WHERE sku LIKE 'INV-%'").all<{ sku: string }>())
      .results;
    const items = skus.map(({ sku }, i) => ({
      sku,
      warehouse: "Detroit, MI",
      on_hand: i % 50,
      as_of: "2026-11-30T00:00:00Z",
    }));
    const db = new LimitedD1(env.DB);
    const outcome = await importItems(db, inventoryKind, { format: "json", value: { items } }, { dryRun: false, by });
    expect(outcome).toMatchObject({ ok: true, summary: { counts: { added: ROWS } } });
    console.log(
      `admin inventory import under D1 limits: ${ROWS} rows, ${db.usage.queries} queries, ${db.usage.maxParameters} parameters at most`,
    );
    expect(db.usage.queries).toBeLessThan(100);
    expect(db.usage.maxParameters).toBeLessThanOrEqual(100);
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n, sum(on_hand) AS total FROM inventory WHERE sku LIKE 'INV-%'",
    ).first();
    expect(stored).toEqual({ n: ROWS, total: items.reduce((n, i) => n + i.on_hand, 0) });
  });
});
