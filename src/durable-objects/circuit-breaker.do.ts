import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { admitCall, closedBreaker, recordOutcome, type BreakerPolicy, type BreakerState } from "../shared/circuit-breaker";

const Policy = z.object({ failureThreshold: z.number().int().positive(), windowMs: z.number().positive(), openMs: z.number().positive() });

/**
 * CircuitBreaker: one object per guarded dependency (addressed by its name, e.g. `carrier-api`).
 * - keeps the breaker's state in SQLite-backed storage so it survives restarts;
 * - answers whether a call may go through, letting exactly one probe through when half-open,
 *   because the object serialises concurrent callers;
 * - records each outcome.
 */
export class CircuitBreaker extends DurableObject<Env> {
  private async load(): Promise<BreakerState> {
    return (await this.ctx.storage.get<BreakerState>("state")) ?? closedBreaker();
  }

  /** Asks to make a call; `retry_after_ms` says how long a refused caller should wait. */
  async acquire(policy: BreakerPolicy): Promise<{ allowed: boolean; probe: boolean; state: BreakerState["state"]; retry_after_ms: number }> {
    const p = Policy.parse(policy);
    const decision = admitCall(await this.load(), Date.now(), p);
    await this.ctx.storage.put("state", decision.next);
    return { allowed: decision.allowed, probe: decision.probe, state: decision.next.state, retry_after_ms: decision.retryAfterMs };
  }

  /** Reports how an allowed call went; `probe` is what `acquire` answered for that call. */
  async report(ok: boolean, probe: boolean, policy: BreakerPolicy): Promise<BreakerState["state"]> {
    const next = recordOutcome(await this.load(), z.boolean().parse(ok), Date.now(), Policy.parse(policy), z.boolean().parse(probe));
    await this.ctx.storage.put("state", next);
    return next.state;
  }

  async status(): Promise<BreakerState> {
    return this.load();
  }
}
