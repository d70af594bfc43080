import { Hono } from "hono";
import { carrierDependency } from "../carrier/carrier-factory";
import type { AppEnv } from "../context";

type DependencyState = { status: "ok" | "degraded" | "down"; detail: string; mode?: string };

async function probe(work: () => Promise<string>): Promise<DependencyState> {
  try {
    return { status: "ok", detail: await work() };
  } catch (err) {
    return { status: "down", detail: err instanceof Error ? err.message : String(err) };
  }
}

function queueBindings(env: Env): DependencyState {
  const bound = {
    intake: env.INTAKE_QUEUE,
    fulfillment: env.FULFILLMENT_QUEUE,
    exceptions: env.EXCEPTIONS_QUEUE,
    comms: env.COMMS_QUEUE,
    "orders-dlq": env.DEAD_LETTER_QUEUE,
  };
  const missing = Object.entries(bound)
    .filter(([, q]) => typeof q?.send !== "function")
    .map(([name]) => name);
  return missing.length
    ? { status: "down", detail: `unbound: ${missing.join(", ")}` }
    : { status: "ok", detail: `bound: ${Object.keys(bound).join(", ")}` };
}

/** Liveness and the state of each dependency; open to anyone, so it reveals no data. */
export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const env = c.env;
  const dependencies = {
    d1: await probe(async () => {
      await env.DB.prepare("SELECT 1").first();
      return "reachable";
    }),
    queues: queueBindings(env),
    carrier: carrierDependency(env),
  };
  const states: DependencyState[] = Object.values(dependencies);
  const down = states.some((d) => d.status === "down");
  // A simulated carrier is degraded, not down: the service still takes orders, so it stays in rotation (200).
  const status = down || states.some((d) => d.status === "degraded") ? "degraded" : "ok";
  return c.json({ status, time: new Date().toISOString(), dependencies }, down ? 503 : 200);
});
