/**
 * The evaluation runner's core (DESIGN §11), shared by the Node entry point (`npm run eval`) and
 * the CI gate inside workerd: it plays each case's steps through the system's public API, waits
 * for every order to settle, scores the case against its expectations, and gathers the metrics.
 * It knows nothing of where the system runs: it is given a `send(Request)`.
 */
import { ApiClient, type Send, sleep } from "./api-client";
import { CasePlayer } from "./case-player";
import { instantiateCase, submittedPoNumbers } from "./case-instance";
import { collectMetrics } from "./metrics";
import type { CaseRun, EvaluationReport } from "./report-types";
import { type Case, parseSuite, type Suite } from "./suite-schema";

export type { EvaluationReport } from "./report-types";
export { formatMarkdown, formatTable } from "./report-format";
export { parseSuite } from "./suite-schema";

export interface RunnerOptions {
  send: Send;
  /** Standard Webhooks secrets (`whsec_…`) the system verifies ERP and carrier events with. */
  secrets: { erp: string; carrier: string };
  /** Base URL for the requests' URLs; in-process any origin does. */
  baseUrl?: string;
  opsToken?: string;
  /** Cases played at once (default 8). */
  concurrency?: number;
  /** Times the whole suite is played, each in its own namespace, for pass^k (default 1). */
  trials?: number;
  /** How long an order may take to settle after a step (default 60 s). */
  settleTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Four-digit run namespaces, one per trial; default chosen from the clock and probed. */
  namespaces?: string[];
  /** Plays only the cases this keeps. */
  filter?: (c: Case) => boolean;
  onProgress?: (line: string) => void;
  mode?: string;
  /** The gate's overall accuracy floor (default 90%); categories keep their own (gate.ts). */
  minAccuracy?: number;
}

const DEFAULT_OPS_TOKEN = "dev-ops-token";

/** Runs `worker` over `items` with at most `limit` at once, keeping the order of results. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Picks a namespace for a trial whose first submitted PO is not yet known to the system. */
async function pickNamespace(api: ApiClient, suite: Suite, trial: number, taken: Set<string>): Promise<string> {
  const probe = suite.cases
    .flatMap((c) => c.steps.flatMap(submittedPoNumbers))
    .find((po) => /^PO-\d{4}-\d{4,6}$/.test(po));
  const seed = Math.floor(Date.now() / 1000);
  for (let attempt = 0; attempt < 20; attempt++) {
    const ns = String(3000 + ((seed + trial * 977 + attempt * 131) % 6000));
    if (taken.has(ns)) continue;
    if (!probe || (await api.view(probe.replace(/^PO-\d{4}-/, `PO-${ns}-`))) === null) return ns;
  }
  throw new Error("no free run namespace found after 20 tries");
}

/** Plays a suite against the system and answers the report. */
export async function runSuite(input: unknown, options: RunnerOptions): Promise<EvaluationReport> {
  const suite = parseSuite(input);
  const cases = options.filter ? suite.cases.filter(options.filter) : suite.cases;
  const trials = Math.max(1, options.trials ?? 1);
  const opsToken = options.opsToken ?? DEFAULT_OPS_TOKEN;
  const api = new ApiClient({
    send: options.send,
    baseUrl: options.baseUrl ?? "http://orders.test",
    opsToken,
    secrets: options.secrets,
    sleep,
  });
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();
  const runs: CaseRun[] = [];
  const namespaces: string[] = [];
  for (let trial = 1; trial <= trials; trial++) {
    const namespace = options.namespaces?.[trial - 1] ?? (await pickNamespace(api, suite, trial, new Set(namespaces)));
    namespaces.push(namespace);
    progress(
      `trial ${trial}/${trials}: ${cases.length} cases, namespace PO-${namespace}-…, ${options.concurrency ?? 8} at once`,
    );
    let done = 0;
    const play = async (c: Case) => {
      const index = suite.cases.indexOf(c);
      const player = new CasePlayer(api, instantiateCase(c, namespace, index), {
        settleTimeoutMs: options.settleTimeoutMs ?? 60_000,
        pollIntervalMs: options.pollIntervalMs ?? 100,
        opsToken,
        namespace,
        caseIndex: index,
      });
      const run: CaseRun = { trial, namespace, ...(await player.run()) };
      done += 1;
      const mark = run.outcome === "pass" ? "PASS" : run.outcome === "partial" ? "PART" : "FAIL";
      progress(
        `[${trial}] ${String(done).padStart(3)}/${cases.length} ${mark} ${run.id} (${run.held}/${run.total}, ${(run.duration_ms / 1000).toFixed(1)} s)`,
      );
      return run;
    };
    // Serial cases first, one at a time, then the rest `concurrency` at once.
    const serial = await pool(
      cases.filter((c) => c.serial),
      1,
      play,
    );
    const concurrent = await pool(
      cases.filter((c) => !c.serial),
      options.concurrency ?? 8,
      play,
    );
    runs.push(...serial, ...concurrent);
  }
  progress("collecting traces, costs and latencies");
  // Agent spans are stored after the queue batch is acked (waitUntil): give them a moment.
  await sleep(500);
  return collectMetrics(api, {
    runs,
    trials,
    namespaces,
    mode: options.mode ?? "in-process",
    started,
    suiteCases: cases.length,
    opsToken,
    minAccuracy: options.minAccuracy,
  });
}

export type { Case, Suite } from "./suite-schema";
