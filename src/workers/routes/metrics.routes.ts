import { Hono } from "hono";
import { CollapsedReads } from "../../shared/collapsed-read";
import { readStoredMetrics, type StoredMetrics } from "../../shared/db/metrics-repository";
import { assembleMetrics, type LiveOperations } from "../../shared/metrics/assemble";
import { type WindowBounds, windowBounds } from "../../shared/metrics/window";
import { MetricsWindow } from "../../shared/schemas/metrics.schema";
import { sharedD1 } from "../../shared/usage/metered-env";
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

/** The live figures, from the objects at most once per `LIVE_OPERATIONS_TTL_MS` (the stored ones are read afresh for each request, `storedReading`). */
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

/** A window's stored figures as one read found them, with that read's bounds (it ended the window when it began). */
interface StoredReading {
  bounds: WindowBounds;
  stored: StoredMetrics;
}

/**
 * The isolate's metrics reads, per database and window, collapsed (`CollapsedRead`): however many
 * consoles poll at once, one statement runs at a time, and each answer comes from a read that
 * started after its request arrived. The statement is the costliest D1 read the API makes (most of
 * it SQLite compiling a 7 KB statement), and at fifty requests at once it was run fifty times over.
 */
const readings = new CollapsedReads<StoredReading>(MetricsWindow.options.length);

function storedReading(env: Env, window: MetricsWindow): Promise<StoredReading> {
  // Keyed by the binding, not by the request's metered view of it; the read itself goes through that view, so the
  // request that runs it counts its rows.
  return readings.read(sharedD1(env.DB), window, async () => {
    const bounds = windowBounds(window, new Date());
    return { bounds, stored: await readStoredMetrics(env.DB, bounds) };
  });
}

/** The dashboard's data (DESIGN §12), for operations: stored figures from D1, live ones from the objects. */
export const metricsRoutes = new Hono<AppEnv>().get("/", authenticate(["ops"]), async (c) => {
  const { window } = validate(MetricsQuery, c.req.query(), PROBLEMS.invalidRequest, "the request");
  const [{ bounds, stored }, live] = await Promise.all([storedReading(c.env, window), recentLiveOperations(c.env)]);
  return c.json(assembleMetrics(window, bounds, new Date(bounds.toMs), stored, live));
});
