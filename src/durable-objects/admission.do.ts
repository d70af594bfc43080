import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import {
  decideAdmission,
  decideFailedStart,
  decideParkedAdmission,
  expiredLeases,
  FAILED_START_RETRY_MS,
  MAX_IN_FLIGHT,
  nextLeaseExpiry,
  type AdmissionDecision,
  type PipelineSlot,
} from "../shared/admission";
import { recordAudit } from "../shared/db/audit-repository";
import { addColumnIfMissing, applyMigrations, type SqlMigration } from "./sql-migrations";

/** The one AdmissionControl object's name. */
export const ADMISSION_SINGLETON = "global";

/**
 * AdmissionControl's schema, step by step (see `applyMigrations`). Both steps are what the object
 * made on every start before steps were numbered, so they accept finding their work done.
 */
export const ADMISSION_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: "in-flight slots, waiting line and counters",
    up(sql) {
      sql.exec("CREATE TABLE IF NOT EXISTS in_flight (po_number TEXT PRIMARY KEY, admitted_at INTEGER NOT NULL)");
      sql.exec(
        "CREATE TABLE IF NOT EXISTS waiting (po_number TEXT PRIMARY KEY, value REAL NOT NULL, enqueued_at INTEGER NOT NULL)",
      );
      sql.exec("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    },
  },
  {
    version: 2,
    name: "failed starts counted in the waiting line",
    up(sql) {
      addColumnIfMissing(sql, "waiting", "failed_starts", "INTEGER NOT NULL DEFAULT 0");
    },
  },
];

/** A row of the waiting line; `failed_starts` counts its OrderObject's failed starts so far. */
type WaitingEntry = {
  po_number: string;
  value: number;
  enqueued_at: number;
  failed_starts: number;
};

/** `order_key`: the order's `orderKey`, which names its OrderObject; `park`: it waits even when the waiting line is full (see `decideParkedAdmission`). */
const AdmitInput = z.object({
  order_key: z.string().min(1),
  value: z.number().nonnegative(),
  park: z.boolean().optional(),
});

/**
 * AdmissionControl, a singleton (DESIGN §10). It:
 * - keeps at most 50 POs in the pipeline at once;
 * - holds up to 100 more waiting, released highest order value first as others settle;
 * - leases each slot: an alarm takes back a slot whose lease ran out (its release never
 *   came) and lets the next waiting PO in;
 * - refuses beyond that, so intake answers 429 with Retry-After, except a PO asked to `park`
 *   (an EDI set accepted at the envelope), which waits however long the line;
 * - goes on past a waiting PO whose OrderObject fails to start, retrying it later and
 *   dropping it for operations after `MAX_FAILED_STARTS` (see `decideFailedStart`);
 * - counts what it refused, for the dashboard.
 * Its tables' `po_number` columns hold order keys (`orderKey`): the name of each OrderObject.
 */
export class AdmissionControl extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      applyMigrations(ctx.storage, ADMISSION_MIGRATIONS);
      // Slots taken before leases existed get their alarm too, and so are swept if stuck.
      await this.armLeaseAlarm();
    });
  }

  private slots(): PipelineSlot[] {
    return this.ctx.storage.sql
      .exec<{ po_number: string; admitted_at: number }>("SELECT po_number, admitted_at FROM in_flight")
      .toArray();
  }

  /**
   * Sets the alarm for the first lease to run out, or sooner to retry failed starts, unless one
   * is set sooner; clears it when there is neither.
   */
  private async armLeaseAlarm(retryFailedStarts = false): Promise<void> {
    const leaseDue = nextLeaseExpiry(this.slots());
    const retryDue = retryFailedStarts ? Date.now() + FAILED_START_RETRY_MS : null;
    const due = leaseDue === null ? retryDue : retryDue === null ? leaseDue : Math.min(leaseDue, retryDue);
    if (due === null) return this.ctx.storage.deleteAlarm();
    const set = await this.ctx.storage.getAlarm();
    if (set === null || set > due) await this.ctx.storage.setAlarm(due);
  }

  private count(table: "in_flight" | "waiting"): number {
    return this.ctx.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).one().n;
  }

  /** Admits a PO, puts it in the waiting line, or refuses it. Asking again for the same PO answers the same. */
  async admit(input: z.infer<typeof AdmitInput>): Promise<AdmissionDecision> {
    const { order_key: po_number, value, park } = AdmitInput.parse(input);
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT 1 FROM in_flight WHERE po_number = ?", po_number).toArray().length)
      return { decision: "admitted" };
    const queued = sql.exec<{ value: number }>("SELECT value FROM waiting WHERE po_number = ?", po_number).toArray()[0];
    if (queued) {
      const ahead = sql.exec<{ n: number }>("SELECT count(*) AS n FROM waiting WHERE value > ?", queued.value).one().n;
      return { decision: "waiting", position: ahead + 1 };
    }
    const decision = (park ? decideParkedAdmission : decideAdmission)(this.count("in_flight"), this.count("waiting"));
    if (decision.decision === "admitted") {
      sql.exec("INSERT INTO in_flight VALUES (?, ?)", po_number, Date.now());
      await this.armLeaseAlarm();
    } else if (decision.decision === "waiting")
      sql.exec("INSERT INTO waiting (po_number, value, enqueued_at) VALUES (?, ?, ?)", po_number, value, Date.now());
    else sql.exec("INSERT INTO counters VALUES ('rejected', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1");
    return decision;
  }

  /**
   * A PO settled, or its handoff was dead-lettered or abandoned: frees its place (again is
   * harmless) and lets the most valuable waiting POs in. Their OrderObjects are told to start;
   * a failed start puts the PO back in its place in line for a later release or alarm.
   */
  async release(orderKey: string): Promise<string[]> {
    this.ctx.storage.sql.exec("DELETE FROM in_flight WHERE po_number = ?", z.string().parse(orderKey));
    return this.promoteWaiting();
  }

  /**
   * Takes back every slot whose lease ran out, each with an audit row for operations (the
   * order it was held for never settled, or its release was lost), and lets waiting POs in.
   */
  override async alarm(): Promise<void> {
    for (const slot of expiredLeases(this.slots(), Date.now())) {
      const { po_number } = slot;
      const admitted_at = new Date(slot.admitted_at).toISOString();
      this.ctx.storage.sql.exec("DELETE FROM in_flight WHERE po_number = ?", po_number);
      console.warn(JSON.stringify({ msg: "admission lease expired; slot taken back", po_number, admitted_at }));
      await recordAudit(this.env.DB, {
        kind: "admission.lease_expired",
        poNumber: po_number,
        detail: { admitted_at },
      }).catch((err: unknown) =>
        console.warn(JSON.stringify({ msg: "audit of an expired lease failed", po_number, error: String(err) })),
      );
    }
    await this.promoteWaiting();
  }

  /**
   * Lets the most valuable waiting POs into free slots, then re-arms the alarm. A PO whose
   * OrderObject throws on start is passed over for the rest of this pass, so it cannot hold
   * the line up (see `failedStart`).
   */
  private async promoteWaiting(): Promise<string[]> {
    const sql = this.ctx.storage.sql;
    const started: string[] = [];
    const failed: string[] = [];
    while (this.count("in_flight") < MAX_IN_FLIGHT) {
      const next = sql
        .exec<WaitingEntry>(
          "SELECT po_number, value, enqueued_at, failed_starts FROM waiting " +
            "WHERE po_number NOT IN (SELECT value FROM json_each(?)) ORDER BY value DESC, enqueued_at ASC LIMIT 1",
          JSON.stringify(failed),
        )
        .toArray()[0];
      if (!next) break;
      this.ctx.storage.transactionSync(() => {
        sql.exec("DELETE FROM waiting WHERE po_number = ?", next.po_number);
        sql.exec("INSERT OR IGNORE INTO in_flight VALUES (?, ?)", next.po_number, Date.now());
      });
      try {
        // An order no longer waiting (cancelled, or never recorded) gives its place up at once.
        if ((await this.env.ORDER.getByName(next.po_number).startPipeline()).applied) started.push(next.po_number);
        else sql.exec("DELETE FROM in_flight WHERE po_number = ?", next.po_number);
      } catch (err) {
        failed.push(next.po_number);
        await this.failedStart(next, err);
      }
    }
    // Failed starts left in line with a slot free for them are retried by the alarm if no release comes first.
    const retryPending = failed.length > 0 && this.count("in_flight") < MAX_IN_FLIGHT;
    await this.armLeaseAlarm(retryPending);
    return started;
  }

  /**
   * A waiting PO's OrderObject threw on start: its slot is freed, and it goes back in line at
   * its own value and place with the failure counted, or, after `MAX_FAILED_STARTS`, is dropped
   * from the line with an audit row and an error log for operations.
   */
  private async failedStart(entry: WaitingEntry, err: unknown): Promise<void> {
    const sql = this.ctx.storage.sql;
    const { po_number, value, enqueued_at } = entry;
    const outcome = decideFailedStart(entry.failed_starts);
    sql.exec("DELETE FROM in_flight WHERE po_number = ?", po_number);
    if (outcome.action === "retry") {
      sql.exec(
        "INSERT OR IGNORE INTO waiting (po_number, value, enqueued_at, failed_starts) VALUES (?, ?, ?, ?)",
        po_number,
        value,
        enqueued_at,
        outcome.failed_starts,
      );
      console.warn(
        JSON.stringify({
          msg: "could not start a waiting order; kept in line to retry",
          po_number,
          failed_starts: outcome.failed_starts,
          error: String(err),
        }),
      );
      return;
    }
    const detail = {
      failed_starts: outcome.failed_starts,
      value,
      enqueued_at: new Date(enqueued_at).toISOString(),
      error: String(err),
    };
    console.error(
      JSON.stringify({
        msg: "waiting order failed to start too often; dropped from the waiting line",
        po_number,
        ...detail,
      }),
    );
    await recordAudit(this.env.DB, { kind: "admission.start_failed", poNumber: po_number, detail }).catch(
      (auditErr: unknown) =>
        console.error(
          JSON.stringify({ msg: "audit of a dropped waiting order failed", po_number, error: String(auditErr) }),
        ),
    );
  }

  /** Load figures for the dashboard and health check. */
  async snapshot(): Promise<{ in_flight: number; waiting: number; rejected_total: number }> {
    const rejected =
      this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM counters WHERE name = 'rejected'").toArray()[0]
        ?.value ?? 0;
    return { in_flight: this.count("in_flight"), waiting: this.count("waiting"), rejected_total: rejected };
  }
}
