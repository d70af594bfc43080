import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { decideAdmission, MAX_IN_FLIGHT, STATUS_QUERY_LIMIT, takeFromWindow, type AdmissionDecision } from "../shared/admission";

/** The one AdmissionControl object's name. */
export const ADMISSION_SINGLETON = "global";

/** `order_key`: the order's `orderKey`, which names its OrderObject. */
const AdmitInput = z.object({ order_key: z.string().min(1), value: z.number().nonnegative() });

/**
 * AdmissionControl, a singleton (DESIGN §10). It:
 * - keeps at most 50 POs in the pipeline at once;
 * - holds up to 100 more waiting, released highest order value first as others settle;
 * - refuses beyond that, so intake answers 429 with Retry-After;
 * - counts what it refused, for the dashboard;
 * - rate-limits status questions per principal, so one token cannot crowd out the rest.
 * Its tables' `po_number` columns hold order keys (`orderKey`): the name of each OrderObject.
 */
export class AdmissionControl extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const sql = ctx.storage.sql;
      sql.exec("CREATE TABLE IF NOT EXISTS in_flight (po_number TEXT PRIMARY KEY, admitted_at INTEGER NOT NULL)");
      sql.exec("CREATE TABLE IF NOT EXISTS waiting (po_number TEXT PRIMARY KEY, value REAL NOT NULL, enqueued_at INTEGER NOT NULL)");
      sql.exec("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
      sql.exec("CREATE TABLE IF NOT EXISTS rate_windows (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, hits INTEGER NOT NULL)");
    });
  }

  private count(table: "in_flight" | "waiting"): number {
    return this.ctx.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).one().n;
  }

  /** Admits a PO, puts it in the waiting line, or refuses it. Asking again for the same PO answers the same. */
  async admit(input: z.infer<typeof AdmitInput>): Promise<AdmissionDecision> {
    const { order_key: po_number, value } = AdmitInput.parse(input);
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT 1 FROM in_flight WHERE po_number = ?", po_number).toArray().length) return { decision: "admitted" };
    const queued = sql.exec<{ value: number }>("SELECT value FROM waiting WHERE po_number = ?", po_number).toArray()[0];
    if (queued) {
      const ahead = sql.exec<{ n: number }>("SELECT count(*) AS n FROM waiting WHERE value > ?", queued.value).one().n;
      return { decision: "waiting", position: ahead + 1 };
    }
    const decision = decideAdmission(this.count("in_flight"), this.count("waiting"));
    if (decision.decision === "admitted") sql.exec("INSERT INTO in_flight VALUES (?, ?)", po_number, Date.now());
    else if (decision.decision === "waiting") sql.exec("INSERT INTO waiting VALUES (?, ?, ?)", po_number, value, Date.now());
    else sql.exec("INSERT INTO counters VALUES ('rejected', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1");
    return decision;
  }

  /**
   * A PO settled: frees its place and lets the most valuable waiting POs in. Their
   * OrderObjects are told to start; a failed start puts the PO back in line for the next release.
   */
  async release(orderKey: string): Promise<string[]> {
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM in_flight WHERE po_number = ?", z.string().parse(orderKey));
    const started: string[] = [];
    while (this.count("in_flight") < MAX_IN_FLIGHT) {
      const next = sql.exec<{ po_number: string }>("SELECT po_number FROM waiting ORDER BY value DESC, enqueued_at ASC LIMIT 1").toArray()[0];
      if (!next) break;
      this.ctx.storage.transactionSync(() => {
        sql.exec("DELETE FROM waiting WHERE po_number = ?", next.po_number);
        sql.exec("INSERT OR IGNORE INTO in_flight VALUES (?, ?)", next.po_number, Date.now());
      });
      try {
        // An order no longer waiting (cancelled, or never recorded) gives its place up at once.
        if (await this.env.ORDER.getByName(next.po_number).startPipeline()) started.push(next.po_number);
        else sql.exec("DELETE FROM in_flight WHERE po_number = ?", next.po_number);
      } catch (err) {
        sql.exec("DELETE FROM in_flight WHERE po_number = ?", next.po_number);
        sql.exec("INSERT OR IGNORE INTO waiting VALUES (?, ?, ?)", next.po_number, Number.MAX_SAFE_INTEGER, Date.now());
        console.warn(JSON.stringify({ msg: "could not start a waiting order; kept first in line", po_number: next.po_number, error: String(err) }));
        break;
      }
    }
    return started;
  }

  /** Takes one status question from a principal's window; `retry_after_ms` when the window is spent. */
  async takeStatusQuery(principalId: string): Promise<{ allowed: boolean; retry_after_ms: number }> {
    const sql = this.ctx.storage.sql;
    const key = z.string().min(1).parse(principalId);
    const row = sql.exec<{ window_start: number; hits: number }>("SELECT window_start, hits FROM rate_windows WHERE key = ?", key).toArray()[0];
    const taken = takeFromWindow(row ? { windowStart: row.window_start, hits: row.hits } : null, Date.now(), STATUS_QUERY_LIMIT);
    sql.exec("INSERT OR REPLACE INTO rate_windows (key, window_start, hits) VALUES (?, ?, ?)", key, taken.next.windowStart, taken.next.hits);
    return { allowed: taken.allowed, retry_after_ms: taken.retryAfterMs };
  }

  /** Load figures for the dashboard and health check. */
  async snapshot(): Promise<{ in_flight: number; waiting: number; rejected_total: number }> {
    const rejected = this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM counters WHERE name = 'rejected'").toArray()[0]?.value ?? 0;
    return { in_flight: this.count("in_flight"), waiting: this.count("waiting"), rejected_total: rejected };
  }
}
