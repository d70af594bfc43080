import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { searchCatalog } from "../../../src/workers/retrieval/search-catalog";
import { api, TOKENS } from "../../fixtures/api";
import { LimitedD1 } from "../../fixtures/limited-d1";

/** `searchCatalog` over a D1 that counts round trips; one wrapper per search, as one per invocation. */
async function counted(query: { q: string; k: number; customer_id?: string }, mode?: "bm25" | "vector" | "fused") {
  const db = new LimitedD1(env.DB);
  const answer = await searchCatalog({ ...env, DB: db }, query, mode);
  return { answer, roundTrips: db.usage.roundTrips };
}

const putCatalog = async (items: unknown[]) => {
  const res = await api("/v1/admin/catalog", { method: "PUT", token: TOKENS.ops, json: { items } });
  expect(res.status, await res.clone().text()).toBe(200);
};

describe("searchCatalog on what the isolate holds", () => {
  it("answers a repeated search exactly as the first time, from one D1 round trip, in every mode and for a customer", async () => {
    // The third time, both retrievers' answers and (without a customer) the ranking are remembered.
    const asks = [
      { query: { q: "weld neck flange 6in class 300", k: 10 } },
      { query: { q: "2 inch stainless bearing", k: 20, customer_id: "CUST-002" } },
      { query: { q: "payment terms net days", k: 50, customer_id: "CUST-001" } },
      { query: { q: "4 inch vlave assembly", k: 10 }, mode: "bm25" as const },
      { query: { q: "4 inch vlave assembly", k: 10 }, mode: "vector" as const },
      { query: { q: "4 inch vlave assembly", k: 10 }, mode: "fused" as const },
    ];
    for (const { query, mode } of asks) {
      const first = await counted(query, mode);
      for (let time = 2; time <= 3; time++) {
        const again = await counted(query, mode);
        expect(again.answer, `${query.q} ${mode ?? ""} #${time}`).toEqual(first.answer);
        expect(again.answer.results.length, query.q).toBeGreaterThan(0);
        expect(again.roundTrips, `${query.q} ${mode ?? ""} #${time}`).toBe(1);
      }
    }
  });

  it("remembers BM25's answers per asker: a customer never gets the candidates, or passages, of another", async () => {
    const q = "payment terms net days";
    const acme = await counted({ q, k: 50, customer_id: "CUST-001" });
    const beta = await counted({ q, k: 50, customer_id: "CUST-002" });
    const contracts = (r: typeof acme) =>
      new Set(r.answer.results.filter((x) => x.kind === "contract_passage").map((x) => x.contract_id));
    expect(contracts(acme)).toEqual(new Set(["CTR-2024-001"]));
    expect(contracts(beta)).toEqual(new Set(["CTR-2024-002"]));
    expect(contracts(await counted({ q, k: 50 }))).toEqual(new Set());
  });

  it("reads prices afresh on the warm path: a list price changed since the same search was answered is the new one", async () => {
    const part = {
      sku: "ZZ-PRICE-0001",
      description: "Quarterturn gimbalock coupling 2 inch",
      list_price: 20,
      lead_time_days: 3,
      notes: "",
    };
    await putCatalog([part]);
    const q = { q: "gimbalock coupling", k: 5 };
    expect((await counted(q)).answer.results[0]).toMatchObject({ sku: part.sku, list_price: 20 });
    expect((await counted(q)).answer.results[0]).toMatchObject({ sku: part.sku, list_price: 20 });
    // Written beside the import path, so no index version changes: only a fresh read can see it.
    await env.DB.prepare("UPDATE catalog SET list_price = 26.5 WHERE sku = ?1").bind(part.sku).run();
    const after = await counted(q);
    expect(after.roundTrips).toBe(1);
    expect(after.answer.results[0]).toMatchObject({ sku: part.sku, list_price: 26.5 });
    // Now the ranking itself is remembered, and the price is still read afresh.
    await env.DB.prepare("UPDATE catalog SET list_price = 31 WHERE sku = ?1").bind(part.sku).run();
    const remembered = await counted(q);
    expect(remembered.roundTrips).toBe(1);
    expect(remembered.answer.results[0]).toMatchObject({ sku: part.sku, list_price: 31 });
    expect(remembered.answer.results.map((r) => r.sku)).toEqual(after.answer.results.map((r) => r.sku));
  });
});
