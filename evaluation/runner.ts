/// <reference types="node" />
/**
 * `npm run eval`: plays the evaluation suite (DESIGN §11) against the system and writes
 * evaluation/reports/latest.{json,md}.
 *
 *   npm run eval                                   in-process: a fresh local Worker in workerd
 *   npm run eval -- --base-url http://127.0.0.1:8787   over HTTP against a running instance
 *   npm run eval -- --retrieval                    the retrieval table instead (evaluation/retrieval-runner.ts)
 *
 * Options: --suite <file> (default evaluation/test_suite.json), --base-url <url>, --trials <k>,
 * --min-accuracy <0..1> (default 0.90), --concurrency <n> (default 8), --case <id> and
 * --category <name> (repeatable filters), --settle-timeout <ms>, --out <dir>.
 * Exits 1 when the gate fails (evaluation/gate.ts; --min-accuracy is its overall floor), 2 on a
 * usage or startup error.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatRetrieval, runRetrieval } from "./retrieval-runner";
import { formatMarkdown, formatTable, runSuite, type EvaluationReport } from "./runner-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const log = (line: string) => console.log(`[eval] ${line}`);

function usage(message: string): never {
  console.error(
    `[eval] ${message}\nusage: npm run eval -- [--suite file] [--base-url url] [--trials k] [--min-accuracy 0.9] ` +
      "[--concurrency n] [--case id] [--category name] [--settle-timeout ms] [--out dir] [--retrieval]",
  );
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        suite: { type: "string", default: join(root, "evaluation", "test_suite.json") },
        "base-url": { type: "string" },
        trials: { type: "string", default: "1" },
        "min-accuracy": { type: "string", default: "0.90" },
        concurrency: { type: "string", default: "8" },
        case: { type: "string", multiple: true },
        category: { type: "string", multiple: true },
        "settle-timeout": { type: "string" },
        out: { type: "string", default: join(root, "evaluation", "reports") },
        retrieval: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (err) {
    return usage(String((err as Error).message));
  }
})();
if (values.help) usage("plays the evaluation suite against the system");

const trials = Number(values.trials);
const minAccuracy = Number(values["min-accuracy"]);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(trials) || trials < 1) usage("--trials must be a whole number >= 1");
if (!(minAccuracy >= 0 && minAccuracy <= 1)) usage("--min-accuracy must be between 0 and 1");
if (!Number.isInteger(concurrency) || concurrency < 1) usage("--concurrency must be a whole number >= 1");

/** KEY=VALUE lines of a .dev.vars file. */
function readVars(file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(raw);
    if (m) vars[m[1]!] = m[2]!.replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

/** The local secrets: .dev.vars when present (what `npm start` uses), else .dev.vars.example. */
function localVarsFile(): string {
  const own = join(root, ".dev.vars");
  return existsSync(own) ? own : join(root, ".dev.vars.example");
}

interface Target {
  baseUrl: string;
  mode: string;
  stop: () => Promise<void>;
}

/**
 * Starts the Worker in workerd with wrangler's programmatic API on a fresh local state: the D1
 * migrations are applied to a temporary persistence directory first (as `npm start` does for
 * its own), and SEED_ON_START seeds it on the first request.
 */
async function startInProcess(varsFile: string): Promise<Target> {
  const state = mkdtempSync(join(tmpdir(), "edge-orders-eval-"));
  log(`fresh local state in ${state}; applying D1 migrations`);
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: root,
    env: { ...process.env, CI: "true" },
    encoding: "utf8",
  });
  if (migrate.status !== 0) {
    console.error(migrate.stdout, migrate.stderr);
    throw new Error("wrangler d1 migrations apply failed");
  }
  const { unstable_dev } = await import("wrangler");
  log("starting the Worker (wrangler unstable_dev, local workerd)");
  const worker = await unstable_dev(join(root, "src", "workers", "index.ts"), {
    config: join(root, "wrangler.toml"),
    persistTo: state,
    envFiles: [varsFile],
    // Local-only settings (wrangler.toml's defaults are the deployable ones), even with an older .dev.vars.
    vars: { SEED_ON_START: "true", DEPLOYMENT: "local" },
    ip: "127.0.0.1",
    port: 0,
    local: true,
    logLevel: "warn",
    experimental: { disableExperimentalWarning: true, watch: false, testScheduled: false },
  });
  return {
    baseUrl: `http://${worker.address}:${worker.port}`,
    mode: "in-process (wrangler unstable_dev, local workerd, fresh state)",
    stop: async () => {
      await worker.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<number> {
  const suite = JSON.parse(readFileSync(resolve(values.suite!), "utf8")) as unknown;
  const varsFile = localVarsFile();
  const vars = readVars(varsFile);
  const secrets = { erp: vars.ERP_WEBHOOK_SECRET ?? "", carrier: vars.CARRIER_WEBHOOK_SECRET ?? "" };
  if (!secrets.erp || !secrets.carrier) usage(`${varsFile} names no ERP_WEBHOOK_SECRET / CARRIER_WEBHOOK_SECRET`);

  const baseUrl = values["base-url"];
  const target: Target = baseUrl
    ? { baseUrl, mode: `http (${baseUrl})`, stop: async () => {} }
    : await startInProcess(varsFile);
  const health = await fetch(new URL("/v1/health", target.baseUrl)).catch((err: unknown) => err as Error);
  if (health instanceof Error || !health.ok) {
    await target.stop();
    throw new Error(
      `${target.baseUrl}/v1/health did not answer 200: ${health instanceof Error ? health.message : health.status}`,
    );
  }

  if (values.retrieval) return retrievalMain(target);
  const cases = new Set(values.case ?? []);
  const categories = new Set(values.category ?? []);
  let report: EvaluationReport;
  try {
    report = await runSuite(suite, {
      send: (request) => fetch(request),
      baseUrl: target.baseUrl,
      secrets,
      trials,
      concurrency,
      // wrangler dev waits up to a second per queue hop: a PO takes ~4 s through four agents.
      settleTimeoutMs: Number(values["settle-timeout"] ?? 90_000),
      pollIntervalMs: 250,
      mode: target.mode,
      minAccuracy,
      filter:
        cases.size || categories.size
          ? (c) => (cases.size === 0 || cases.has(c.id)) && (categories.size === 0 || categories.has(c.category))
          : undefined,
      onProgress: log,
    });
  } finally {
    await target.stop();
  }

  console.log(`\n${formatTable(report)}\n`);
  const out = resolve(values.out!);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, "latest.md"), `${formatMarkdown(report)}\n`);
  log(`reports: ${join(out, "latest.json")}, ${join(out, "latest.md")}`);
  const failed = report.gate.checks.filter((c) => !c.passed).map((c) => c.name);
  log(failed.length ? `gate FAILED: ${failed.join(", ")}` : "gate passed");
  return failed.length ? 1 : 0;
}

/** `--retrieval`: the retrieval table, written to evaluation/reports/retrieval.{json,md}; exits 1 if fusion loses on TEST or a passage leaks. */
async function retrievalMain(target: Target): Promise<number> {
  const report = await runRetrieval(root, {
    baseUrl: target.baseUrl,
    opsToken: "dev-ops-token",
    concurrency,
    onProgress: log,
  }).finally(() => target.stop());
  const markdown = formatRetrieval(report, target.mode);
  console.log(`\n${markdown}\n`);
  const out = resolve(values.out!);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "retrieval.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, "retrieval.md"), `${markdown}\n`);
  log(`reports: ${join(out, "retrieval.json")}, ${join(out, "retrieval.md")}`);
  return report.leaks === 0 && report.fused_beats_each_alone.test ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[eval] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
