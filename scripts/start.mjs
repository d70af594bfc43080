#!/usr/bin/env node
// `npm start`: local secrets, D1 migrations, then `wrangler dev` on 127.0.0.1:8787. The first
// request seeds an empty database (SEED_ON_START, set in .dev.vars only), so this script asks for the health check once
// the server is up and then prints where everything is.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
const PORT = Number(process.env.PORT ?? 8787);
const base = `http://${HOST}:${PORT}`;
/** @param {string} msg */
const log = (msg) => console.log(`[start] ${msg}`);

const devVars = join(root, ".dev.vars");
const example = join(root, ".dev.vars.example");
if (!existsSync(devVars)) {
  copyFileSync(example, devVars);
  log("created .dev.vars from .dev.vars.example (local webhook secrets, seeding, no model key)");
} else {
  // wrangler.toml's defaults are the deployable ones; an older .dev.vars may lack the local-only settings.
  const have = new Set(
    readFileSync(devVars, "utf8")
      .split("\n")
      .map((l) => l.split("=")[0]?.trim()),
  );
  const missing = readFileSync(example, "utf8")
    .split("\n")
    .filter((l) => /^(SEED_ON_START|DEPLOYMENT)=/.test(l) && !have.has(l.split("=")[0]));
  if (missing.length) {
    appendFileSync(devVars, `\n${missing.join("\n")}\n`);
    log(`added ${missing.join(", ")} to .dev.vars (local development only)`);
  }
}

log("applying D1 migrations to the local database");
const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, CI: "true" },
});
if (migrate.status !== 0) {
  console.error("[start] migrations failed; see the output above");
  process.exit(migrate.status ?? 1);
}

log(`starting wrangler dev on ${base}`);
const dev = spawn("wrangler", ["dev", "--ip", HOST, "--port", String(PORT), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));

async function waitForHealth() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/v1/health`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

if (await waitForHealth()) {
  console.log(`
  Edge order system is running (seeded on first request)
    API          ${base}/v1/orders       (Authorization: Bearer dev-ops-token | dev-acme-token | dev-beta-token | dev-consolidated-token)
    Health       ${base}/v1/health
    Dashboard    ${base}/dashboard
    Live order   ws://${HOST}:${PORT}/v1/orders/<po>/ws?token=dev-acme-token
  Press Ctrl+C to stop.
`);
} else {
  console.error(`[start] ${base}/v1/health did not answer within 120 s; wrangler's output above says why`);
}
