/**
 * The whole system as `npm start` runs it (scripts/start.mjs): D1 migrations applied to a local
 * state directory, then `wrangler dev`, but on free ports, with a throwaway `--persist-to`
 * directory and `.dev.vars.example` as its only env file (so a developer's own `.dev.vars`, a
 * model key say, never reaches the browser tests). `wrangler dev` is spawned rather than started
 * through `unstable_startWorker`: it is the exact path `npm start` takes, its API is not marked
 * unstable, and it runs in its own process group, which `stop()` ends as a whole (workerd with it).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export type LocalSystem = {
  baseUrl: string;
  /** The process group of `wrangler dev` and everything it started. */
  pgid: number;
  port: number;
  logFile: string;
  /** The throwaway directory holding the local D1, Durable Object and queue state. */
  stateDir: string;
  stop: () => Promise<void>;
};

const log = (msg: string) => console.log(`[browser-harness] ${msg}`);

/** A port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Runs wrangler with the same Node as the tests (wrangler needs Node 22, the project's own). */
function wrangler(args: string[], logTo: NodeJS.WritableStream): ChildProcess {
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
  });
  child.stdout?.pipe(logTo, { end: false });
  child.stderr?.pipe(logTo, { end: false });
  // A detached group outlives a test runner that dies before its teardown; take it down on exit.
  const orphaned = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  // Likewise on Ctrl-C or a CI job's SIGTERM; the signal is then raised again so that, when nobody
  // else handles it, the runner still dies of it as it would have without this listener.
  const interrupted = (signal: NodeJS.Signals) => {
    orphaned();
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once("exit", orphaned);
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);
  child.once("exit", () => {
    process.off("exit", orphaned);
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
  });
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/**
 * The group's processes that are not zombies, from /proc/<pid>/stat (state and pgrp follow the
 * parenthesised command name, which may itself hold spaces or parentheses).
 */
function livingMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited since the listing
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") pids.push(Number(entry));
  }
  return pids;
}

/**
 * True while any process of the group is alive. Zombies count as gone: `kill(-pgid, 0)` succeeds
 * for them, and in a container whose PID 1 does not reap orphans (workerd's parent is gone) they stay forever.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  return existsSync("/proc/self/stat") ? livingMembers(pgid).length > 0 : true;
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after STOP_TIMEOUT_MS; throws if even that does not end it. */
async function killGroup(pgid: number): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pgid, s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) {
    log(`process group ${pgid} still running after SIGTERM; sending SIGKILL`);
    signal("SIGKILL");
    const killDeadline = Date.now() + STOP_TIMEOUT_MS;
    while (groupAlive(pgid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 50));
    if (groupAlive(pgid))
      throw new Error(
        `[browser-harness] process group ${pgid} still alive ${STOP_TIMEOUT_MS / 1000} s after SIGKILL ` +
          `(pids ${livingMembers(pgid).join(", ")}); end them by hand`,
      );
  }
}

/** True when something accepts connections on the port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts the system and answers once /v1/health is 200 (that first request also seeds the database). */
export async function startLocalSystem(): Promise<LocalSystem> {
  const started = Date.now();
  const state = mkdtempSync(join(tmpdir(), "orders-browser-"));
  // The log outlives the run (gitignored), for reading after a failure.
  const logFile = join(
    ROOT,
    "test",
    "browser",
    "logs",
    `wrangler-${new Date().toISOString().replace(/[:.]/g, "-")}.log`,
  );
  mkdirSync(dirname(logFile), { recursive: true });
  const out = createWriteStream(logFile);
  const persist = join(state, "persist");

  log(`applying D1 migrations to ${persist}`);
  const migrate = wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], out);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((r) => {
    timer = setTimeout(r, START_TIMEOUT_MS, "late");
  });
  let migratedOk = false;
  try {
    const migrated = await Promise.race([exited(migrate), late]);
    if (migrated !== 0) {
      const output = readFileSync(logFile, "utf8");
      await killGroup(migrate.pid!);
      throw new Error(`[browser-harness] D1 migrations failed (${migrated}):\n${output}`);
    }
    migratedOk = true;
  } finally {
    clearTimeout(timer);
    // A failed or late migration must not leave its state directory in /tmp or the log open.
    if (!migratedOk) {
      out.end();
      rmSync(state, { recursive: true, force: true });
    }
  }
  log(`migrations applied in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const devStarted = Date.now();
  const [port, inspector] = [await freePort(), await freePort()];
  const baseUrl = `http://${HOST}:${port}`;
  log(`starting wrangler dev on ${baseUrl} (log: ${logFile})`);
  const dev = wrangler(
    [
      "dev",
      ...["--ip", HOST, "--port", String(port), "--inspector-port", String(inspector)],
      ...["--persist-to", persist, "--env-file", ".dev.vars.example", "--show-interactive-dev-session=false"],
    ],
    out,
  );
  const pgid = dev.pid!;
  const stop = async () => {
    try {
      await killGroup(pgid);
    } finally {
      out.end();
      rmSync(state, { recursive: true, force: true });
    }
    // Checked on every run: a wrangler or workerd left behind would hold the port and the cores.
    if (groupAlive(pgid) || (await listening(port)))
      throw new Error(`[browser-harness] ${baseUrl} still running after stop`);
    log(`stopped wrangler dev (process group ${pgid}), port ${port} closed, removed ${state}`);
  };

  while (Date.now() - devStarted < START_TIMEOUT_MS) {
    if (dev.exitCode !== null) break;
    if (await healthy(`${baseUrl}/v1/health`)) {
      log(`system up and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return { baseUrl, pgid, port, logFile, stateDir: state, stop };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const why =
    dev.exitCode !== null ? `wrangler dev exited with ${dev.exitCode}` : `no answer in ${START_TIMEOUT_MS / 1000} s`;
  const tail = readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n");
  await stop();
  throw new Error(
    `[browser-harness] ${baseUrl}/v1/health never answered 200: ${why}. wrangler's last output:\n${tail}`,
  );
}
