/** The machine and code a run measured: cores, CPU, Node and wrangler versions, git commit. */
import { spawnSync } from "node:child_process";
import { cpus, platform, release } from "node:os";
import type { z } from "zod";
import type { Machine } from "./results-schema";

function output(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "unknown";
}

export function describeMachine(root: string, wrangler: string): z.infer<typeof Machine> {
  const cores = cpus();
  return {
    cores: cores.length,
    cpu_model: cores[0]?.model.trim() ?? "unknown",
    platform: `${platform()} ${release()}`,
    node: process.version,
    wrangler: output(wrangler, ["--version"], root).split("\n").at(-1) ?? "unknown",
    git_commit: output("git", ["rev-parse", "HEAD"], root),
    git_dirty: output("git", ["status", "--porcelain", "--untracked-files=no"], root) !== "",
  };
}
