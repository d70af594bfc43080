import { purgeAuditBefore } from "./audit-repository";
import { purgeIdempotencyKeysBefore } from "./idempotency-repository";
import { purgeRollupsBefore } from "./span-rollups";
import { purgeSpansBefore } from "./spans-repository";
import { purgeWebhookIdsBefore } from "./webhook-repository";

const DAY_MS = 86_400_000;

/**
 * How long D1 keeps operational records; the cron (every 5 minutes) deletes what is older.
 * - Spans: 30 days of traces for debugging and the dashboard; cost lives in the cost ledger. Their
 *   rollups go with them: a window never reaches further back.
 * - Audit rows: 400 days, a year's audit cycle with a month to spare (raw EDI, quarantined
 *   originals, refusals). Orders' own event logs live in their Durable Objects, not here.
 * - Webhook ids: 30 days. Standard Webhooks senders retry one id for days with fresh
 *   timestamps, so an id is remembered well past any retry schedule; older deliveries are
 *   refused by the 5-minute timestamp check anyway.
 * - Idempotency keys: 7 days, past any client's retry of one request (Stripe keeps 24 hours).
 */
export const RETENTION_DAYS = { spans: 30, audit: 400, webhookIds: 30, idempotencyKeys: 7 } as const;

/**
 * DELETE statements one purge may run per kind of record (each removes up to 1,000 rows): 6 tables
 * x 25 = 150 of the invocation's 1,000 D1 queries, shared with the cron's other work; a backlog
 * beyond 25,000 rows of a kind is worked off over the following runs.
 */
const RETENTION_STATEMENTS_PER_KIND = 25;

/** Rows deleted by one retention purge, per kind. */
export interface RetentionPurge {
  spans: number;
  span_rollups: number;
  audit: number;
  webhook_ids: number;
  idempotency_keys: number;
}

/** Deletes spans, audit rows, webhook ids and idempotency keys past their retention at `now`. */
export async function purgeExpiredRecords(db: D1Database, now: Date): Promise<RetentionPurge> {
  const before = (days: number) => now.getTime() - days * DAY_MS;
  const iso = (days: number) => new Date(before(days)).toISOString();
  const n = RETENTION_STATEMENTS_PER_KIND;
  return {
    spans: await purgeSpansBefore(db, before(RETENTION_DAYS.spans), n),
    span_rollups: await purgeRollupsBefore(db, before(RETENTION_DAYS.spans), n),
    audit: await purgeAuditBefore(db, iso(RETENTION_DAYS.audit), n),
    webhook_ids: await purgeWebhookIdsBefore(db, iso(RETENTION_DAYS.webhookIds), n),
    idempotency_keys: await purgeIdempotencyKeysBefore(db, iso(RETENTION_DAYS.idempotencyKeys), n),
  };
}
