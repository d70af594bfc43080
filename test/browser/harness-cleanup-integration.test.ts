import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { groupAlive, listening, startLocalSystem } from "./harness/local-system";

/** The processes of one process group, by command name. */
function groupMembers(pgid: number): string[] {
  return execFileSync("ps", ["-eo", "pgid=,comm="], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([g]) => Number(g) === pgid)
    .map(([, comm]) => comm ?? "");
}

it("stops everything it started: wrangler, workerd, the port and the state directory", async () => {
  // Bugs caught: killing only the wrangler process and leaving workerd serving (and holding a
  // core) after the tests, or a throwaway database left in /tmp on every run.
  const system = await startLocalSystem();
  expect((await fetch(`${system.baseUrl}/v1/health`)).status).toBe(200);
  const members = groupMembers(system.pgid);
  expect(members).toContain("workerd");
  expect(existsSync(system.stateDir)).toBe(true);

  await system.stop();
  expect(groupAlive(system.pgid)).toBe(false);
  expect(groupMembers(system.pgid)).toEqual([]);
  expect(await listening(system.port)).toBe(false);
  expect(existsSync(system.stateDir)).toBe(false);
}, 120_000);
