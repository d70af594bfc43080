/** The bench's sections, `--only`'s parsing, and the issue's targets judged over whatever sections ran. */
import type { z } from "zod";
import type {
  ModelCost,
  Overload,
  Pipeline,
  ReadPath,
  RunningCost,
  TargetResult,
  WebSocketFanOut,
} from "./results-schema";
import { judgeNamed, judgeRead } from "./targets";

export const SECTIONS = ["reads", "ws", "model", "pipeline", "overload", "cost", "catalog"] as const;
export type Section = (typeof SECTIONS)[number];

/** `--only a,b`: the sections named, in the bench's own order; every section when absent. */
export function parseOnly(only: string | undefined): Section[] {
  if (only === undefined || only.trim() === "") return [...SECTIONS];
  const names = only.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
  return SECTIONS.filter((s) => names.includes(s));
}

export interface Measured {
  reads: z.infer<typeof ReadPath>[] | null;
  pipeline: z.infer<typeof Pipeline> | null;
  websocket: z.infer<typeof WebSocketFanOut> | null;
  overload: z.infer<typeof Overload> | null;
  model_cost: z.infer<typeof ModelCost> | null;
  running_cost: z.infer<typeof RunningCost> | null;
}

/** Every target of issue 15, judged; a section not run leaves its targets unmeasured (null). */
export function judgeAll(m: Measured): TargetResult[] {
  const reads = (m.reads ?? []).flatMap((r) => judgeRead(r.name, { rps: r.ratio.rps, p50: r.ratio.p50 }));
  const o = m.overload;
  return [
    ...reads,
    judgeNamed("pipeline_rate", m.pipeline?.pos_per_minute),
    judgeNamed("pipeline_p95", m.pipeline?.intake_to_settled.p95_ms),
    judgeNamed("ws_p99", m.websocket?.event_to_receipt.p99_ms),
    judgeNamed("ws_missing", m.websocket?.missing),
    judgeNamed("overload_lost", o?.lost),
    judgeNamed("overload_5xx", o?.server_5xx),
    judgeNamed("overload_429_without_retry_after", o?.without_retry_after),
    judgeNamed("model_cost", m.model_cost?.per_interaction_usd),
    judgeNamed("infrastructure_cost", m.running_cost?.cost_of_running?.usd_per_1000_orders.infrastructure),
  ];
}
