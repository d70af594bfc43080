/**
 * Pipeline (DESIGN §15, issue 15): steady submission, open loop. For the section's duration a PO
 * is sent every 1/rate seconds (10.5 a second unless `--pipeline-rate` says otherwise) whatever
 * the system answers, so a slow pipeline shows as latency, a growing in-flight count and 429s,
 * not as a slower client. Then: POs settled a minute in the steady window (settled after the
 * warm-up and by the end of submission, over that window's length), intake-to-settled p50/p95
 * of the POs sent in that window, and the most in flight at once against the admission limit.
 * Times are the client's send time and the `at` of the order's last event (same machine clock);
 * settled is what `test/fixtures/api.ts` `waitForSettled` calls settled: no handoff pending,
 * status not `received`. Polling the order list (once a second) only says when to stop waiting.
 */
import type { z } from "zod";
import { MAX_IN_FLIGHT } from "../../src/shared/admission";
import { sleep } from "../client";
import type { Pipeline } from "../results-schema";
import { maxOverlap, perMinute, summarize } from "../stats";
import type { Context } from "./context";
import { orderOf, pool, settledAt, settledInList, type Submitted } from "./orders";

const DRAIN_MS = 60_000;

export async function measurePipeline(ctx: Context): Promise<z.infer<typeof Pipeline>> {
  const rate = ctx.pipelineRatePerS;
  const cpuAtStart = ctx.systemCpuMs();
  const start = Date.now() + 200;
  const end = start + ctx.durations.pipelineS * 1000;
  const steadyFrom = start + ctx.durations.pipelineWarmupS * 1000;
  const open = new Set<string>();
  const accepted: Submitted[] = [];
  let refused429 = 0;
  let otherRefusals = 0;
  const submitOne = async (n: number) => {
    const po = `BN-${ctx.tag}-P${String(n).padStart(4, "0")}`;
    const { customer, lines } = orderOf(n);
    open.add(po);
    const sentAt = Date.now();
    const status = await ctx.system.submit(customer, po, lines).then(
      async (res) => {
        await res.arrayBuffer();
        return res.status;
      },
      () => 0,
    );
    if (status === 202) {
      accepted.push({ po, customer, sentAt, status });
      return;
    }
    open.delete(po);
    if (status === 429) refused429 += 1;
    else otherRefusals += 1;
  };
  const sends: Promise<void>[] = [];
  const submitting = (async () => {
    for (let n = 1; start + ((n - 1) * 1000) / rate < end; n++) {
      const wait = start + ((n - 1) * 1000) / rate - Date.now();
      if (wait > 0) await sleep(wait);
      sends.push(submitOne(n));
    }
    await Promise.all(sends);
  })();
  let lastReport = start;
  while (Date.now() < end || (open.size > 0 && Date.now() < end + DRAIN_MS)) {
    await sleep(1_000);
    const settled = await settledInList(ctx.system);
    for (const po of open) if (settled.has(po)) open.delete(po);
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      ctx.progress(`${Math.round((Date.now() - start) / 1000)} s: ${accepted.length} accepted, ${open.size} open`);
    }
  }
  await submitting;
  const cpuAtEnd = ctx.systemCpuMs();
  ctx.progress(`reading ${accepted.length} orders' event logs`);
  // A PO past the list's newest 200 is asked for by itself before it is called unsettled.
  const times = await pool(accepted, 8, async (s) => {
    const settled = !open.has(s.po) || (await ctx.system.settledView(s.po)) !== null;
    return { s, at: settled ? await settledAt(ctx.system, s.po) : null };
  });
  const settled = times.filter((t): t is { s: Submitted; at: number } => t.at !== null);
  const drainedAt = Date.now();
  const steady = settled.filter((t) => t.s.sentAt >= steadyFrom);
  return {
    offered_per_s: rate,
    submitted: sends.length,
    settled: settled.length,
    unsettled: accepted.length - settled.length,
    refused_429: refused429,
    other_refusals: otherRefusals,
    admission_limit: MAX_IN_FLIGHT,
    in_flight_max: maxOverlap(times.map((t) => ({ from: t.s.sentAt, to: t.at ?? drainedAt }))),
    submitting_s: Math.round((end - start) / 100) / 10,
    warmup_s: ctx.durations.pipelineWarmupS,
    pos_per_minute: perMinute(settled.filter((t) => t.at >= steadyFrom && t.at <= end).length, end - steadyFrom),
    cpu_ms_per_po:
      cpuAtStart === null || cpuAtEnd === null || settled.length === 0
        ? null
        : Math.round((cpuAtEnd - cpuAtStart) / settled.length),
    intake_to_settled: summarize(steady.map((t) => t.at - t.s.sentAt)),
    timing:
      `open loop: one PO every ${Math.round(1000 / rate)} ms for ${ctx.durations.pipelineS} s; ` +
      `the first ${ctx.durations.pipelineWarmupS} s are warm-up, left out of the rate and the percentiles; ` +
      "client send time to the `at` of the order's last event; in flight = sent and not yet settled",
  };
}
