/**
 * Pipeline (DESIGN §15): for about a minute 40 lanes each submit a PO and the next once it
 * settles, so 40 are in flight, below the in-flight limit of 50; then POs settled a minute and
 * intake-to-settled p50/p95. Settling is noticed by polling the order list (one request every
 * 250 ms, not one per order); the times are the client's send time and the `at` of the order's
 * last event (same machine clock), so polling adds nothing to them. Settled is what
 * `test/fixtures/api.ts` `waitForSettled` calls settled: no handoff pending, status not `received`.
 */
import type { z } from "zod";
import { sleep } from "../client";
import type { Pipeline } from "../results-schema";
import { perMinute, summarize } from "../stats";
import type { Context } from "./context";
import { orderOf, pool, settledAt, settledInList, type Submitted } from "./orders";

const IN_FLIGHT_CAP = 40;

export async function measurePipeline(ctx: Context): Promise<z.infer<typeof Pipeline>> {
  const inFlight = new Set<string>();
  const settledNow = new Map<string, () => void>();
  const accepted: Submitted[] = [];
  let refused429 = 0;
  let otherRefusals = 0;
  let n = 0;
  const start = Date.now();
  const end = start + ctx.durations.pipelineS * 1000;
  let lastReport = start;
  // Each lane submits a PO, waits for it to settle, and submits the next: 40 lanes, 40 in flight.
  const lane = async () => {
    while (Date.now() < end) {
      const po = `BN-${ctx.tag}-P${String(++n).padStart(4, "0")}`;
      const { customer, lines } = orderOf(n);
      const settled = new Promise<void>((resolve) => settledNow.set(po, resolve));
      inFlight.add(po);
      const sentAt = Date.now();
      const res = await ctx.system.submit(customer, po, lines);
      await res.arrayBuffer();
      if (res.status === 202) {
        accepted.push({ po, customer, sentAt, status: res.status });
        await settled;
        continue;
      }
      inFlight.delete(po);
      settledNow.delete(po);
      if (res.status === 429) refused429 += 1;
      else otherRefusals += 1;
      await sleep(1_000);
    }
  };
  const poll = async () => {
    while (Date.now() < end || (inFlight.size > 0 && Date.now() < end + 60_000)) {
      const settled = await settledInList(ctx.system);
      for (const po of inFlight) {
        if (!settled.has(po)) continue;
        inFlight.delete(po);
        settledNow.get(po)?.();
        settledNow.delete(po);
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        ctx.progress(
          `${Math.round((Date.now() - start) / 1000)} s: ${accepted.length} accepted, ${inFlight.size} in flight`,
        );
      }
      await sleep(250);
    }
    // Whatever never settled is counted below; its lane stops waiting.
    for (const resolve of settledNow.values()) resolve();
  };
  await Promise.all([poll(), ...Array.from({ length: IN_FLIGHT_CAP }, lane)]);
  ctx.progress(`reading ${accepted.length} orders' event logs`);
  const times = await pool(accepted, 8, async (s) => ({
    s,
    at: inFlight.has(s.po) ? null : await settledAt(ctx.system, s.po),
  }));
  const settled = times.filter((t): t is { s: Submitted; at: number } => t.at !== null);
  const inWindow = settled.filter((t) => t.at <= end).length;
  return {
    submitted: n,
    settled: settled.length,
    unsettled: accepted.length - settled.length,
    refused_429: refused429,
    other_refusals: otherRefusals,
    in_flight_cap: IN_FLIGHT_CAP,
    submitting_s: Math.round((end - start) / 100) / 10,
    pos_per_minute: perMinute(inWindow, end - start),
    intake_to_settled: summarize(settled.map((t) => t.at - t.s.sentAt)),
    timing:
      "client send time to the `at` of the order's last event; settled noticed by polling GET /v1/orders every 250 ms; " +
      `${IN_FLIGHT_CAP} lanes, each submitting its next PO once its last settled`,
  };
}
