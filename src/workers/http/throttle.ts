import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";

/**
 * Work a customer can trigger, each kind with its own Rate Limiting binding (wrangler.toml
 * `[[ratelimits]]`). The period is repeated here because the binding answers only yes or no:
 * it is what a refused caller is told to wait, after which its window has certainly turned.
 */
export const THROTTLES = {
  status_query: { binding: "STATUS_QUERY_LIMITER", periodSeconds: 60, work: "status questions" },
  tracking: { binding: "TRACKING_LIMITER", periodSeconds: 60, work: "tracking lookups" },
  csat: { binding: "CSAT_LIMITER", periodSeconds: 60, work: "satisfaction reports" },
} as const satisfies Record<string, { binding: keyof Env; periodSeconds: 10 | 60; work: string }>;

/** A kind of throttled work. */
export type ThrottledWork = keyof typeof THROTTLES;

/**
 * Counts one unit of `kind` against a customer principal (DESIGN §10: per token), after
 * `authenticate`; beyond the limit the answer is 429 with `Retry-After` and a problem document.
 * One tenant spending its allowance leaves every other principal's untouched. Operations, the
 * supplier's own staff, are not throttled.
 */
export function throttle(kind: ThrottledWork) {
  const rule = THROTTLES[kind];
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get("principal");
    if (principal.kind !== "customer") return next();
    const { success } = await c.env[rule.binding].limit({ key: principal.id });
    if (!success) {
      c.get("span").set({ "throttle.refused": kind });
      throw new AppError(
        PROBLEMS.rateLimited,
        `too many ${rule.work} from this principal; retry in ${rule.periodSeconds} s`,
        {
          headers: { "retry-after": String(rule.periodSeconds) },
          retry_after_seconds: rule.periodSeconds,
        },
      );
    }
    await next();
  });
}
