/**
 * Read paths (DESIGN §15): p50/p99 at one connection and throughput at fifty, each beside the
 * floor measured just before and just after it, so both see the same machine at the same moment.
 * Every call is made with the operations token: customer tokens are throttled on status
 * questions (60 a minute each), which a load test would only measure as 429s.
 */
import { OPS_TOKEN } from "../client";
import { fiftyConnections, oneConnection, type Target } from "../load";
import type { ReadPath } from "../results-schema";
import { meanRun, middleBy, ratio } from "../stats";
import type { Context } from "./context";
import type { z } from "zod";

interface PathSpec {
  name: string;
  method: "GET" | "POST";
  path: string;
}

/** The five read paths of issue 15, against an order that has settled. */
export function readPaths(po: string): PathSpec[] {
  return [
    { name: "order view", method: "GET", path: `/v1/orders/${po}` },
    { name: "order list", method: "GET", path: "/v1/orders" },
    { name: "status query", method: "POST", path: `/v1/orders/${po}/status-query` },
    { name: "catalog search", method: "GET", path: "/v1/catalog/search?q=weld%20neck%20flange%206in%20class%20300" },
    { name: "metrics", method: "GET", path: "/v1/metrics" },
  ];
}

/** Places and settles the order the read paths look at. */
export async function readTargetOrder(ctx: Context): Promise<string> {
  const po = `BN-${ctx.tag}-READ`;
  const res = await ctx.system.submit("CUST-001", po, [{ sku: "SKU-4892", qty: 3 }]);
  if (res.status !== 202) throw new Error(`placing the read paths' order: ${res.status} ${await res.text()}`);
  await ctx.system.waitSettled(po);
  return po;
}

/**
 * `count` rounds of `measure` on the system, each between two runs on the floor (F S F S F S F:
 * a floor run between two rounds serves both), each with its ratio (system / the mean of its two
 * floor runs) of `figure`.
 */
async function betweenFloorRuns<M extends { [K in keyof M]: number | null }>(
  count: number,
  floor: Target,
  system: Target,
  measure: (target: Target) => Promise<M>,
  figure: (measured: M) => number | null,
): Promise<{ floor: M; system: M; ratio: number | null }[]> {
  const rounds = [];
  let before = await measure(floor);
  for (let round = 0; round < count; round++) {
    const onSystem = await measure(system);
    const after = await measure(floor);
    const onFloor = meanRun(before, after);
    rounds.push({ floor: onFloor, system: onSystem, ratio: ratio(figure(onSystem), figure(onFloor)) });
    before = after;
  }
  return rounds;
}

export async function measureReads(
  ctx: Context,
  only?: (name: string) => boolean,
): Promise<z.infer<typeof ReadPath>[]> {
  const po = await readTargetOrder(ctx);
  const floor: Target = { url: ctx.floorUrl, method: "GET", headers: {} };
  const { latencyS, throughputS } = ctx.durations;
  const results: z.infer<typeof ReadPath>[] = [];
  for (const spec of readPaths(po).filter((p) => only?.(p.name) ?? true)) {
    const target: Target = {
      url: `${ctx.system.baseUrl}${spec.path}`,
      method: spec.method,
      headers: { authorization: `Bearer ${OPS_TOKEN}` },
    };
    const { readRounds } = ctx.durations;
    ctx.progress(`${spec.name}: 1 connection (${readRounds} x ${latencyS} s, each between floor runs)`);
    const latencyRounds = await betweenFloorRuns(
      readRounds,
      floor,
      target,
      (t) => oneConnection(t, latencyS),
      (m) => m.p50_ms,
    );
    const { floor: floorOne, system: one } = middleBy(latencyRounds, (r) => r.ratio)!;
    ctx.progress(`${spec.name}: 50 connections (${readRounds} x ${throughputS} s, each between floor runs)`);
    const rounds = await betweenFloorRuns(
      readRounds,
      floor,
      target,
      (t) => fiftyConnections(t, throughputS),
      (m) => m.rps,
    );
    const { floor: floorFifty, system: fifty } = middleBy(rounds, (r) => r.ratio)!;
    const runs = [...latencyRounds, ...rounds].map((r) => r.system);
    const failed = {
      non_2xx: runs.reduce((n, r) => n + r.non_2xx, 0),
      errors: runs.reduce((n, r) => n + r.errors, 0),
    };
    if (failed.non_2xx || failed.errors) {
      ctx.progress(`  ${spec.name}: ${failed.non_2xx} non-2xx, ${failed.errors} errors`);
    }
    results.push({
      ...spec,
      auth: "ops token (not throttled)",
      one_connection: one,
      fifty_connections: fifty,
      latency_rounds: latencyRounds.map((r) => ({
        p50_ms: r.system.p50_ms,
        floor_p50_ms: r.floor.p50_ms,
        ratio: r.ratio,
      })),
      throughput_rounds: rounds.map((r) => ({ rps: r.system.rps, floor_rps: r.floor.rps, ratio: r.ratio })),
      floor: { p50_ms: floorOne.p50_ms, p99_ms: floorOne.p99_ms, rps: floorFifty.rps },
      ratio: {
        p50: ratio(one.p50_ms, floorOne.p50_ms),
        p99: ratio(one.p99_ms, floorOne.p99_ms),
        rps: ratio(fifty.rps, floorFifty.rps),
      },
    });
    ctx.progress(
      `  ${spec.name}: p50 ${one.p50_ms} ms (${results.at(-1)!.ratio.p50}x floor, the median of ${latencyRounds.map((r) => `${r.ratio}x`).join(", ")}), ` +
        `${fifty.rps} req/s (${results.at(-1)!.ratio.rps}x floor, the median of ${rounds.map((r) => `${r.ratio}x`).join(", ")})`,
    );
  }
  return results;
}
