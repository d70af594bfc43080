/**
 * The cost of running it (issue 15 item 2): `cost_of_running` of `GET /v1/metrics`, counted by
 * the system as it runs and priced there. Read after the pipeline and overload runs, so the
 * window holds their orders; absent until the system serves it, and then "not available".
 */
import type { z } from "zod";
import { CostOfRunning, type RunningCost } from "../results-schema";
import type { Context } from "./context";

const WINDOW = "1h";

export async function readRunningCost(ctx: Context): Promise<z.infer<typeof RunningCost>> {
  const metrics = await ctx.system.json<Record<string, unknown>>(`/v1/metrics?window=${WINDOW}`);
  if (!("cost_of_running" in metrics)) {
    ctx.progress("not available: GET /v1/metrics has no cost_of_running");
    return { available: false, note: "GET /v1/metrics has no cost_of_running", window: WINDOW, cost_of_running: null };
  }
  const parsed = CostOfRunning.safeParse(metrics.cost_of_running);
  if (!parsed.success) {
    const note = `cost_of_running is not in the contract's shape: ${parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ")}`;
    ctx.progress(note);
    return { available: false, note, window: WINDOW, cost_of_running: null };
  }
  const c = parsed.data;
  ctx.progress(
    `${c.orders} orders: infrastructure $${c.usd_per_1000_orders.infrastructure} and model $${c.usd_per_1000_orders.model} per 1,000 orders`,
  );
  return { available: true, note: null, window: WINDOW, cost_of_running: c };
}
