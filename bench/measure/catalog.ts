/**
 * Catalog (issue 13 item 5): search latency over the full catalog, distinct labelled retrieval
 * queries (evaluation/retrieval/queries.json, then dev2-queries.json) one at a time, each asked
 * once so no answer is already remembered (the read path's repeated query measures that), beside the floor; then a 20,000-row import
 * through `PUT /v1/admin/catalog` (rows built as test/workers/routes/admin-catalog-scale-integration
 * builds them), timed from request to answer, on the bench's throwaway state.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { writeCsv } from "../../src/shared/admin/csv";
import { oneConnection } from "../load";
import type { Catalog } from "../results-schema";
import { ratio, summarize } from "../stats";
import type { Context } from "./context";

const IMPORT_ROWS = 20_000;

/** A supplier's catalog of `IMPORT_ROWS` parts in its own numbering. */
export function catalogCsv(prefix: string): string {
  const records = Array.from({ length: IMPORT_ROWS }, (_, i) => ({
    sku: `${prefix}-${String(i).padStart(5, "0")}/SS.${i % 7}`,
    description: `Flange gasket, class ${150 + (i % 5) * 150}, "spiral wound" ${prefix.toLowerCase()}word${i}`,
    list_price: String(12.5 + (i % 100) / 4),
    lead_time_days: String(i % 30),
    notes: i % 3 === 0 ? "" : "Stocked, cut to order",
  }));
  return writeCsv(["sku", "description", "list_price", "lead_time_days", "notes"], records);
}

export async function measureCatalog(ctx: Context): Promise<z.infer<typeof Catalog>> {
  const labelled = ["queries.json", "dev2-queries.json"].flatMap(
    (file) => JSON.parse(readFileSync(join(ctx.root, "evaluation", "retrieval", file), "utf8")) as { query: string }[],
  );
  const queries = [...new Set(labelled.map((q) => q.query))];
  const parts = (await ctx.system.json<{ items: unknown[] }>("/v1/admin/catalog")).items.length;
  ctx.progress(`searching ${parts} parts: ${ctx.durations.catalogQueries} queries of ${queries.length}, one at a time`);
  const times: number[] = [];
  let non2xx = 0;
  for (let i = 0; i < Math.min(ctx.durations.catalogQueries, queries.length); i++) {
    const started = performance.now();
    const res = await ctx.system.fetch(`/v1/catalog/search?q=${encodeURIComponent(queries[i]!)}`);
    await res.arrayBuffer();
    if (res.ok) times.push(performance.now() - started);
    else non2xx += 1;
  }
  const floor = await oneConnection({ url: ctx.floorUrl, method: "GET", headers: {} }, ctx.durations.latencyS);
  const latency = summarize(times);
  const csv = catalogCsv(`BN${ctx.tag}`);
  ctx.progress(`importing ${IMPORT_ROWS.toLocaleString("en")} catalog rows (${(csv.length / 1e6).toFixed(1)} MB CSV)`);
  const started = performance.now();
  const res = await ctx.system.fetch("/v1/admin/catalog", {
    method: "PUT",
    headers: { "content-type": "text/csv" },
    body: csv,
  });
  const body = (await res.json()) as { counts?: Record<string, number> };
  const took = performance.now() - started;
  ctx.progress(`import answered ${res.status} in ${(took / 1000).toFixed(1)} s`);
  return {
    parts,
    search: {
      queries: times.length + non2xx,
      latency,
      non_2xx: non2xx,
      floor: { p50_ms: floor.p50_ms, p99_ms: floor.p99_ms, rps: null },
      ratio: { p50: ratio(latency.p50_ms, floor.p50_ms), p99: ratio(latency.p99_ms, floor.p99_ms), rps: null },
    },
    import: {
      rows: IMPORT_ROWS,
      csv_bytes: csv.length,
      status: res.status,
      ms: Math.round(took),
      counts: body.counts ?? null,
    },
  };
}
