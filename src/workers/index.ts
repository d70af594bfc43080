import { seedDatabase } from "../seed/seed";
import { buildApp } from "./app";
import { consumeDeadLetters, consumeHandoffs } from "./agents/handoff.consumer";
import { reportSimulatedCarrier } from "./carrier/carrier-factory";
import { refreshTrackingCache } from "./carrier/tracking-refresh";
import { redriveStalledOrders } from "./stalled-handoffs";
import { redeliverShortfalls } from "./stock/shortfalls";
import { sweepCatalogVectors } from "./retrieval/search-catalog";
import { purgeExpiredRecords } from "../shared/db/retention";
import { purgeExpiredEpisodes } from "../shared/memory/episode-store";
import { episodicMemoryFor } from "../shared/memory/memory-backend";
import { exportPendingSpans } from "../shared/span-sink";
import { meteredEnv, metering } from "../shared/usage/metered-env";
import { UsageMeter } from "../shared/usage/usage";

export { OrderObject } from "../durable-objects/order.do";
export { AdmissionControl } from "../durable-objects/admission.do";
export { CircuitBreaker } from "../durable-objects/circuit-breaker.do";
export { OpsHub } from "../durable-objects/ops-hub.do";

const app = buildApp();

let seeding: Promise<unknown> | null = null;

/** Local runs seed an empty database on first use; a failed attempt is tried again on the next request. */
function ensureSeeded(env: Env): Promise<unknown> {
  if (env.SEED_ON_START !== "true") return Promise.resolve();
  seeding ??= seedDatabase(env).catch((err) => {
    seeding = null;
    throw err;
  });
  return seeding;
}

export default {
  async fetch(request, env, ctx) {
    reportSimulatedCarrier(env);
    await ensureSeeded(env);
    // Each request counts what it takes (DESIGN §15); the middleware stamps it on the request's span.
    const meter = new UsageMeter();
    meter.add({ worker_requests: 1 });
    return metering(meter, () => app.fetch(request, meteredEnv(env), ctx));
  },
  async queue(batch, env, ctx) {
    if (batch.queue === "orders-dlq") return consumeDeadLetters(batch, env);
    return consumeHandoffs(batch, env, ctx);
  },
  async scheduled(controller, env, ctx) {
    reportSimulatedCarrier(env);
    const now = new Date(controller.scheduledTime);
    ctx.waitUntil(redriveStalledOrders(env, now));
    ctx.waitUntil(redeliverShortfalls(env));
    ctx.waitUntil(sweepCatalogVectors(env));
    ctx.waitUntil(refreshTrackingCache(env, now));
    ctx.waitUntil(
      exportPendingSpans(env, now.getTime()).then(
        (sent) => console.log(JSON.stringify({ msg: "otlp export sweep", sent, at: now.toISOString() })),
        // D1 unreadable this run: the spans stay unexported and the next sweep tries again.
        (err) => console.warn(JSON.stringify({ msg: "otlp export sweep failed", error: String(err) })),
      ),
    );
    ctx.waitUntil(
      purgeExpiredRecords(env.DB, now).then((purged) =>
        console.log(JSON.stringify({ msg: "retention purge", ...purged, at: now.toISOString() })),
      ),
    );
    ctx.waitUntil(
      purgeExpiredEpisodes(env.DB, episodicMemoryFor(env), now.toISOString()).then((ids) =>
        console.log(JSON.stringify({ msg: "episode retention purge", purged: ids.length, at: now.toISOString() })),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
