/// <reference types="node" />
/**
 * `npm run bench` (DESIGN §15): starts the system and the floor Worker on throwaway state, runs
 * each measurement, prints a table and writes bench/results.json. See bench/README.md.
 *
 *   npm run bench                          everything (about 7-8 minutes)
 *   npm run bench -- --only reads,ws       some sections: reads, ws, model, pipeline, overload, cost, catalog
 *   npm run bench -- --quick               shorter runs of each
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Client } from "./client";
import { describeMachine } from "./machine";
import { type Context, FULL, QUICK } from "./measure/context";
import { measureCatalog } from "./measure/catalog";
import { measureModelCost } from "./measure/model-cost";
import { measureOverload } from "./measure/overload";
import { measurePipeline } from "./measure/pipeline";
import { measureReads } from "./measure/reads";
import { readRunningCost } from "./measure/running-cost";
import { measureWebSocket } from "./measure/websocket";
import { startWorker, stopAll, stopOnExit } from "./processes";
import { withoutAssets } from "./system-config";
import { BenchResults } from "./results-schema";
import { formatTable } from "./table";
import { judgeAll, SECTIONS, type Section, parseOnly } from "./sections";
import { tally } from "./targets";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`.padStart(5);
const log = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    out: { type: "string" },
    "env-file": { type: "string", default: join(root, ".dev.vars.example") },
    "keep-state": { type: "boolean", default: false },
    "pipeline-rate": { type: "string", default: "10.5" },
    help: { type: "boolean", short: "h" },
  },
  strict: true,
});
if (values.help) {
  console.log(
    `usage: npm run bench -- [--only ${SECTIONS.join(",")}] [--quick] [--out file] [--env-file file] [--keep-state] ` +
      "[--pipeline-rate POs-a-second]",
  );
  process.exit(0);
}
const only = parseOnly(values.only);
const wanted = (s: Section) => only.includes(s);
const pipelineRatePerS = Number(values["pipeline-rate"]);
if (!(pipelineRatePerS > 0))
  throw new Error(`--pipeline-rate must be a positive number, not ${values["pipeline-rate"]}`);
const whole = only.length === SECTIONS.length && !values.quick;
const out = resolve(values.out ?? join(root, "bench", whole ? "results.json" : "results.partial.json"));

/** KEY=VALUE lines of an env file. */
function readVars(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split(/\r?\n/)
      .flatMap((l) => {
        const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(l);
        return m ? [[m[1]!, m[2]!]] : [];
      }),
  );
}

async function main(): Promise<number> {
  stopOnExit(values["keep-state"]);
  const vars = readVars(values["env-file"]);
  log(
    `sections: ${only.join(", ")}${values.quick ? " (quick)" : ""}; starting the system and the floor on fresh state`,
  );
  const systemConfig = join(root, "wrangler.bench.toml");
  writeFileSync(
    systemConfig,
    `# Written by npm run bench from wrangler.toml without [assets] (bench/system-config.ts); do not edit.\n${withoutAssets(
      readFileSync(join(root, "wrangler.toml"), "utf8"),
    )}`,
  );
  const [system, floor] = await Promise.all([
    startWorker(
      wrangler,
      {
        name: "system",
        cwd: root,
        config: systemConfig,
        database: "DB",
        healthPath: "/v1/health",
        envFile: values["env-file"],
        // Local development, as `npm start` runs it: seeded, the carrier simulator without a warning.
        vars: { SEED_ON_START: "true", DEPLOYMENT: "local" },
      },
      log,
    ),
    startWorker(
      wrangler,
      {
        name: "floor",
        cwd: join(root, "bench", "floor"),
        config: join(root, "bench", "floor", "wrangler.toml"),
        database: "FLOOR_DB",
        healthPath: "/health",
      },
      log,
    ),
  ]);
  log(`system ${system.baseUrl} (log ${system.log}), floor ${floor.baseUrl}`);
  const ctx: Context = {
    system: new Client(system.baseUrl, {
      erp: vars.ERP_WEBHOOK_SECRET ?? "",
      carrier: vars.CARRIER_WEBHOOK_SECRET ?? "",
    }),
    floorUrl: `${floor.baseUrl}/floor`,
    durations: values.quick ? QUICK : FULL,
    pipelineRatePerS,
    systemCpuMs: system.cpuMs,
    root,
    tag: Date.now().toString(36).slice(-5).toUpperCase(),
    progress: (line) => log(line),
  };
  const errors: { section: Section; message: string }[] = [];
  // A section that fails is reported and left null; the others still run and are written.
  const step = async <T>(section: Section, title: string, run: () => Promise<T>): Promise<T | null> => {
    if (!wanted(section)) return null;
    log(`== ${title}`);
    try {
      return await run();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors.push({ section, message });
      log(`${section} FAILED: ${message}`);
      return null;
    }
  };
  const reads = await step("reads", "read paths", () => measureReads(ctx));
  const websocket = await step("ws", "WebSocket fan-out", () => measureWebSocket(ctx));
  // Before the pipeline and overload runs use stock, so the cases see the seed's stock.
  const model_cost = await step("model", "model cost (evaluation suite)", () => measureModelCost(ctx));
  const pipeline = await step("pipeline", "pipeline", () => measurePipeline(ctx));
  const overload = await step("overload", "overload", () => measureOverload(ctx));
  const running_cost = await step("cost", "cost of running it", () => readRunningCost(ctx));
  // Last: the 20,000-row import changes the catalog every other measurement searches.
  const catalog = await step("catalog", "catalog", () => measureCatalog(ctx));
  const targets = judgeAll({ reads, pipeline, websocket, overload, model_cost, running_cost });
  const results = BenchResults.parse({
    generated_at: new Date().toISOString(),
    duration_s: Math.round((Date.now() - started) / 1000),
    options: { only, quick: values.quick },
    machine: describeMachine(root, wrangler),
    reads,
    pipeline,
    websocket,
    overload,
    model_cost,
    running_cost,
    catalog,
    targets,
    summary: tally(targets),
    errors,
  });
  stopAll();
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${formatTable(results)}\n`);
  log(`wrote ${out}`);
  return errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
