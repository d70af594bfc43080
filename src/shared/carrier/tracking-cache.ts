/**
 * The polling cache of carrier tracking (D1 `carrier_tracking`): what answers while the
 * carrier is unreachable or its breaker is open (DESIGN §10).
 */
import { eq, sql } from "drizzle-orm";
import { database } from "../db/client";
import * as schema from "../db/schema";
import type { TrackingStatus } from "./carrier-client";

/** A cached tracking and when it was last had from the carrier. */
export type CachedTracking = TrackingStatus & { refreshed_at: string };

/** Statuses after which a shipment's tracking no longer changes, so polling it is wasted quota. */
export const FINAL_TRACKING_STATUSES: readonly string[] = ["delivered"];

/**
 * How long a carrier answer stands for lookups that may be served from the cache: repeated
 * lookups of one number within it make no carrier call, so one tenant polling its shipments
 * cannot spend the carrier's quota or trip the shared breaker for everyone.
 */
export const TRACKING_FRESH_MS = 60_000;

/** Whether a cached tracking was had from the carrier less than `freshForMs` before `now`. */
export function isFreshTracking(cached: CachedTracking, now: Date, freshForMs: number): boolean {
  const age = now.getTime() - Date.parse(cached.refreshed_at);
  return age >= 0 && age < freshForMs;
}

/** The cached tracking of a number, or null when it was never had. */
export async function readCachedTracking(db: D1Database, tracking: string): Promise<CachedTracking | null> {
  const row = await database(db)
    .select()
    .from(schema.carrierTracking)
    .where(eq(schema.carrierTracking.tracking, tracking))
    .get();
  if (!row) return null;
  return {
    tracking: row.tracking,
    carrier: row.carrier,
    status: row.status,
    estimated_delivery: row.estimatedDelivery,
    events: row.events,
    refreshed_at: row.refreshedAt,
  };
}

/** Stores what the carrier just answered, replacing the cached row. */
export async function writeCachedTracking(
  db: D1Database,
  status: TrackingStatus,
  refreshedAt: Date,
): Promise<CachedTracking> {
  const values = {
    tracking: status.tracking,
    carrier: status.carrier,
    status: status.status,
    estimatedDelivery: status.estimated_delivery,
    events: status.events,
    refreshedAt: refreshedAt.toISOString(),
  };
  await database(db)
    .insert(schema.carrierTracking)
    .values(values)
    .onConflictDoUpdate({ target: schema.carrierTracking.tracking, set: values });
  return { ...status, refreshed_at: values.refreshedAt };
}

/**
 * Tracking numbers the scheduled refresh should poll: every cached one and every one of our
 * orders (`shipment_index`), never-cached first, then the stalest, so a batch cut short by
 * the breaker is continued where it stopped on the next run. Delivered shipments are left out.
 */
export async function trackingNumbersToRefresh(db: D1Database, limit: number): Promise<string[]> {
  const finals = sql.join(
    FINAL_TRACKING_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const rows = await database(db).all<{ tracking: string }>(sql`
    SELECT tracking FROM (
      SELECT tracking, refreshed_at FROM carrier_tracking WHERE status NOT IN (${finals})
      UNION ALL
      SELECT tracking, NULL AS refreshed_at FROM shipment_index
        WHERE tracking NOT IN (SELECT tracking FROM carrier_tracking)
    )
    ORDER BY refreshed_at IS NOT NULL, refreshed_at, tracking
    LIMIT ${limit}`);
  return rows.map((r) => r.tracking);
}

/** The customer whose order ships under `tracking`, or null when no order of ours does. */
export async function trackingOwner(db: D1Database, tracking: string): Promise<string | null> {
  const row = await database(db)
    .select({ customerId: schema.shipmentIndex.customerId })
    .from(schema.shipmentIndex)
    .where(eq(schema.shipmentIndex.tracking, tracking))
    .get();
  return row?.customerId ?? null;
}
