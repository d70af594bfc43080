import { Hono } from "hono";
import { readStoredMetrics } from "../../shared/db/metrics-repository";
import { assembleMetrics, type LiveOperations } from "../../shared/metrics/assemble";
import { windowBounds } from "../../shared/metrics/window";
import { ADMISSION_SINGLETON } from "../../durable-objects/admission.do";
import { CARRIER_BREAKER_NAME } from "../carrier/tracking-service";
import type { AppEnv } from "../context";
import { MetricsQuery } from "../http/request-schemas";
import { validate } from "../http/validate";
import { authenticate } from "../middleware";
import { MODEL_BREAKER_NAME } from "../model-session";
import { PROBLEMS } from "../problems";

/**
 * How long an isolate reuses the objects' live figures. The console polls every few seconds and
 * watches the live stream besides, so a second is invisible to it; and the three singletons are
 * asked at most once a second per isolate, not once per request, however many dashboards poll.
 */
export const LIVE_OPERATIONS_TTL_MS = 1_000;

let lastLive: { atMs: number; live: LiveOperations } | null = null;

/** The live figures, from the objects at most once per `LIVE_OPERATIONS_TTL_MS` (the stored ones are never reused). */
async function recentLiveOperations(env: Env): Promise<LiveOperations> {
  const asked = Date.now();
  if (lastLive && asked - lastLive.atMs < LIVE_OPERATIONS_TTL_MS) return lastLive.live;
  const live = await liveOperations(env);
  lastLive = { atMs: asked, live };
  return live;
}

/** Three Durable Object calls: the two breakers and AdmissionControl. */
async function liveOperations(env: Env): Promise<LiveOperations> {
  const breakers = await Promise.all(
    [MODEL_BREAKER_NAME, CARRIER_BREAKER_NAME].map(async (name) => {
      const s = await env.BREAKER.getByName(name).status();
      return { name, state: s.state, failures: s.failures.length };
    }),
  );
  const a = await env.ADMISSION.getByName(ADMISSION_SINGLETON).snapshot();
  return { breakers, admission: { in_flight: a.in_flight, waiting: a.waiting, refused_429: a.rejected_total } };
}

/** The dashboard's data (DESIGN §12), for operations: stored figures from D1, live ones from the objects. */
export const metricsRoutes = new Hono<AppEnv>().get("/", authenticate(["ops"]), async (c) => {
  const { window } = validate(MetricsQuery, c.req.query(), PROBLEMS.invalidRequest, "the request");
  const now = new Date();
  const bounds = windowBounds(window, now);
  const [stored, live] = await Promise.all([readStoredMetrics(c.env.DB, bounds), recentLiveOperations(c.env)]);
  return c.json(assembleMetrics(window, bounds, now, stored, live));
});
