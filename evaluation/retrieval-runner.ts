/// <reference types="node" />
/**
 * `npm run eval -- --retrieval`: the labelled queries through `GET /v1/catalog/search` of a running
 * system, once per ranking (`mode`, an operator's diagnostic on the route itself), so the figures are
 * D1 FTS5's and the vector index's, made by the code that serves buyers. TEST
 * (evaluation/retrieval/test3-queries.json, the third fresh draw of the generator, committed before
 * anything was scored on it) is reported and never tuned on; the DEV pool, where ranking choices are
 * made, is the labelled set (queries.json, with the customer-specific queries), DEV-2
 * (dev2-queries.json) and TEST-2 (test-queries.json, the second TEST, read once, then moved here).
 * "fused" is ranked without the asker's contract (the passages it may see are still only its own),
 * "fused + customer re-rank" with it. The customer-context set (customer-context-queries.json,
 * labelled by contract) shows what the re-rank adds where the query alone cannot say which part is meant.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ContractPassage } from "../src/shared/retrieval/catalog.schema";
import { beatsAll, formatScores, type MethodScore, scoreMethods } from "../src/shared/retrieval/evaluation";
import { LabelledQuery } from "../src/shared/retrieval/query-set";
import { SearchResponse } from "../src/shared/retrieval/search-result";

export const RETRIEVAL_MODES = ["bm25", "vector", "fused", "reranked"] as const;
const METHOD_NAMES: Record<(typeof RETRIEVAL_MODES)[number], string> = {
  bm25: "bm25",
  vector: "vector",
  fused: "fused",
  reranked: "fused + customer re-rank",
};

type SetName = "test" | "dev_pool" | "labelled" | "dev2" | "test2";

export interface RetrievalReport {
  sizes: Record<SetName, number>;
  split: Record<SetName, MethodScore[]>;
  customer_specific: { queries: number; scores: MethodScore[] };
  customer_context: { queries: number; scores: MethodScore[] };
  fused_beats_each_alone: Record<SetName, boolean>;
  latency_ms: { p50: number; p95: number };
  leaks: number;
}

const percentile = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;

/** Runs every labelled query in every mode against `baseUrl` with the ops token. */
export async function runRetrieval(
  root: string,
  options: { baseUrl: string; opsToken: string; concurrency: number; onProgress: (line: string) => void },
): Promise<RetrievalReport> {
  const read = (file: string): unknown => JSON.parse(readFileSync(join(root, file), "utf8"));
  const queries = z.array(LabelledQuery).parse(read("evaluation/retrieval/queries.json"));
  const contextQueries = z.array(LabelledQuery).parse(read("evaluation/retrieval/customer-context-queries.json"));
  const dev2 = z.array(LabelledQuery).parse(read("evaluation/retrieval/dev2-queries.json"));
  const test2 = z.array(LabelledQuery).parse(read("evaluation/retrieval/test-queries.json"));
  const test = z.array(LabelledQuery).parse(read("evaluation/retrieval/test3-queries.json"));
  const passages = z.array(ContractPassage).parse(read("src/seed/data/contract-passages.json"));
  const passageIds = new Map(passages.map((p) => [`${p.contract_id}\n${p.title}`, p]));
  const rankings = Object.fromEntries(Object.values(METHOD_NAMES).map((m) => [m, new Map<string, string[]>()]));
  const latencies: number[] = [];
  let leaks = 0;

  const ask = async (q: LabelledQuery, mode: (typeof RETRIEVAL_MODES)[number]) => {
    const params = new URLSearchParams({
      q: q.query,
      k: "10",
      mode,
      ...(q.customer_id ? { customer_id: q.customer_id } : {}),
    });
    const started = performance.now();
    const res = await fetch(new URL(`/v1/catalog/search?${params}`, options.baseUrl), {
      headers: { authorization: `Bearer ${options.opsToken}` },
    });
    const elapsed = performance.now() - started;
    if (!res.ok) throw new Error(`search ${q.id} (${mode}) answered ${res.status}: ${await res.text()}`);
    const body = SearchResponse.parse(await res.json());
    if (mode === "reranked") latencies.push(elapsed);
    const ids = body.results.map((r) => {
      if (r.sku !== undefined) return `p:${r.sku}`;
      const passage = passageIds.get(`${r.contract_id}\n${r.title}`);
      if (!passage || passage.customer_id !== q.customer_id) leaks += 1;
      return `c:${passage?.passage_id ?? r.title}`;
    });
    rankings[METHOD_NAMES[mode]]!.set(q.id, ids);
  };

  const jobs = [...test, ...queries, ...dev2, ...test2, ...contextQueries].flatMap((q) =>
    RETRIEVAL_MODES.map((mode) => () => ask(q, mode)),
  );
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      await job();
      if (next % 100 === 0) options.onProgress(`${next}/${jobs.length} searches`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  const sets: Record<SetName, readonly LabelledQuery[]> = {
    test,
    dev_pool: [...queries, ...dev2, ...test2],
    labelled: queries,
    dev2,
    test2,
  };
  const split = Object.fromEntries(
    Object.entries(sets).map(([name, set]) => [name, scoreMethods(set, rankings)]),
  ) as Record<SetName, MethodScore[]>;
  const customerSpecific = queries.filter((q) => q.customer_id !== null);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    sizes: Object.fromEntries(Object.entries(sets).map(([name, set]) => [name, set.length])) as Record<SetName, number>,
    split,
    customer_specific: { queries: customerSpecific.length, scores: scoreMethods(customerSpecific, rankings) },
    customer_context: { queries: contextQueries.length, scores: scoreMethods(contextQueries, rankings) },
    fused_beats_each_alone: Object.fromEntries(
      Object.entries(split).map(([name, scores]) => [name, beatsAll(scores, "fused", ["bm25", "vector"])]),
    ) as Record<SetName, boolean>,
    latency_ms: { p50: Math.round(percentile(sorted, 0.5)), p95: Math.round(percentile(sorted, 0.95)) },
    leaks,
  };
}

/** The report as Markdown: one table per set, the verdict on fusion, latency and leaks. */
export function formatRetrieval(report: RetrievalReport, mode: string): string {
  const verdict = (ok: boolean) => (ok ? "yes" : "NO");
  const section = (name: SetName, title: string) => [
    `### ${title} (${report.sizes[name]} queries)`,
    "",
    formatScores(report.split[name]),
    "",
    `fused beats BM25 alone and vectors alone (recall@5 >=, MRR and nDCG@10 >): ${verdict(report.fused_beats_each_alone[name])}`,
    "",
  ];
  return [
    `## Retrieval: TEST ${report.sizes.test} queries, DEV pool ${report.sizes.dev_pool}, through GET /v1/catalog/search (${mode})`,
    "",
    ...section("test", "TEST-3: the third fresh draw of the generator, committed before it was scored; never tuned on"),
    ...section("dev_pool", "DEV pool: the labelled set, DEV-2 and TEST-2, where choices are made"),
    ...section(
      "labelled",
      "The labelled set (DEV pool): with abbreviations, misspellings and customer-specific queries",
    ),
    ...section("dev2", "DEV-2 (DEV pool): a second draw of the generator"),
    ...section("test2", "TEST-2 (DEV pool): the second TEST, read once in the fourth round"),
    `### Customer-specific queries (${report.customer_specific.queries} of the labelled set, with a customer: contract parts and passages)`,
    "",
    formatScores(report.customer_specific.scores),
    "",
    `### Customer-context set (${report.customer_context.queries} queries naming a contract part by its kind only; labelled by \
contract, reported apart, never tuned on)`,
    "",
    formatScores(report.customer_context.scores),
    "",
    `search latency (fused + customer re-rank, client round trip): p50 ${report.latency_ms.p50} ms, p95 ${report.latency_ms.p95} ms`,
    `passages shown to another customer: ${report.leaks}`,
  ].join("\n");
}
