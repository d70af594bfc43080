import { and, eq, isNull } from "drizzle-orm";
import { deleteOlderThan } from "./d1-limits";
import type { IdempotencyRecord } from "../idempotency";
import { database } from "./client";
import * as schema from "./schema";

const t = schema.idempotencyKeys;
const byKey = (principalId: string, key: string) => and(eq(t.principalId, principalId), eq(t.key, key));
/** A reservation still held by the request that made it (its hold is its ownership token). */
const heldBy = (principalId: string, key: string, lockedUntil: string) =>
  and(byKey(principalId, key), isNull(t.status), eq(t.lockedUntil, lockedUntil));

/** How a reservation attempt went: the key is ours until `lockedUntil`, or it was already stored. */
export type Reservation = { reserved: true; lockedUntil: string } | { reserved: false; record: IdempotencyRecord };

/**
 * Reserves a key for a request about to run: one INSERT that wins or loses atomically, so of
 * concurrent requests with one key exactly one runs. A loser reads what the winner stored.
 */
export async function reserveIdempotencyKey(
  db: D1Database,
  principalId: string,
  key: string,
  bodyHash: string,
  lockedUntil: string,
): Promise<Reservation> {
  const d = database(db);
  // Twice at most: a reservation released between our INSERT and our read leaves the key free.
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await d
      .insert(t)
      .values({
        principalId,
        key,
        bodyHash,
        status: null,
        response: null,
        lockedUntil,
        createdAt: new Date().toISOString(),
      })
      .onConflictDoNothing()
      .returning({ key: t.key })
      .all();
    if (inserted.length > 0) return { reserved: true, lockedUntil };
    const row = await d.select().from(t).where(byKey(principalId, key)).get();
    if (row)
      return {
        reserved: false,
        record: { bodyHash: row.bodyHash, status: row.status, response: row.response, lockedUntil: row.lockedUntil },
      };
  }
  throw new Error(`idempotency key ${key} keeps being released under us`);
}

/**
 * Takes over a reservation whose request never finished, if nobody else did first: the UPDATE
 * matches only the stale hold that was read.
 */
export async function takeOverIdempotencyKey(
  db: D1Database,
  principalId: string,
  key: string,
  staleHold: string | null,
  bodyHash: string,
  lockedUntil: string,
): Promise<boolean> {
  const stale = staleHold === null ? isNull(t.lockedUntil) : eq(t.lockedUntil, staleHold);
  const result = await database(db)
    .update(t)
    .set({ bodyHash, lockedUntil, createdAt: new Date().toISOString() })
    .where(and(byKey(principalId, key), isNull(t.status), stale))
    .run();
  return (result.meta.changes ?? 0) > 0;
}

/** Stores the answer of the request holding the reservation, for replays. */
export async function completeIdempotencyKey(
  db: D1Database,
  principalId: string,
  key: string,
  lockedUntil: string,
  answer: { status: number; response: string },
): Promise<void> {
  await database(db)
    .update(t)
    .set({ ...answer, lockedUntil: null })
    .where(heldBy(principalId, key, lockedUntil))
    .run();
}

/** Frees a reservation whose request failed with no answer to keep, so the key can be used again. */
export async function releaseIdempotencyKey(
  db: D1Database,
  principalId: string,
  key: string,
  lockedUntil: string,
): Promise<void> {
  await database(db)
    .delete(t)
    .where(heldBy(principalId, key, lockedUntil))
    .run();
}

/** Deletes stored `Idempotency-Key` answers created before `cutoff` (an ISO instant). */
export function purgeIdempotencyKeysBefore(db: D1Database, cutoff: string, maxStatements: number): Promise<number> {
  return deleteOlderThan(db, { table: "idempotency_keys", column: "created_at" }, cutoff, maxStatements);
}
