/**
 * A local carrier: answers from tracking records it holds (the seed's by default) and fails on
 * demand, so the breaker and the polling cache can be exercised with no carrier account.
 */
import { z } from "zod";
import {
  CarrierUnavailableError,
  parseRetryAfter,
  TrackingNotFoundError,
  TrackingStatus,
  type CarrierClient,
} from "./carrier-client";

/** How an injected failure looks on the wire: the HTTP status and the `Retry-After` it carries. */
export const InjectedFailure = z.object({
  status: z.union([z.literal(429), z.literal(503)]).default(503),
  retryAfterSeconds: z.number().int().nonnegative().nullable().default(null),
});
export type InjectedFailure = z.infer<typeof InjectedFailure>;
/** What a test may say about a failure; the status defaults to 503, with no `Retry-After`. */
export type FailureOptions = z.input<typeof InjectedFailure>;

/**
 * Where the simulator keeps its failure plan and call counter. In a Worker a simulator lives
 * for one request, so the plan must live somewhere every request sees (see the D1-backed
 * store in src/workers/carrier); unit tests use {@link createMemoryFaults}.
 */
export interface SimulatorFaults {
  /**
   * Counts one call and takes the failure it must suffer, if any, in one step, so that
   * concurrent calls each consume their own injected failure.
   */
  takeCall(): Promise<InjectedFailure | null>;
  /** The next `n` calls fail as `failure` says (replacing any earlier plan). */
  failNext(n: number, failure: InjectedFailure): Promise<void>;
  /** Every call fails as `failure` says until this is called with null. */
  setFailureMode(failure: InjectedFailure | null): Promise<void>;
  /** Calls made so far, failed ones included. */
  calls(): Promise<number>;
  /** No plan, counter at zero. */
  reset(): Promise<void>;
}

/** A failure plan: `remaining` null means "every call", else how many calls are left to fail. */
export const FailurePlan = InjectedFailure.extend({ remaining: z.number().int().nonnegative().nullable() });
export type FailurePlan = z.infer<typeof FailurePlan>;

/** Faults kept in memory: for unit tests and for one isolate's lifetime. */
export function createMemoryFaults(): SimulatorFaults {
  let plan: FailurePlan | null = null;
  let calls = 0;
  return {
    async takeCall() {
      calls += 1;
      if (!plan) return null;
      if (plan.remaining === null) return { status: plan.status, retryAfterSeconds: plan.retryAfterSeconds };
      if (plan.remaining === 0) return null;
      plan = { ...plan, remaining: plan.remaining - 1 };
      return { status: plan.status, retryAfterSeconds: plan.retryAfterSeconds };
    },
    async failNext(n, failure) {
      plan = { ...failure, remaining: n };
    },
    async setFailureMode(failure) {
      plan = failure ? { ...failure, remaining: null } : null;
    },
    async calls() {
      return calls;
    },
    async reset() {
      plan = null;
      calls = 0;
    },
  };
}

/** The simulator: a {@link CarrierClient} with controls for tests and local runs. */
export interface SimulatedCarrierClient extends CarrierClient {
  /** The next `n` calls fail (default: 503 with no `Retry-After`). */
  failNext(n: number, failure?: FailureOptions): Promise<void>;
  /** Every call fails until called with null: the carrier is down. */
  setFailureMode(failure: FailureOptions | null): Promise<void>;
  /** Calls made so far, failed ones included. */
  callCount(): Promise<number>;
  /** Adds or replaces a record, as if the carrier had scanned a parcel. */
  add(record: TrackingStatus): void;
}

/**
 * A simulated carrier over `records` (e.g. the seed tracking data) and any added later.
 * Unknown numbers answer {@link TrackingNotFoundError}; injected failures answer
 * {@link CarrierUnavailableError} with the status and `Retry-After` they were given.
 */
export function createSimulatedCarrierClient(
  records: readonly TrackingStatus[],
  options: { faults?: SimulatorFaults; now?: () => number } = {},
): SimulatedCarrierClient {
  const faults = options.faults ?? createMemoryFaults();
  const now = options.now ?? Date.now;
  const byNumber = new Map(records.map((r) => [r.tracking, TrackingStatus.parse(r)]));
  return {
    async track(tracking) {
      const failure = await faults.takeCall();
      if (failure) {
        const retryAfter =
          failure.retryAfterSeconds === null ? null : parseRetryAfter(String(failure.retryAfterSeconds), now());
        throw new CarrierUnavailableError(`simulated carrier answered ${failure.status}`, failure.status, retryAfter);
      }
      const record = byNumber.get(tracking);
      if (!record) throw new TrackingNotFoundError(tracking);
      // A copy, so a caller changing its answer cannot change the carrier's records.
      return structuredClone(record);
    },
    async failNext(n, failure = {}) {
      await faults.failNext(z.number().int().nonnegative().parse(n), InjectedFailure.parse(failure));
    },
    async setFailureMode(failure) {
      await faults.setFailureMode(failure === null ? null : InjectedFailure.parse(failure));
    },
    callCount: () => faults.calls(),
    add(record) {
      const parsed = TrackingStatus.parse(record);
      byNumber.set(parsed.tracking, parsed);
    },
  };
}
