/** What every measurement is given: the running system, the floor, how long to run, where to say how it goes. */
import type { Client } from "../client";

export interface Durations {
  /** Seconds of one-connection latency per read path (and per floor run). */
  latencyS: number;
  /** Seconds of fifty-connection throughput per read path (and per floor run). */
  throughputS: number;
  /**
   * Rounds of the system per read path, each between two floor runs, for latency and for
   * throughput alike; each figure's median round by ratio is reported. The floor alone moved by a
   * third between sections of one run, and by up to two fifths between two runs seconds apart, so one
   * round's ratio to one floor run could land on either side of a target by chance.
   */
  readRounds: number;
  /** Seconds of steady submission in the pipeline measurement. */
  pipelineS: number;
  /** Seconds at the start of it left out of its figures (cold isolates, first queue batches). */
  pipelineWarmupS: number;
  /** Events caused in the WebSocket fan-out. */
  wsEvents: number;
  /** Catalog queries timed, one at a time. */
  catalogQueries: number;
}

export interface Context {
  system: Client;
  /** The floor's one endpoint: one D1 query and one Durable Object call. */
  floorUrl: string;
  durations: Durations;
  /** POs a second the pipeline measurement sends. */
  pipelineRatePerS: number;
  /** CPU time the system's processes have used so far, in ms (null where it cannot be read). */
  systemCpuMs: () => number | null;
  root: string;
  /** A short tag of this run for PO numbers, so a kept state can be measured again. */
  tag: string;
  progress: (line: string) => void;
}

export const FULL: Durations = {
  latencyS: 4,
  throughputS: 5,
  readRounds: 3,
  pipelineS: 60,
  pipelineWarmupS: 5,
  wsEvents: 20,
  catalogQueries: 300,
};
export const QUICK: Durations = {
  latencyS: 1.5,
  throughputS: 2,
  readRounds: 1,
  pipelineS: 15,
  pipelineWarmupS: 3,
  wsEvents: 8,
  catalogQueries: 80,
};
