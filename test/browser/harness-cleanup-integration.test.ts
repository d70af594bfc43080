import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { groupAlive, listening, startLocalSystem } from "./harness/local-system";

/** The living processes of one process group, by command name (zombies have ended; only their parent's reaping is due). */
function groupMembers(pgid: number): string[] {
  return execFileSync("ps", ["-eo", "pgid=,stat=,comm="], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([g, stat]) => Number(g) === pgid && !stat?.startsWith("Z"))
    .map(([, , comm]) => comm ?? "");
}

it("stops everything it started: wrangler, workerd, the port and the state directory", async () => {
  // Bugs caught: killing only the wrangler process and leaving workerd serving (and holding a
  // core) after the tests, or a throwaway database left in /tmp on every run.
  const system = await startLocalSystem();
  // Stopped even when an expect fails, so a failure here cannot leave a second system running.
  try {
    expect((await fetch(`${system.baseUrl}/v1/health`)).status).toBe(200);
    expect(groupMembers(system.pgid)).toContain("workerd");
    expect(existsSync(system.stateDir)).toBe(true);
  } finally {
    await system.stop();
  }
  expect(groupAlive(system.pgid)).toBe(false);
  expect(groupMembers(system.pgid)).toEqual([]);
  expect(await listening(system.port)).toBe(false);
  expect(existsSync(system.stateDir)).toBe(false);
}, 120_000);
