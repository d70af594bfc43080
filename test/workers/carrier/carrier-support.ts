import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { CircuitBreaker } from "../../../src/durable-objects/circuit-breaker.do";
import type { BreakerState } from "../../../src/shared/circuit-breaker";
import { carrierSimulatorFor } from "../../../src/workers/carrier/carrier-factory";
import { createD1SimulatorFaults } from "../../../src/workers/carrier/simulator-faults";
import { CARRIER_BREAKER_NAME } from "../../../src/workers/carrier/tracking-service";

/** Seed tracking numbers: Acme's UPS shipment (in transit) and Beta's FedEx one (delivered). */
export const ACME_UPS = "1Z999AA10123456784";
export const BETA_FEDEX = "794644790132";

/** The `carrier-api` breaker object. */
export const carrierBreaker = () => env.BREAKER.getByName(CARRIER_BREAKER_NAME);

/** The simulator the Worker uses; its plan and counter live in D1, so tests and requests share them. */
export const simulator = () => carrierSimulatorFor(env);

/** A closed breaker, no hold, no failure plan, no calls counted. Tests in one file share storage. */
export async function resetCarrier(): Promise<void> {
  await runInDurableObject(carrierBreaker(), async (_instance: CircuitBreaker, state) => {
    await state.storage.deleteAll();
  });
  await createD1SimulatorFaults(env.DB).reset();
}

/**
 * Moves the breaker's clock back by `ms`, as if that much time had passed: every stored
 * instant (failures, opening, probe start, the carrier's hold) shifts, since the object reads
 * `Date.now()` and cannot be given a clock.
 */
export async function elapse(ms: number): Promise<void> {
  await runInDurableObject(carrierBreaker(), async (_instance: CircuitBreaker, state) => {
    const s = await state.storage.get<BreakerState>("state");
    if (s) {
      await state.storage.put("state", {
        ...s,
        failures: s.failures.map((t) => t - ms),
        openedAt: s.openedAt === null ? null : s.openedAt - ms,
        probeStartedAt: s.probeStartedAt === null ? null : s.probeStartedAt - ms,
      } satisfies BreakerState);
    }
    const notBefore = await state.storage.get<number>("not-before");
    if (notBefore !== undefined) await state.storage.put("not-before", notBefore - ms);
  });
}

/** The carrier's hold as stored, or null. */
export async function storedNotBefore(): Promise<number | null> {
  return runInDurableObject(
    carrierBreaker(),
    async (_instance: CircuitBreaker, state) => (await state.storage.get<number>("not-before")) ?? null,
  );
}

/** The cached row of a tracking number, as D1 holds it. */
export async function cacheRow(tracking: string): Promise<{ status: string; refreshed_at: string } | null> {
  return env.DB.prepare("SELECT status, refreshed_at FROM carrier_tracking WHERE tracking = ?")
    .bind(tracking)
    .first<{ status: string; refreshed_at: string }>();
}

/** Marks a cached row stale and changed, so a refresh is visible. */
export async function staleCache(
  tracking: string,
  refreshedAt = "2000-01-01T00:00:00.000Z",
  status = "stale_status",
): Promise<void> {
  await env.DB.prepare("UPDATE carrier_tracking SET refreshed_at = ?, status = ? WHERE tracking = ?")
    .bind(refreshedAt, status, tracking)
    .run();
}
