/**
 * The simulated carrier's failure plan and call counter, kept in D1's `meta` table.
 *
 * Why D1: a Worker builds a fresh simulator for each request, and requests may land on other
 * isolates, so a plan held in memory would be forgotten or seen by only some requests. A D1 row
 * is seen by every request, every isolate and the cron job alike; tests drive it with
 * `env.DB`, and a local run can break the carrier on purpose with
 * `wrangler d1 execute DB --local --command "INSERT INTO meta VALUES ('carrier-sim:fail', '{\"status\":503,\"retryAfterSeconds\":null,\"remaining\":null}')"`.
 * The `meta` table (small key/value facts) needs no migration of its own; the keys are
 * namespaced `carrier-sim:` so nothing else reads them.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { FailurePlan, type InjectedFailure, type SimulatorFaults } from "../../shared/carrier/simulated-carrier";
import { database } from "../../shared/db/client";
import * as schema from "../../shared/db/schema";

/** The `meta` row holding the failure plan (JSON {@link FailurePlan}). */
export const SIM_FAIL_KEY = "carrier-sim:fail";
/** The `meta` row counting the simulator's calls. */
export const SIM_CALLS_KEY = "carrier-sim:calls";

const failure = (plan: FailurePlan): InjectedFailure => ({
  status: plan.status,
  retryAfterSeconds: plan.retryAfterSeconds,
});

/** {@link SimulatorFaults} shared by every request through D1. */
export function createD1SimulatorFaults(db: D1Database): SimulatorFaults {
  const d = database(db);
  const setPlan = async (plan: FailurePlan) => {
    const value = JSON.stringify(plan);
    await d
      .insert(schema.meta)
      .values({ key: SIM_FAIL_KEY, value })
      .onConflictDoUpdate({ target: schema.meta.key, set: { value } });
  };
  return {
    async takeCall() {
      // One batch (a transaction): counting the call and consuming one failure cannot be split
      // by a concurrent call, so five injected failures fail exactly five calls.
      const [, taken] = await db.batch([
        db
          .prepare(
            `INSERT INTO meta (key, value) VALUES (?1, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
          )
          .bind(SIM_CALLS_KEY),
        db
          .prepare(
            `UPDATE meta SET value = CASE WHEN json_extract(value, '$.remaining') IS NULL THEN value
               ELSE json_set(value, '$.remaining', json_extract(value, '$.remaining') - 1) END
             WHERE key = ?1 AND (json_extract(value, '$.remaining') IS NULL OR json_extract(value, '$.remaining') > 0)
             RETURNING value`,
          )
          .bind(SIM_FAIL_KEY),
      ]);
      const row = (taken?.results as { value: string }[] | undefined)?.[0];
      if (!row) return null;
      const plan = FailurePlan.safeParse(JSON.parse(row.value));
      // A hand-written row that does not parse fails the call as a plain 503 rather than being ignored.
      return plan.success ? failure(plan.data) : { status: 503, retryAfterSeconds: null };
    },
    async failNext(n, f) {
      await setPlan({ ...f, remaining: n });
    },
    async setFailureMode(f) {
      if (f) await setPlan({ ...f, remaining: null });
      else await d.delete(schema.meta).where(eq(schema.meta.key, SIM_FAIL_KEY));
    },
    async calls() {
      const row = await d
        .select({ n: sql<number>`CAST(${schema.meta.value} AS INTEGER)` })
        .from(schema.meta)
        .where(eq(schema.meta.key, SIM_CALLS_KEY))
        .get();
      return row?.n ?? 0;
    },
    async reset() {
      await d.delete(schema.meta).where(inArray(schema.meta.key, [SIM_FAIL_KEY, SIM_CALLS_KEY]));
    },
  };
}
