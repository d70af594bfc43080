import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import {
  admitCallNotBefore,
  closedBreaker,
  extendNotBefore,
  recordOutcome,
  type BreakerPolicy,
  type BreakerState,
} from "../shared/circuit-breaker";

const Policy = z.object({
  failureThreshold: z.number().int().positive(),
  windowMs: z.number().positive(),
  openMs: z.number().positive(),
});

/**
 * CircuitBreaker: one object per guarded dependency (addressed by its name, e.g. `carrier-api`).
 * - keeps the breaker's state in SQLite-backed storage so it survives restarts;
 * - answers whether a call may go through, letting exactly one probe through when half-open,
 *   because the object serialises concurrent callers;
 * - records each outcome, and holds every call off while the dependency's own `Retry-After`
 *   runs (kept apart from the state, so a late success cannot cut the dependency's wait short).
 */
export class CircuitBreaker extends DurableObject<Env> {
  private async load(): Promise<BreakerState> {
    return (await this.ctx.storage.get<BreakerState>("state")) ?? closedBreaker();
  }

  private async notBefore(): Promise<number | null> {
    return (await this.ctx.storage.get<number>("not-before")) ?? null;
  }

  /** Asks to make a call; `retry_after_ms` says how long a refused caller should wait. */
  async acquire(
    policy: BreakerPolicy,
  ): Promise<{ allowed: boolean; probe: boolean; state: BreakerState["state"]; retry_after_ms: number }> {
    const p = Policy.parse(policy);
    const decision = admitCallNotBefore(await this.load(), await this.notBefore(), Date.now(), p);
    await this.ctx.storage.put("state", decision.next);
    return {
      allowed: decision.allowed,
      probe: decision.probe,
      state: decision.next.state,
      retry_after_ms: decision.retryAfterMs,
    };
  }

  /**
   * Reports how an allowed call went; `probe` is what `acquire` answered for that call;
   * `retryAfterMs` is the dependency's `Retry-After`, if it sent one: no call goes out before it.
   */
  async report(ok: boolean, probe: boolean, policy: BreakerPolicy, retryAfterMs = 0): Promise<BreakerState["state"]> {
    const now = Date.now();
    const next = recordOutcome(
      await this.load(),
      z.boolean().parse(ok),
      now,
      Policy.parse(policy),
      z.boolean().parse(probe),
    );
    const held = await this.notBefore();
    const hold = extendNotBefore(held, now, z.number().nonnegative().parse(retryAfterMs));
    await this.ctx.storage.put("state", next);
    if (hold !== held)
      await (hold === null ? this.ctx.storage.delete("not-before") : this.ctx.storage.put("not-before", hold));
    return next.state;
  }

  async status(): Promise<BreakerState> {
    return this.load();
  }
}
