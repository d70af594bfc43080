#!/usr/bin/env node
// `npm run admin -- import|export <kind> <file>`: the supplier's own data (DESIGN §13) from a shell.
// It speaks only the public HTTP API, so it works against any deployment: CSV or JSON by the
// file's extension, a summary at the end, the refused rows as a table, exit code 1 on errors.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import { parseArgs } from "node:util";

const KINDS = ["catalog", "customers", "contracts", "inventory", "carriers", "trading-partners", "rules"];
const USAGE = `usage: npm run admin -- <import|export> <kind> <file> [options]

  import   PUT the file's items to /v1/admin/<kind> (upsert; one bad row and nothing is applied)
  export   GET /v1/admin/<kind> into the file (export then import changes nothing)

  kind     ${KINDS.join(", ")}
  file     .csv (one row per item; a contract has a row per price tier) or .json ({"items": [...]} or [...])

options:
  --base-url <url>   the API (default http://127.0.0.1:8787, or ADMIN_BASE_URL)
  --token <token>    an operations token (default dev-ops-token, or ADMIN_TOKEN)
  --dry-run          import: answer what would change, change nothing
  -h, --help         this text`;

/** Files past this size get progress lines on stderr while they travel and the server works. */
const BIG_FILE_BYTES = 256 * 1024;

class UsageError extends Error {}

/**
 * @typedef {{ command: "import" | "export", kind: string, file: string, format: "csv" | "json", baseUrl: string,
 *   token: string, dryRun: boolean }} Options
 * @typedef {{ row?: number, field?: string, message?: string }} RowError
 */

/** @param {string[]} argv @returns {{ help: true } | ({ help: false } & Options)} */
function options(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "base-url": { type: "string", default: process.env.ADMIN_BASE_URL ?? "http://127.0.0.1:8787" },
      token: { type: "string", default: process.env.ADMIN_TOKEN ?? "dev-ops-token" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { help: true };
  const [command, kind, file, ...rest] = positionals;
  if (command !== "import" && command !== "export") throw new UsageError(`unknown command ${command ?? "(none)"}`);
  if (!KINDS.includes(kind ?? "")) throw new UsageError(`unknown kind ${kind ?? "(none)"}: one of ${KINDS.join(", ")}`);
  if (!file) throw new UsageError("a file is required");
  if (rest.length) throw new UsageError(`unexpected ${rest.join(" ")}`);
  const ext = extname(file).toLowerCase();
  const format = ext === ".csv" ? "csv" : ext === ".json" ? "json" : null;
  if (!format) throw new UsageError(`${file}: the file must end in .csv or .json`);
  const baseUrl = values["base-url"].replace(/\/+$/, "");
  return { help: false, command, kind, file, format, baseUrl, token: values.token, dryRun: values["dry-run"] };
}

/** Reports elapsed time on stderr every two seconds until `stop` is called. */
/** @param {string} label @param {boolean} enabled */
function progress(label, enabled) {
  if (!enabled) return () => {};
  const started = Date.now();
  process.stderr.write(`${label}...\n`);
  const timer = setInterval(
    () => process.stderr.write(`${label}: ${Math.round((Date.now() - started) / 1000)} s\n`),
    2000,
  );
  return () => clearInterval(timer);
}

/** @param {Options} opts @param {RequestInit & { headers: Record<string, string> }} init */
async function call(opts, init) {
  const url = `${opts.baseUrl}/v1/admin/${opts.kind}${opts.dryRun ? "?dry_run=true" : ""}`;
  const headers = { authorization: `Bearer ${opts.token}`, ...init.headers };
  try {
    return await fetch(url, { ...init, headers });
  } catch (err) {
    const e = /** @type {Error & { cause?: Error }} */ (err);
    throw new Error(`cannot reach ${opts.baseUrl}: ${e.cause?.message ?? e.message}`);
  }
}

/** A count from an answer's `added`/`changed`/`unchanged`: a number, or a list of the items. */
/** @param {unknown} v */
const count = (v) => (Array.isArray(v) ? v.length : typeof v === "number" ? v : 0);

/** The refused rows as an aligned table: row, field, message. */
/** @param {RowError[]} errors */
function errorTable(errors) {
  const rows = [
    ["row", "field", "message"],
    ...errors.map((e) => [String(e.row ?? ""), String(e.field ?? ""), String(e.message ?? "")]),
  ];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0].padStart(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`).join("\n");
}

/** @param {Response} res */
async function failure(res) {
  const text = await res.text();
  let problem = null;
  try {
    problem = JSON.parse(text);
  } catch {
    // Not a problem document (a proxy's page, say): its text is shown as it came.
  }
  const head = `${res.status} ${problem?.title ?? res.statusText}${problem?.detail ? `: ${problem.detail}` : ""}`;
  const rows = Array.isArray(problem?.errors) ? problem.errors : [];
  const hint = res.status === 401 || res.status === 403 ? "\n(an operations token is needed: --token)" : "";
  return rows.length ? `${head}\n${errorTable(rows)}` : `${head}${problem ? "" : `\n${text.slice(0, 2000)}`}${hint}`;
}

/** @param {Options} opts */
function readItems(opts) {
  const text = readFileSync(opts.file, "utf8");
  if (opts.format === "csv")
    return {
      body: text,
      type: "text/csv; charset=utf-8",
      rows: Math.max(0, text.split(/\r?\n/).filter(Boolean).length - 1),
    };
  const parsed = JSON.parse(text);
  const items = Array.isArray(parsed) ? parsed : parsed?.items;
  if (!Array.isArray(items)) throw new UsageError(`${opts.file}: JSON must be an array of items or {"items": [...]}`);
  return { body: JSON.stringify({ items }), type: "application/json", rows: items.length };
}

/** @param {Options} opts */
async function runImport(opts) {
  const big = statSync(opts.file).size > BIG_FILE_BYTES;
  const { body, type, rows } = readItems(opts);
  const stop = progress(`${opts.dryRun ? "checking" : "importing"} ${rows} ${opts.kind} row(s) from ${opts.file}`, big);
  const res = await call(opts, {
    method: "PUT",
    headers: { "content-type": type, accept: "application/json" },
    body,
  }).finally(stop);
  if (!res.ok) {
    console.error(await failure(res));
    return 1;
  }
  const answer = await res.json();
  const s = answer.summary ?? answer;
  const line = `added ${count(s.added)}, changed ${count(s.changed)}, unchanged ${count(s.unchanged)}`;
  console.log(
    `${opts.kind}: ${opts.dryRun ? "would be " : ""}${line}${opts.dryRun ? " (dry run: nothing changed)" : ""}`,
  );
  if (opts.dryRun && Array.isArray(s.changed))
    for (const c of s.changed)
      console.log(`  changed ${c.key ?? ""} ${c.differences ? JSON.stringify(c.differences) : ""}`.trimEnd());
  return 0;
}

/** @param {Options} opts */
async function runExport(opts) {
  const accept = opts.format === "csv" ? "text/csv" : "application/json";
  const stop = progress(`exporting ${opts.kind}`, true);
  const res = await call({ ...opts, dryRun: false }, { method: "GET", headers: { accept } }).finally(stop);
  if (!res.ok) {
    console.error(await failure(res));
    return 1;
  }
  const text = await res.text();
  const out = opts.format === "json" ? `${JSON.stringify(JSON.parse(text), null, 2)}\n` : text;
  writeFileSync(opts.file, out);
  const rows =
    opts.format === "json"
      ? (JSON.parse(text).items?.length ?? 0)
      : Math.max(0, text.split(/\r?\n/).filter(Boolean).length - 1);
  console.log(`${opts.kind}: exported ${rows} row(s) to ${opts.file}`);
  return 0;
}

/** @param {string[]} argv */
async function main(argv) {
  let opts;
  try {
    opts = options(argv);
  } catch (err) {
    console.error(`${/** @type {Error} */ (err).message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    return opts.command === "import" ? await runImport(opts) : await runExport(opts);
  } catch (err) {
    const message = /** @type {Error} */ (err).message;
    console.error(err instanceof SyntaxError ? `${opts.file}: not valid JSON (${message})` : message);
    return err instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
