/**
 * Overload (DESIGN §15): four times the in-flight limit (200 POs) sent at once. Counts the
 * answers (202, 429 and whether each carries Retry-After, 5xx, anything else), then waits for
 * every accepted PO to settle: one accepted and never settled, or absent, is lost.
 */
import type { z } from "zod";
import { sleep } from "../client";
import type { Overload } from "../results-schema";
import type { Context } from "./context";
import { orderOf, pool } from "./orders";

const AT_ONCE = 200;
const SETTLE_TIMEOUT_MS = 120_000;

export async function measureOverload(ctx: Context): Promise<z.infer<typeof Overload>> {
  const pos = Array.from({ length: AT_ONCE }, (_, i) => `BN-${ctx.tag}-O${String(i + 1).padStart(4, "0")}`);
  ctx.progress(`sending ${AT_ONCE} POs at once`);
  const answers = await Promise.all(
    pos.map(async (po, i) => {
      const { customer, lines } = orderOf(i);
      try {
        const res = await ctx.system.submit(customer, po, lines);
        await res.arrayBuffer();
        return { po, status: res.status, retryAfter: res.headers.get("retry-after") };
      } catch {
        return { po, status: 0, retryAfter: null };
      }
    }),
  );
  const accepted = answers.filter((a) => a.status === 202).map((a) => a.po);
  const refused = answers.filter((a) => a.status === 429);
  const other: Record<string, number> = {};
  for (const a of answers.filter((x) => x.status !== 202 && x.status !== 429)) {
    other[String(a.status)] = (other[String(a.status)] ?? 0) + 1;
  }
  ctx.progress(`${accepted.length} accepted, ${refused.length} refused with 429; waiting for the accepted to settle`);
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  const unsettled = new Set(accepted);
  while (unsettled.size > 0 && Date.now() < deadline) {
    const checked = await pool([...unsettled], 8, async (po) => ({ po, view: await ctx.system.settledView(po) }));
    for (const c of checked) if (c.view) unsettled.delete(c.po);
    if (unsettled.size > 0) await sleep(1_000);
  }
  const withRetryAfter = refused.filter((r) => r.retryAfter !== null && /^\d+$/.test(r.retryAfter)).length;
  return {
    sent: AT_ONCE,
    accepted: accepted.length,
    refused_429: refused.length,
    with_retry_after: withRetryAfter,
    without_retry_after: refused.length - withRetryAfter,
    server_5xx: answers.filter((a) => a.status >= 500).length,
    other,
    settled: accepted.length - unsettled.size,
    lost: unsettled.size,
    lost_examples: [...unsettled].slice(0, 5),
  };
}
