/**
 * Starts the system and the floor under the repository's wrangler, each on a throwaway state
 * directory (never the developer's `.wrangler/state`), on free ports, and stops them whatever
 * happens: normal end, failure, Ctrl-C. Wrangler's output goes to a log in the state directory,
 * named when something fails.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Started {
  name: string;
  baseUrl: string;
  log: string;
  /** CPU time its processes (wrangler, workerd) have used so far, in ms; null where /proc cannot say. */
  cpuMs(): number | null;
}

/** User and system CPU time of every live process in process group `pgid`, from /proc (Linux), in ms. */
export function groupCpuMs(pgid: number): number | null {
  let ticks = 0;
  try {
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      // Fields after the command's closing parenthesis: state is 3rd, pgrp 5th, utime 14th, stime 15th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  // USER_HZ is 100 on Linux.
  return ticks * 10;
}

interface Owned {
  child: ChildProcess;
  state: string;
}

const owned: Owned[] = [];
let keepState = false;

/** A port nothing listens on now, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end, its output appended to `log`; rejects on a non-zero exit. */
function run(cmd: string, args: string[], cwd: string, log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(log, { flags: "a" });
    const child = spawn(cmd, args, { cwd, env: { ...process.env, CI: "true" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}; see ${log}`)),
    );
  });
}

async function waitFor(url: string, timeoutMs: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`wrangler exited (${child.exitCode}) before ${url} answered; see ${log}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s; see ${log}`);
}

export interface WorkerSpec {
  name: string;
  /** The directory wrangler runs in, holding `config`. */
  cwd: string;
  config: string;
  database: string;
  healthPath: string;
  port?: number;
  /** `--env-file` and `--var KEY:VALUE` arguments for `wrangler dev`. */
  envFile?: string;
  vars?: Record<string, string>;
}

/** Applies the D1 migrations to a fresh state directory, starts `wrangler dev` on it and waits for its health check. */
export async function startWorker(
  wrangler: string,
  spec: WorkerSpec,
  progress: (line: string) => void,
): Promise<Started> {
  const state = mkdtempSync(join(tmpdir(), `bench-${spec.name}-`));
  const log = join(state, "wrangler.log");
  const config = ["--config", spec.config];
  progress(`${spec.name}: applying D1 migrations to ${state}`);
  await run(
    wrangler,
    ["d1", "migrations", "apply", spec.database, "--local", "--persist-to", state, ...config],
    spec.cwd,
    log,
  );
  const port = spec.port ?? (await freePort());
  const inspector = await freePort();
  const args = ["dev", ...config, "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector)];
  args.push("--persist-to", state, "--log-level", "warn", "--show-interactive-dev-session=false");
  if (spec.envFile) args.push("--env-file", spec.envFile);
  for (const [k, v] of Object.entries(spec.vars ?? {})) args.push("--var", `${k}:${v}`);
  const out = createWriteStream(log, { flags: "a" });
  // Its own process group, so stopping it also stops the workerd it starts. Wrangler's local observability
  // (on by default since 4.118) stores a trace of every invocation in a SQLite file inside that group: dev
  // tooling no deployment runs beside the Worker, about half of the group's disk writes per PO.
  const env = { ...process.env, X_LOCAL_OBSERVABILITY: "false" };
  const child = spawn(wrangler, args, { cwd: spec.cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  owned.push({ child, state });
  const baseUrl = `http://127.0.0.1:${port}`;
  progress(`${spec.name}: wrangler dev on ${baseUrl}, waiting for ${spec.healthPath}`);
  await waitFor(`${baseUrl}${spec.healthPath}`, 180_000, child, log);
  progress(`${spec.name}: up`);
  const pgid = child.pid;
  return { name: spec.name, baseUrl, log, cpuMs: () => (pgid === undefined ? null : groupCpuMs(pgid)) };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Stops every started Worker (its whole process group) and removes its state, once. */
export function stopAll(): void {
  for (const { child, state } of owned.splice(0)) {
    signalGroup(child, "SIGTERM");
    setTimeout(() => signalGroup(child, "SIGKILL"), 2_000).unref();
    if (!keepState) rmSync(state, { recursive: true, force: true });
  }
}

/** Stops what was started when the bench ends, fails or is interrupted; `keep` leaves the state and logs for a look. */
export function stopOnExit(keep: boolean): void {
  keepState = keep;
  process.on("exit", stopAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      console.error(`\n[bench] ${signal}: stopping what the bench started`);
      stopAll();
      process.exit(130);
    });
  }
}
